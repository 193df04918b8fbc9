package dev.patchbay.support;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;

/** What a connection timeout does: the protocol closes its way (an error reply, a logged reason). */
@FunctionalInterface
public interface Expiry {

    /** @param reason what did not happen in time, for the log ("no identification within 5000 ms") */
    void expired(ChannelHandlerContext ctx, String reason);

    /** Logs the reason at info, naming the connection, and closes it. */
    static Expiry logAndClose(Logger log, String protocol) {
        return (ctx, reason) -> {
            log.info("{} connection {} from {}: closing: {}", protocol, ctx.channel().id().asShortText(),
                    ctx.channel().remoteAddress(), reason);
            ctx.close();
        };
    }
}
