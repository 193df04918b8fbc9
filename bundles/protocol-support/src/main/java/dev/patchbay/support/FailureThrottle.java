package dev.patchbay.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failures per remote IP address (wrong tokens, failed logins) as a token bucket: an address may
 * fail {@code burst} times at once and then once per refill interval. While its bucket is empty
 * the caller refuses its next attempt without doing the expensive or guessable part (a bcrypt
 * check, a login), so one host cannot turn its failures into work for the node or into a
 * guessing rate. Only the most recently failing addresses are kept ({@code maxAddresses}), so the
 * table is bounded whatever the network sends. Thread safe.
 */
public final class FailureThrottle {

    private final int burst;
    private final long refillNanos;
    private final Map<String, Bucket> byAddress;

    /** Failures an address may still have, refilled over time. */
    private static final class Bucket {
        double left;
        long updatedNanos;
    }

    /**
     * @param burst        failures an address may have at once
     * @param refillNanos  time in which one more failure is allowed again
     * @param maxAddresses addresses remembered; the least recently failing one is forgotten first
     */
    public FailureThrottle(int burst, long refillNanos, int maxAddresses) {
        if (burst < 1 || refillNanos < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("burst, refill time and addresses must be positive");
        }
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.byAddress = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Whether {@code remoteAddress} (any form {@link RemoteAddresses#ip} reads) may try now. */
    public synchronized boolean mayTry(String remoteAddress, long nowNanos) {
        Bucket bucket = byAddress.get(RemoteAddresses.ip(remoteAddress));
        return bucket == null || refill(bucket, nowNanos) >= 1;
    }

    /** Counts a failure of {@code remoteAddress}. */
    public synchronized void failed(String remoteAddress, long nowNanos) {
        Bucket bucket = byAddress.computeIfAbsent(RemoteAddresses.ip(remoteAddress), key -> {
            Bucket fresh = new Bucket();
            fresh.left = burst;
            fresh.updatedNanos = nowNanos;
            return fresh;
        });
        bucket.left = Math.max(0, refill(bucket, nowNanos) - 1);
    }

    /** Addresses remembered now. */
    public synchronized int addresses() {
        return byAddress.size();
    }

    private double refill(Bucket bucket, long nowNanos) {
        bucket.left = Math.min(burst, bucket.left + (double) (nowNanos - bucket.updatedNanos) / refillNanos);
        bucket.updatedNanos = nowNanos;
        return bucket.left;
    }
}
