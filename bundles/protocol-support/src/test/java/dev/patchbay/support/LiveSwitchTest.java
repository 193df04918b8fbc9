package dev.patchbay.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

public class LiveSwitchTest {

    /** Records what the handover saw, and which service calls found at that moment. */
    private final List<String> steps = new CopyOnWriteArrayList<>();
    private final LiveSwitch<String> services = new LiveSwitch<>();
    private final LiveSwitch.Handover<String> recorder = new LiveSwitch.Handover<>() {
        @Override
        public void prepare(String old, String next) {
            steps.add("prepare " + old + "->" + next + " while " + services.current() + " serves");
        }

        @Override
        public void finish(String old, String next) {
            steps.add("finish " + old + "->" + next + " while " + services.current() + " serves");
        }
    };

    private void use(String next) {
        services.use(next, recorder);
    }

    @Test
    public void aSwitchPreparesTheNextWhileTheOldServesAndFinishesAfter() {
        use("a");
        use("b");
        use("b"); // already current: nothing
        assertEquals(List.of("prepare null->a while null serves", "finish null->a while a serves",
                "prepare a->b while a serves", "finish a->b while b serves"), steps);
    }

    @Test
    public void theOldServiceIsRememberedAcrossAGap() {
        use("a");
        assertFalse("not current: nothing", services.forget("other"));
        assertEquals("a", services.current());
        assertTrue(services.forget("a"));
        assertNull(services.current());
        assertFalse("forgotten already", services.forget("a"));
        steps.clear();
        use("b");
        assertEquals(List.of("prepare a->b while null serves", "finish a->b while b serves"), steps);
    }

    @Test
    public void theOneBeforeAGapComingBackHasNothingToTakeOver() {
        use("a");
        services.forget("a");
        steps.clear();
        use("a");
        assertEquals(List.of("prepare null->a while null serves", "finish null->a while a serves"), steps);
    }

    @Test
    public void callsWithoutAServiceGetTheGivenFailure() {
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> services.with(s -> s, () -> new IllegalStateException("no store")));
        assertEquals("no store", none.getMessage());
        use("a");
        assertEquals("A", services.with(String::toUpperCase, IllegalStateException::new));
    }

    @Test
    public void aSwitchWaitsForTheCallsHoldingTheOldService() throws Exception {
        use("a");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> services.with(s -> {
            holding.countDown();
            await(release);
            return s;
        }, IllegalStateException::new));
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> switching = CompletableFuture.runAsync(() -> use("b"));
        // the switch cannot replace "a" while the call holds it; it gets as far as prepare
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (steps.size() < 3 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertEquals("prepare a->b while a serves", steps.get(2));
        assertFalse(switching.isDone());
        assertEquals("a", services.current());
        release.countDown();
        assertEquals("a", call.get(10, TimeUnit.SECONDS));
        switching.get(10, TimeUnit.SECONDS);
        assertEquals("b", services.current());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
