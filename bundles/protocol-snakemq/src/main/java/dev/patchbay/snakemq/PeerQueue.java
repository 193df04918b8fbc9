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

    /** Adds at the tail unless the queue holds {@code limit} messages already. */
    synchronized boolean offer(QueuedMessage message, int limit) {
        if (messages.size() >= limit) {
            return false;
        }
        messages.addLast(message);
        return true;
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
            messages.addFirst(inOrder.get(i));
        }
    }

    /**
     * Binds a connection: the queue's TTLs shrink by the time the identity was away, and the
     * messages whose TTL ran out are removed and returned.
     */
    synchronized List<QueuedMessage> bind(PeerLink newLink, long nowNanos) {
        link = newLink;
        long away = nowNanos - awaySinceNanos;
        List<QueuedMessage> expired = new ArrayList<>();
        for (Iterator<QueuedMessage> it = messages.iterator(); it.hasNext(); ) {
            QueuedMessage message = it.next();
            if (message.expiresAfter(away)) {
                it.remove();
                expired.add(message);
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
