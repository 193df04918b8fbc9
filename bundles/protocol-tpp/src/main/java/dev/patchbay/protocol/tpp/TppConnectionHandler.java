package dev.patchbay.protocol.tpp;

import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.support.ConnectionFailure;
import dev.patchbay.support.Deadline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TPP connection: waits for its single request frame (at most {@code requestTimeout}),
 * stops reading, and hands the request to the {@link TppRequestProcessor}, which moves to a
 * worker what may block. Frame errors get a code-1 reply and close this connection only.
 */
final class TppConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TppConnectionHandler.class);

    private final TppRequestProcessor processor;
    private final Executor workers;
    private final Duration writeTimeout;
    private boolean requestReceived;

    TppConnectionHandler(TppRequestProcessor processor, Executor workers, Duration writeTimeout) {
        this.processor = processor;
        this.workers = workers;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (requestReceived) {
            // One request per connection, as in the reference: later frames are never answered.
            ReferenceCountUtil.release(msg);
            return;
        }
        requestReceived = true;
        Deadline.met(ctx.pipeline());
        ctx.channel().config().setAutoRead(false);
        byte[] payload;
        try {
            payload = ByteBufUtil.getBytes((ByteBuf) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        processor.process(payload, new ChannelReplies(ctx.channel(), writeTimeout), workers);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailure failure = ConnectionFailure.of(cause);
        if (failure.kind() == ConnectionFailure.Kind.BAD_INPUT) {
            closeWithError(ctx, failure.reason()); // answered with code 1, as the reference
        } else {
            failure.log(LOG, "connection " + id(ctx) + " from " + ctx.channel().remoteAddress(), cause);
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (!requestReceived) {
                // The input ended inside a frame (the framing made an empty frame of an end
                // before any byte): the connection is lost, as the spec wants, no reply.
                requestReceived = true;
                Deadline.met(ctx.pipeline());
                LOG.debug("connection {} from {}: input ended inside a frame", id(ctx), ctx.channel().remoteAddress());
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Answers code 1 with the reason and closes (a bad frame, or no request in time: see {@link Deadline}). */
    void closeWithError(ChannelHandlerContext ctx, String reason) {
        requestReceived = true;
        LOG.info("connection {} from {}: closing, {}", id(ctx), ctx.channel().remoteAddress(), reason);
        processor.counts().count(TppRequestCounts.NONE, 1);
        new ChannelReplies(ctx.channel(), writeTimeout).sendAndClose(TppReply.error(1, reason));
    }

    private static String id(ChannelHandlerContext ctx) {
        return ctx.channel().id().asShortText();
    }
}
