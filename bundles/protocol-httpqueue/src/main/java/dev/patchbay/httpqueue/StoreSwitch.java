package dev.patchbay.httpqueue;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.api.store.StoreException;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store the queue uses now, switchable at run time. A switch waits for the operations in
 * flight on the old store, sends new ones to the new store, then moves every message of the old
 * store over (same ids, same state) and deletes it there: nothing is lost, and since a store
 * refuses an id it holds, nothing is duplicated even if a move is repeated.
 */
public final class StoreSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSwitch.class);
    private static final int MOVE_BATCH = 1000;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    /** Written under the write lock; volatile for {@link #commitsBatches}, which reads it without. */
    private volatile QueueStore current;

    /** Runs {@code operation} on the current store; the store cannot change meanwhile. */
    public <T> T with(Function<QueueStore, T> operation) {
        lock.readLock().lock();
        try {
            if (current == null) {
                throw new StoreException("no queue store is available", null);
            }
            return operation.apply(current);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Whether the current store commits batches ({@code false} while there is none): a hint, not a hold. */
    public boolean commitsBatches() {
        QueueStore store = current;
        return store != null && store.commitsBatches();
    }

    /**
     * Makes {@code next} the store; the messages of the previous one move to it before this returns.
     *
     * @return how many messages moved
     */
    public int use(QueueStore next) {
        QueueStore previous;
        lock.writeLock().lock();
        try {
            previous = current;
            current = next;
        } finally {
            lock.writeLock().unlock();
        }
        if (previous == null || previous == next) {
            return 0;
        }
        int moved = move(previous, next);
        LOG.info("queue store switched: {} message(s) moved to the new store", moved);
        return moved;
    }

    /** Forgets {@code gone} if it is the current store (its service went away). */
    public void forget(QueueStore gone) {
        lock.writeLock().lock();
        try {
            if (current == gone) {
                current = null;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    static int move(QueueStore from, QueueStore to) {
        int moved = 0;
        for (List<QueuedMessage> batch; !(batch = from.oldest(MOVE_BATCH)).isEmpty(); ) {
            for (QueuedMessage message : batch) {
                to.push(message);
            }
            // removed only once the new store holds them: a crash in between leaves copies, never gaps
            from.remove(batch.stream().map(QueuedMessage::id).toList());
            moved += batch.size();
        }
        return moved;
    }
}
