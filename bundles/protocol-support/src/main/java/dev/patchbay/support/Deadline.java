package dev.patchbay.support;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A point a new connection must reach in time (its peer identifies itself, sends its request,
 * logs in), or it is closed: a silent connection costs a file descriptor and a slot of the
 * connection caps. The protocol handler calls {@link #met} once the point is reached. One per
 * pipeline.
 */
public final class Deadline extends ChannelInboundHandlerAdapter {

    private final Duration within;
    private final String what;
    private final Expiry expiry;
    private ScheduledFuture<?> timer;

    /** @param what what must come, for the reason ("identification" gives "no identification within 5000 ms") */
    public Deadline(Duration within, String what, Expiry expiry) {
        this.within = within;
        this.what = what;
        this.expiry = expiry;
    }

    /** The connection reached the point: its deadline is off. Nothing if it has none (any more). */
    public static void met(ChannelPipeline pipeline) {
        Deadline deadline = pipeline.get(Deadline.class);
        if (deadline != null) {
            pipeline.remove(deadline);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                if (ctx.channel().isActive()) {
                    expiry.expired(ctx, "no " + what + " within " + within.toMillis() + " ms");
                }
            }, within.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
