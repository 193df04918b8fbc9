package dev.patchbay.support;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a warning about something a peer can repeat at will (a refused connection, a refused
 * message) be logged at most once per interval, with the number of occurrences since the last
 * line: a flood must not flood the log as well. Thread safe, lock free.
 *
 * <pre>{@code
 * long count = refusals.occurred(System.nanoTime());
 * if (count > 0) LOG.warn("refused {} connection(s), the last from {}", count, address);
 * }</pre>
 */
public final class LogThrottle {

    private static final long NEVER = Long.MIN_VALUE;

    private final long intervalNanos;
    private final AtomicLong sinceLastLine = new AtomicLong();
    private final AtomicLong lastLineNanos = new AtomicLong(NEVER);

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Counts one occurrence.
     *
     * @return how many occurrences the caller should report now (this one included), or 0 if it
     *         should not log
     */
    public long occurred(long nowNanos) {
        long pending = sinceLastLine.incrementAndGet();
        long last = lastLineNanos.get();
        if ((last == NEVER || nowNanos - last >= intervalNanos) && lastLineNanos.compareAndSet(last, nowNanos)) {
            sinceLastLine.addAndGet(-pending);
            return pending;
        }
        return 0;
    }
}
