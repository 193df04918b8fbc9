package dev.patchbay.support;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Closes a connection that was idle for too long: nothing read ({@link IdleState#READER_IDLE}) or nothing either way. */
public final class IdleClose extends IdleStateHandler {

    private final long millis;
    private final Expiry expiry;

    /** @param idle {@link IdleState#READER_IDLE} or {@link IdleState#ALL_IDLE} */
    public IdleClose(Duration after, IdleState idle, Expiry expiry) {
        super(idle == IdleState.READER_IDLE ? after.toMillis() : 0, 0, idle == IdleState.ALL_IDLE ? after.toMillis() : 0,
                TimeUnit.MILLISECONDS);
        if (idle == IdleState.WRITER_IDLE) {
            throw new IllegalArgumentException("a connection that only reads is not idle");
        }
        this.millis = after.toMillis();
        this.expiry = expiry;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (ctx.channel().isActive()) {
            expiry.expired(ctx, "idle for " + millis + " ms");
        }
    }
}
