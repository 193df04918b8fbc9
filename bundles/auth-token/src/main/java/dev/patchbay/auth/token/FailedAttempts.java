package dev.patchbay.auth.token;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed token checks per remote IP address, as a token bucket: an address may fail
 * {@code burst} times at once and then once per {@code refillNanos}. Past that its unknown tokens
 * are refused without a bcrypt check, so one client sending wrong tokens costs the node at most
 * one check per interval instead of one per request. Tokens verified before still pass (they
 * cost a hash lookup). The table keeps the most recently failing addresses only.
 */
final class FailedAttempts {

    private static final int MAX_ADDRESSES = 10_000;

    private final int burst;
    private final long refillNanos;
    private final Map<String, Bucket> byAddress = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** Failures an address may still have, refilled over time. */
    private static final class Bucket {
        double tokens;
        long updatedNanos;
    }

    FailedAttempts(int burst, long refillNanos) {
        this.burst = burst;
        this.refillNanos = refillNanos;
    }

    /** Whether {@code remoteAddress} may have a token checked now. */
    synchronized boolean mayTry(String remoteAddress, long nowNanos) {
        Bucket bucket = byAddress.get(ip(remoteAddress));
        return bucket == null || refill(bucket, nowNanos) >= 1;
    }

    /** Counts a failed check of {@code remoteAddress}. */
    synchronized void failed(String remoteAddress, long nowNanos) {
        Bucket bucket = byAddress.computeIfAbsent(ip(remoteAddress), key -> {
            Bucket fresh = new Bucket();
            fresh.tokens = burst;
            fresh.updatedNanos = nowNanos;
            return fresh;
        });
        bucket.tokens = Math.max(0, refill(bucket, nowNanos) - 1);
    }

    private double refill(Bucket bucket, long nowNanos) {
        bucket.tokens = Math.min(burst, bucket.tokens + (double) (nowNanos - bucket.updatedNanos) / refillNanos);
        bucket.updatedNanos = nowNanos;
        return bucket.tokens;
    }

    /**
     * The IP part of an address as protocols give it ({@code /10.0.0.7:51234},
     * {@code host/10.0.0.7:51234}, {@code /[::1]:51234} or a bare address): a client's port
     * changes with every connection, its address does not.
     */
    static String ip(String remoteAddress) {
        String address = remoteAddress == null ? "" : remoteAddress;
        int slash = address.indexOf('/');
        if (slash >= 0) {
            address = address.substring(slash + 1);
        }
        int colon = address.lastIndexOf(':');
        if (colon > 0 && address.indexOf(':') == colon) {
            address = address.substring(0, colon); // IPv4 with a port
        } else if (address.startsWith("[") && address.contains("]")) {
            address = address.substring(1, address.indexOf(']')); // [IPv6]:port
        } else if (colon > 0 && address.chars().filter(c -> c == ':').count() == 8) {
            address = address.substring(0, colon); // IPv6 as Java prints it, with a port
        }
        return address;
    }
}
