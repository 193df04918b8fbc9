package dev.patchbay.support;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Finds dead peers on quiet connections: after {@code interval} without anything read it writes a
 * ping, and if nothing at all is read within {@code wait} after it (the pong, or anything else the
 * peer says), the connection is closed. What counts as read is what reaches it: after the frame
 * decoder (where snakeMQ has it) a whole frame, before it any bytes.
 */
public final class KeepAlive extends IdleStateHandler {

    private final Function<ByteBufAllocator, Object> ping;
    private final Duration wait;
    private final Expiry expiry;
    /** A ping is out and nothing was read since; event loop only. */
    private boolean awaitingAnswer;

    /** @param ping makes the protocol's ping message */
    public KeepAlive(Duration interval, Duration wait, Function<ByteBufAllocator, Object> ping, Expiry expiry) {
        super(interval.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
        this.ping = ping;
        this.wait = wait;
        this.expiry = expiry;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        awaitingAnswer = false;
        super.channelRead(ctx, msg);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (awaitingAnswer || !ctx.channel().isActive()) {
            return;
        }
        awaitingAnswer = true;
        ctx.writeAndFlush(ping.apply(ctx.alloc()), ctx.voidPromise());
        ctx.executor().schedule(() -> {
            if (awaitingAnswer && ctx.channel().isActive()) {
                expiry.expired(ctx, "no answer to a keep-alive ping within " + wait.toMillis() + " ms");
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }
}
