package dev.patchbay.nucos;

import dev.patchbay.nucos.wire.NucosCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pings one connection has sent and not seen answered, oldest first. A pong answers the
 * oldest; an unexpected pong is ignored (nucosMQ blocks a thread for 10 s on one). Touched on
 * the channel's event loop only.
 */
final class Pings {

    private static final byte[] PING = NucosCodec.encode("ping", "");

    private record Pending(long sentNanos, CompletableFuture<Duration> roundTrip) {
    }

    private final Channel channel;
    private final Deque<Pending> pending = new ArrayDeque<>();

    Pings(Channel channel) {
        this.channel = channel;
    }

    /** Sends a ping; the stage completes with the round trip, or fails after {@code timeout}. */
    CompletionStage<Duration> ping(Duration timeout) {
        CompletableFuture<Duration> roundTrip = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                roundTrip.completeExceptionally(new IllegalStateException("not connected"));
                return;
            }
            Pending ping = new Pending(System.nanoTime(), roundTrip);
            pending.addLast(ping);
            channel.writeAndFlush(Unpooled.wrappedBuffer(PING), channel.voidPromise());
            channel.eventLoop().schedule(() -> {
                if (pending.remove(ping)) {
                    roundTrip.completeExceptionally(new TimeoutException("no pong within " + timeout.toMillis() + " ms"));
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        });
        return roundTrip;
    }

    void pongReceived() {
        Pending oldest = pending.pollFirst();
        if (oldest != null) {
            oldest.roundTrip.complete(Duration.ofNanos(System.nanoTime() - oldest.sentNanos));
        }
    }

    void failAll() {
        for (Pending ping; (ping = pending.pollFirst()) != null; ) {
            ping.roundTrip.completeExceptionally(new IllegalStateException("connection closed"));
        }
    }
}
