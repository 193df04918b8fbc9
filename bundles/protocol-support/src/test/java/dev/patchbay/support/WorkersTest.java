package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class WorkersTest {

    @Test
    public void threadsAreNamedAndDaemon() {
        Thread numbered = Workers.named("pool", true).newThread(() -> { });
        Thread single = Workers.named("timer", false).newThread(() -> { });
        assertEquals("pool-1", numbered.getName());
        assertEquals("timer", single.getName());
        assertTrue(numbered.isDaemon() && single.isDaemon());
    }

    @Test
    public void aFullPoolRefusesInsteadOfQueuingWithoutBound() throws Exception {
        ThreadPoolExecutor pool = Workers.boundedPool("test", 1, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            pool.execute(() -> await(release)); // runs
            pool.execute(() -> await(release)); // waits in the one place of the queue
            assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { }));
        } finally {
            release.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
