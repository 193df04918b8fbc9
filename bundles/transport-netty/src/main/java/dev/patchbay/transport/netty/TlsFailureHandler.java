package dev.patchbay.transport.netty;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a failed TLS handshake or a TLS record error once, with the connection, and closes the
 * connection; the protocol handlers after it never see TLS errors. Other exceptions pass on.
 */
@Sharable
final class TlsFailureHandler extends ChannelInboundHandlerAdapter {

    static final TlsFailureHandler INSTANCE = new TlsFailureHandler();
    private static final Logger LOG = LoggerFactory.getLogger(TlsFailureHandler.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable tls = cause instanceof SSLException ? cause : cause.getCause();
        if (tls instanceof SSLException) {
            LOG.info("connection {} from {}: TLS failed, closing: {}",
                    ctx.channel().id().asShortText(), ctx.channel().remoteAddress(), tls.getMessage());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
