package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.Test;

/** The outbox on an {@link EmbeddedChannel}: its byte bound and how many flushes (socket writes) it makes. */
public class OutboxTest {

    /** Counts flushes on their way to the socket. */
    private static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    private static int framesWritten(EmbeddedChannel channel) {
        int frames = 0;
        ByteBuf written;
        while ((written = channel.readOutbound()) != null) {
            written.release();
            frames++;
        }
        return frames;
    }

    @Test
    public void framesQueuedTogetherGoOutInOneFlush() {
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel channel = new EmbeddedChannel(counter);
        Outbox outbox = new Outbox(channel, 1 << 20, false);
        for (int i = 0; i < 10; i++) {
            assertTrue(outbox.offer(new byte[] {(byte) i}));
        }
        channel.runPendingTasks();
        assertEquals(10, framesWritten(channel));
        assertEquals(1, counter.flushes);
    }

    @Test
    public void aFrameBeyondTheByteBoundIsRefusedAndNothingIsQueuedForIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        Outbox outbox = new Outbox(null, 10, true);
        outbox.attach(channel);
        assertTrue(outbox.offer(new byte[6]));
        assertFalse(outbox.offer(new byte[6]));
        assertEquals(1, outbox.pendingFrames());
        outbox.resume();
        channel.runPendingTasks();
        assertEquals(1, framesWritten(channel));
        assertEquals(0, outbox.pendingFrames());
    }
}
