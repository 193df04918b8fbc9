package dev.patchbay.snakemq;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The FIFO of messages for one destination identity, and which connection (if any) currently
 * carries them. All state is guarded by this object's lock; the lock is held only for queue
 * operations, never across I/O or callbacks.
 */
final class PeerQueue {

    final String identity;
    private final ArrayDeque<QueuedMessage> messages = new ArrayDeque<>();
    private PeerLink link;
    private long awaySinceNanos;
    /** Smallest TTL among the queued messages that have one (a lower bound), to skip sweeps. */
    private long smallestTtlNanos = Long.MAX_VALUE;
    /** Removed from the peer's table: nothing may be queued here any more. */
    private boolean retired;

    PeerQueue(String identity, long nowNanos) {
        this.identity = identity;
        this.awaySinceNanos = nowNanos;
    }

    synchronized PeerLink link() {
        return link;
    }

    synchronized int size() {
        return messages.size();
    }

    synchronized boolean isEmpty() {
        return messages.isEmpty();
    }

    /**
     * Adds at the tail unless the queue holds {@code limit} messages already or was retired
     * (then {@link #isRetired()} tells, and the caller takes the identity's new queue).
     */
    synchronized boolean offer(QueuedMessage message, int limit) {
        if (retired || messages.size() >= limit) {
            return false;
        }
        messages.addLast(message);
        if (message.ttlNanos >= 0 && message.ttlNanos < smallestTtlNanos) {
            smallestTtlNanos = message.ttlNanos;
        }
        return true;
    }

    synchronized boolean isRetired() {
        return retired;
    }

    /**
     * While the identity is away: removes the messages whose TTL the time away has used up
     * (snakeMQ only notices at reconnect; meanwhile they took memory) and, once it has been away
     * longer than {@code transientRetentionNanos}, every message that is not persistent.
     * Remaining TTLs are left alone: {@link #bind} still takes the whole time away off them.
     *
     * @return the removed messages
     */
    synchronized List<QueuedMessage> sweep(long nowNanos, long transientRetentionNanos) {
        if (link != null || retired || messages.isEmpty()) {
            return List.of();
        }
        long away = nowNanos - awaySinceNanos;
        boolean dropTransient = away > transientRetentionNanos;
        if (!dropTransient && away <= smallestTtlNanos) {
            return List.of();
        }
        List<QueuedMessage> removed = new ArrayList<>();
        long smallest = Long.MAX_VALUE;
        for (Iterator<QueuedMessage> it = messages.iterator(); it.hasNext(); ) {
            QueuedMessage message = it.next();
            if ((message.ttlNanos >= 0 && message.ttlNanos < away) || (dropTransient && !message.stored)) {
                it.remove();
                removed.add(message);
            } else if (message.ttlNanos >= 0 && message.ttlNanos < smallest) {
                smallest = message.ttlNanos;
            }
        }
        smallestTtlNanos = smallest;
        return removed;
    }

    /** Retires the queue if no connection carries it and nothing waits in it. */
    synchronized boolean retireIfIdle() {
        if (link == null && messages.isEmpty()) {
            retired = true;
        }
        return retired;
    }

    /** Takes up to {@code max} messages from the head into {@code into}. */
    synchronized void drainTo(List<QueuedMessage> into, int max) {
        for (int i = 0; i < max; i++) {
            QueuedMessage next = messages.pollFirst();
            if (next == null) {
                return;
            }
            into.add(next);
        }
    }

    /** Puts unacknowledged messages back at the head, keeping their order. */
    synchronized void returnToHead(List<QueuedMessage> inOrder) {
        for (int i = inOrder.size() - 1; i >= 0; i--) {
            QueuedMessage message = inOrder.get(i);
            messages.addFirst(message);
            if (message.ttlNanos >= 0 && message.ttlNanos < smallestTtlNanos) {
                smallestTtlNanos = message.ttlNanos;
            }
        }
    }

    /**
     * Binds a connection: the queue's TTLs shrink by the time the identity was away, and the
     * messages whose TTL ran out are removed and returned.
     */
    synchronized List<QueuedMessage> bind(PeerLink newLink, long nowNanos) {
        link = newLink;
        smallestTtlNanos = Long.MAX_VALUE;
        long away = nowNanos - awaySinceNanos;
        List<QueuedMessage> expired = new ArrayList<>();
        for (Iterator<QueuedMessage> it = messages.iterator(); it.hasNext(); ) {
            QueuedMessage message = it.next();
            if (message.expiresAfter(away)) {
                it.remove();
                expired.add(message);
            } else if (message.ttlNanos >= 0 && message.ttlNanos < smallestTtlNanos) {
                smallestTtlNanos = message.ttlNanos;
            }
        }
        return expired;
    }

    /** Unbinds {@code oldLink} if it is the bound one; the away time starts now. */
    synchronized boolean unbind(PeerLink oldLink, long nowNanos) {
        if (link != oldLink) {
            return false;
        }
        link = null;
        awaySinceNanos = nowNanos;
        return true;
    }
}
