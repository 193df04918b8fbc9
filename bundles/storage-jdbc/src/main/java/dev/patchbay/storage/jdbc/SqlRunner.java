package dev.patchbay.storage.jdbc;

import java.util.function.Supplier;

/** Runs each piece of work in a transaction and commits it before returning. */
public interface SqlRunner extends AutoCloseable {

    /** @throws dev.patchbay.api.store.StoreException if the work or the commit fails */
    <T> T run(SqlWork<T> work);

    /**
     * Runs {@code work}, whose calls to {@link #run} share one transaction where this runner has
     * a single connection, committed once at the end; if any of them or the commit fails, nothing
     * of it remains and this throws. By default each call commits on its own.
     */
    default <T> T inOneTransaction(Supplier<T> work) {
        return work.get();
    }

    /**
     * Like {@link #inOneTransaction}, but the commit may wait for this runner's next one (see
     * {@link dev.patchbay.api.queue.QueueStore#batchDeferringCommit}). By default the same as
     * {@link #inOneTransaction}.
     */
    default <T> T inOneTransactionDeferringCommit(Supplier<T> work) {
        return inOneTransaction(work);
    }

    /** Commits the work whose commit was deferred, if there is any. */
    default void commitDeferred() {
    }

    /** Whether {@link #inOneTransaction} shares one transaction among its calls. */
    default boolean sharesTransactions() {
        return false;
    }

    @Override
    void close();
}
