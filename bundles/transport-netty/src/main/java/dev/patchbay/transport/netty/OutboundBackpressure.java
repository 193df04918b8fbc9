package dev.patchbay.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops reading from a peer while the bytes queued for it are above the high-water mark, and
 * closes a peer that takes none of them for the stall timeout. Every protocol answers what it
 * reads (a PONG per PING, a response per pipelined request): a peer that sends without reading
 * would otherwise make us queue replies until the heap is gone. With reading paused, what is
 * queued is bounded by the mark plus the replies to the one read that crossed it.
 *
 * <p>A protocol handler may pause reading for reasons of its own. This handler resumes only
 * reads that it paused itself; a handler that resumes while the channel is unwritable gets at
 * most one read before this one pauses again. Progress is what left the outbound buffer for the
 * socket (bytes written here minus bytes still queued), so a throttled link that drains slowly is
 * not taken for a stalled one. One instance per connection, at the head of the pipeline (it sees
 * the bytes as they enter the socket's buffer), event loop only.
 */
final class OutboundBackpressure extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundBackpressure.class);

    private final Duration stallTimeout;
    private boolean pausedReading;
    private ScheduledFuture<?> stallCheck;
    /** Bytes handed to the socket's outbound buffer since the connection opened. */
    private long written;
    private long sentAtLastCheck;
    private long queuedAtLastCheck;

    OutboundBackpressure(Duration stallTimeout) {
        this.stallTimeout = stallTimeout;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!ctx.channel().isWritable()) {
            pause(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buffer) {
            written += buffer.readableBytes();
        } else if (msg instanceof ByteBufHolder holder) {
            written += holder.content().readableBytes();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            if (pausedReading) {
                pausedReading = false;
                ctx.channel().config().setAutoRead(true);
            }
        } else {
            pause(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void pause(ChannelHandlerContext ctx) {
        Channel channel = ctx.channel();
        if (channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
            pausedReading = true;
        }
        if (stallCheck == null && !stallTimeout.isZero()) {
            sentAtLastCheck = sent(channel);
            queuedAtLastCheck = queuedBytes(channel);
            stallCheck = ctx.executor().schedule(() -> checkStall(ctx), stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void checkStall(ChannelHandlerContext ctx) {
        stallCheck = null;
        Channel channel = ctx.channel();
        if (!channel.isActive() || channel.isWritable()) {
            return;
        }
        // Netty counts ~100 bytes of bookkeeping per queued write, so new small writes can hide
        // progress in one measure; stalled means neither moved.
        if (sent(channel) <= sentAtLastCheck && queuedBytes(channel) >= queuedAtLastCheck) {
            LOG.info("closing {}: the peer took none of the {} bytes queued for it in {} ms", channel,
                    queuedBytes(channel), stallTimeout.toMillis());
            channel.close();
            return;
        }
        // Slow (a throttled link, a far peer) but moving: look again later.
        pause(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
        ctx.fireChannelInactive();
    }

    private long sent(Channel channel) {
        return written - queuedBytes(channel);
    }

    static long queuedBytes(Channel channel) {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }
}
