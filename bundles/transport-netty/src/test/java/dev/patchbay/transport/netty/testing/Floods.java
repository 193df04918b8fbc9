package dev.patchbay.transport.netty.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A peer that sends without reading, for the protocols' backpressure tests (shipped in this
 * module's test jar). Tests measure what the node read and queued, never how long it took.
 */
public final class Floods {

    private Floods() {
    }

    /**
     * Writes {@code prefix} once, then {@code chunk} again and again, from a daemon thread, until
     * {@code bytes} are written or the socket is closed; reads nothing. A small receive buffer
     * keeps the replies in the node rather than in this side's kernel.
     */
    public static void sendWithoutReading(Socket socket, byte[] prefix, byte[] chunk, long bytes) throws IOException {
        socket.setReceiveBufferSize(4096);
        Thread writer = new Thread(() -> {
            try (OutputStream out = socket.getOutputStream()) {
                out.write(prefix);
                for (long sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk);
                }
            } catch (IOException closed) {
                // closed by the test or by the node
            }
        }, "flood");
        writer.setDaemon(true);
        writer.start();
    }

    /** Waits until {@code counter} has not moved for half a second (at most 20 s); its last value. */
    public static long settled(LongSupplier counter) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long last = -1;
        for (int steady = 0; steady < 5 && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            long now = counter.getAsLong();
            steady = now == last ? steady + 1 : 0;
            last = now;
        }
        return last;
    }
}
