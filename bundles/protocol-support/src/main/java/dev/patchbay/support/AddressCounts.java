package dev.patchbay.support;

import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of something (open connections, logins in progress) each remote address holds now,
 * for limits per address. An address has an entry only while its count is above zero, so the
 * table is no larger than the number of things counted. Thread safe.
 */
public final class AddressCounts {

    private final Map<InetAddress, AtomicInteger> counts = new ConcurrentHashMap<>();

    /**
     * Counts one more for {@code address} unless it holds {@code limit} already.
     *
     * @return whether it was counted; if so, {@link #release} it later
     */
    public boolean tryAcquire(InetAddress address, int limit) {
        AtomicInteger count = counts.compute(address, (key, existing) -> {
            AtomicInteger counter = existing == null ? new AtomicInteger() : existing;
            counter.incrementAndGet();
            return counter;
        });
        if (count.get() > limit) {
            release(address);
            return false;
        }
        return true;
    }

    /** Counts one less for {@code address}. */
    public void release(InetAddress address) {
        counts.computeIfPresent(address, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Addresses holding at least one now. */
    public int addresses() {
        return counts.size();
    }
}
