package dev.patchbay.httpqueue;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.api.store.StoreException;
import dev.patchbay.support.LiveSwitch;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store the queue uses now, switchable at run time (a {@link LiveSwitch}). A switch waits for
 * the operations in flight on the old store, sends new ones to the new store, then moves every
 * message of the old store over (same ids, same state) and deletes it there: nothing is lost,
 * and since a store refuses an id it holds, nothing is duplicated even if a move is repeated.
 */
public final class StoreSwitch {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSwitch.class);
    private static final int MOVE_BATCH = 1000;

    private final LiveSwitch<QueueStore> stores = new LiveSwitch<>();

    /** One switch: moves the old store's messages once the next one serves. */
    private static final class Move implements LiveSwitch.Handover<QueueStore> {
        int moved;

        @Override
        public void finish(QueueStore old, QueueStore next) {
            if (old == null) {
                return;
            }
            try {
                moved = move(old, next);
            } catch (StoreException failed) {
                // e.g. the old store's service went away (closed) before this one came
                LOG.warn("queue store switched, but moving the messages of the previous store failed; "
                        + "what was not moved stays in it: {}", failed.getMessage());
            }
        }
    }

    /** Runs {@code operation} on the current store; the store cannot change meanwhile. */
    public <T> T with(Function<QueueStore, T> operation) {
        return stores.with(operation, () -> new StoreException("no queue store is available", null));
    }

    /** Whether the current store commits batches ({@code false} while there is none): a hint, not a hold. */
    public boolean commitsBatches() {
        QueueStore store = stores.current();
        return store != null && store.commitsBatches();
    }

    /**
     * Makes {@code next} the store; the messages of the previous one move to it before this returns.
     *
     * @return how many messages moved
     */
    public int use(QueueStore next) {
        Move move = new Move();
        stores.use(next, move);
        return move.moved;
    }

    /** Forgets {@code gone} if it is the current store (its service went away). */
    public void forget(QueueStore gone) {
        stores.forget(gone);
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
