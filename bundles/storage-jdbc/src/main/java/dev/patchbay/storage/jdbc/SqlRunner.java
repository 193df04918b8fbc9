package dev.patchbay.storage.jdbc;

import dev.patchbay.api.queue.QueueStore.Commit;
import java.util.function.Supplier;

/** Runs each piece of work in a transaction and commits it before returning. */
public interface SqlRunner extends AutoCloseable {

    /** @throws dev.patchbay.api.store.StoreException if the work or the commit fails */
    <T> T run(SqlWork<T> work);

    /**
     * Runs {@code work}, whose calls to {@link #run} share one transaction where this runner has
     * a single connection, committed once at the end (see {@link dev.patchbay.api.queue.QueueStore#batch}
     * for what {@code commit} allows); if any of them or the commit fails, nothing of it remains
     * and this throws. By default each call commits on its own.
     */
    default <T> T inOneTransaction(Commit commit, Supplier<T> work) {
        return work.get();
    }

    /** Whether {@link #inOneTransaction} shares one transaction among its calls. */
    default boolean sharesTransactions() {
        return false;
    }

    @Override
    void close();
}
