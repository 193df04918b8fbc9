package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class RedialTest {

    @Test
    public void failuresDoubleTheWaitAndAConnectionResetsIt() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<Void> ended = new CompletableFuture<>();
            CompletableFuture<Void> thirdAttempt = new CompletableFuture<>();
            Redial redial = new Redial(() -> {
                int attempt = attempts.incrementAndGet();
                if (attempt < 3) {
                    return CompletableFuture.failedFuture(new java.io.IOException("refused"));
                }
                thirdAttempt.complete(null);
                CompletionStage<?> connection = ended;
                return CompletableFuture.completedFuture(connection);
            }, Duration.ofMillis(1), Duration.ofMillis(3), scheduler, failure -> { }).start();
            thirdAttempt.get(5, TimeUnit.SECONDS);
            // the dial completed inside the third attempt; Redial counts the connection just after
            long counted = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (redial.connections() == 0 && System.nanoTime() < counted) {
                Thread.sleep(1);
            }
            assertEquals(1, redial.connections());
            assertEquals("reset by the connection", Duration.ofMillis(1), redial.nextDelay());
            ended.complete(null); // the connection ends: a fourth attempt follows
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (attempts.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(attempts.get() >= 4);
            redial.close();
            int after = attempts.get();
            Thread.sleep(50);
            assertTrue("no attempt after close, except one already scheduled", attempts.get() <= after + 1);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
