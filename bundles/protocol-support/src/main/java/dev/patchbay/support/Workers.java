package dev.patchbay.support;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work that must leave the I/O threads: named (so a thread dump says whose they
 * are), daemon (so that a stuck one never holds the JVM open), and pools with a bounded queue,
 * whose {@code execute} throws {@link java.util.concurrent.RejectedExecutionException} when full
 * so that the caller answers "busy" instead of letting work pile up.
 */
public final class Workers {

    private Workers() {
    }

    /** Daemon threads named {@code name} if {@code numbered} is false, else {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, numbered ? name + "-" + number.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * A pool of {@code coreThreads} to {@code maxThreads} (idle ones end after 30 s) with room for
     * {@code queued} tasks; threads named {@code name-N}.
     */
    public static ThreadPoolExecutor boundedPool(String name, int coreThreads, int maxThreads, int queued) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(coreThreads, maxThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queued), named(name, true));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
