package dev.patchbay.support;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** Deadline, IdleClose and KeepAlive on an EmbeddedChannel whose clock the test moves. */
public class ConnectionTimersTest {

    private final List<String> reasons = new ArrayList<>();
    private final Expiry close = (ctx, reason) -> {
        reasons.add(reason);
        ctx.close();
    };

    /** An open connection whose clock stands still but for {@link #later}; the handler starts on it. */
    private static EmbeddedChannel connection(io.netty.channel.ChannelHandler handler) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(handler);
        return channel;
    }

    private static void later(EmbeddedChannel channel, long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
    }

    @Test
    public void aDeadlineClosesAConnectionThatDidNotGetThereInTime() {
        EmbeddedChannel channel = connection(new Deadline(Duration.ofMillis(500), "identification", close));
        later(channel, 499);
        assertTrue(channel.isActive());
        later(channel, 2);
        assertFalse(channel.isActive());
        assertEquals(List.of("no identification within 500 ms"), reasons);
    }

    @Test
    public void aDeadlineMetIsOff() {
        EmbeddedChannel channel = connection(new Deadline(Duration.ofMillis(500), "identification", close));
        later(channel, 100);
        Deadline.met(channel.pipeline());
        Deadline.met(channel.pipeline()); // twice: nothing
        assertNull(channel.pipeline().get(Deadline.class));
        later(channel, 1000);
        assertTrue(channel.isActive());
        assertEquals(List.of(), reasons);
    }

    @Test
    public void idleCloseCountsReadsOnlyWhenAskedTo() {
        EmbeddedChannel channel = connection(new IdleClose(Duration.ofMillis(1000), IdleState.READER_IDLE, close));
        later(channel, 600);
        channel.writeInbound(bytes("hello"));
        later(channel, 600);
        assertTrue("read 600 ms ago", channel.isActive());
        channel.writeOutbound(bytes("writing does not count"));
        later(channel, 500);
        assertFalse(channel.isActive());
        assertEquals(List.of("idle for 1000 ms"), reasons);
    }

    @Test
    public void keepAlivePingsAQuietPeerAndClosesOnlyIfItStaysSilent() {
        EmbeddedChannel channel = connection(new KeepAlive(Duration.ofMillis(1000), Duration.ofMillis(300),
                alloc -> bytes("PING"), close));
        later(channel, 1001);
        ByteBuf ping = channel.readOutbound();
        assertEquals("PING", ping.toString(US_ASCII));
        ping.release();
        channel.writeInbound(bytes("PONG"));
        ((ByteBuf) channel.readInbound()).release();
        later(channel, 300);
        assertTrue("answered", channel.isActive());
        later(channel, 1000); // quiet again: another ping, this time unanswered
        ((ByteBuf) channel.readOutbound()).release();
        later(channel, 301);
        assertFalse(channel.isActive());
        assertEquals(List.of("no answer to a keep-alive ping within 300 ms"), reasons);
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, US_ASCII);
    }
}
