package dev.patchbay.support;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection's outbound queue of encoded frames, for protocols that send to a peer from any
 * thread (a room's fan-out). Any thread may offer; the channel's event loop writes them in
 * batches with one flush, and stops while the channel is not writable, so a slow reader costs at
 * most {@code maxBytes} here plus Netty's own watermark. In the channel's pipeline (the protocol
 * handler adds it before itself) it drains again when the channel becomes writable, and forgets
 * what is queued when the channel closes.
 *
 * <p>Offering never blocks. When a frame does not fit, the outbox says so and the owner applies
 * its slow-consumer policy (drop and count, or disconnect).
 */
public final class Outbox extends ChannelInboundHandlerAdapter {

    /** Frames written per event-loop task before yielding to other channels. */
    private static final int BATCH = 512;

    private volatile Channel channel;
    private final long maxBytes;
    private final Queue<byte[]> frames = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean paused;

    /**
     * @param channel the connection, or {@code null} for one not made yet: frames are then held
     *                until {@link #attach} and {@link #resume}
     */
    public Outbox(Channel channel, long maxBytes, boolean paused) {
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.paused = paused || channel == null;
    }

    public void attach(Channel connection) {
        this.channel = connection;
    }

    /** @return {@code false} if the frame does not fit (nothing is queued then) */
    public boolean offer(byte[] frame) {
        if (queuedBytes.addAndGet(frame.length) > maxBytes) {
            queuedBytes.addAndGet(-frame.length);
            return false;
        }
        frames.add(frame);
        queuedFrames.incrementAndGet();
        scheduleDrain();
        return true;
    }

    /** Starts writing what was queued while paused (a client queues sends until it has logged in). */
    public void resume() {
        paused = false;
        scheduleDrain();
    }

    public int pendingFrames() {
        return queuedFrames.get();
    }

    private void scheduleDrain() {
        if (!paused && drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                drainScheduled.set(false); // the transport is shutting down; nothing will be written
            }
        }
    }

    /** On the event loop; also called when the channel becomes writable again. */
    public void drain() {
        drainScheduled.set(false);
        Channel channel = this.channel;
        if (paused || !channel.isActive()) {
            return;
        }
        int count = 0;
        byte[] frame;
        while (count < BATCH && channel.isWritable() && (frame = frames.poll()) != null) {
            queuedBytes.addAndGet(-frame.length);
            queuedFrames.decrementAndGet();
            channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
            count++;
        }
        if (count > 0) {
            channel.flush();
        }
        if (count == BATCH && !frames.isEmpty()) {
            scheduleDrain();
        }
    }

    /** On the event loop, before a close: hands everything queued to Netty, writable or not. */
    public void drainAll() {
        Channel channel = this.channel;
        byte[] frame;
        while ((frame = frames.poll()) != null) {
            queuedBytes.addAndGet(-frame.length);
            queuedFrames.decrementAndGet();
            channel.write(Unpooled.wrappedBuffer(frame), channel.voidPromise());
        }
        channel.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        clear();
        ctx.fireChannelInactive();
    }

    /** Forgets what is queued, as the connection closes. */
    public void clear() {
        frames.clear();
        queuedBytes.set(0);
        queuedFrames.set(0);
    }
}
