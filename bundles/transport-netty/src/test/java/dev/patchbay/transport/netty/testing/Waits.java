package dev.patchbay.transport.netty.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for what another thread or the network does, for tests (shipped in this module's test jar). */
public final class Waits {

    private Waits() {
    }

    /** Waits until {@code condition} holds; fails after 20 s. */
    public static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
