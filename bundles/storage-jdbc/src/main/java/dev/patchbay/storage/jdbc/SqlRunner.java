package dev.patchbay.storage.jdbc;

/** Runs each piece of work in a transaction and commits it before returning. */
public interface SqlRunner extends AutoCloseable {

    /** @throws dev.patchbay.api.store.StoreException if the work or the commit fails */
    <T> T run(SqlWork<T> work);

    @Override
    void close();
}
