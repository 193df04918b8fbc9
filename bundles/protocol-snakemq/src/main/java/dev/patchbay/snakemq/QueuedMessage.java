package dev.patchbay.snakemq;

import dev.patchbay.api.peer.PeerMessage;

/**
 * A message waiting in a destination's queue (or in flight, unacknowledged).
 *
 * <p>{@code ttlNanos} is the remaining TTL, negative for "forever". It only shrinks when the
 * destination reconnects, by the time it was away (snakeMQ's rule), so it is mutable and
 * guarded by the queue's lock. {@code sequence} orders messages across queues when they are
 * copied to another store.
 */
final class QueuedMessage {

    final PeerMessage message;
    final boolean stored;
    final long sequence;
    long ttlNanos;

    QueuedMessage(PeerMessage message, long ttlNanos, boolean stored, long sequence) {
        this.message = message;
        this.ttlNanos = ttlNanos;
        this.stored = stored;
        this.sequence = sequence;
    }

    boolean expiresAfter(long awayNanos) {
        if (ttlNanos < 0) {
            return false;
        }
        ttlNanos -= awayNanos;
        return ttlNanos < 0;
    }
}
