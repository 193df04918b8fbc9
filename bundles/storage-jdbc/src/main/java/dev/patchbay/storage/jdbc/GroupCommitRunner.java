package dev.patchbay.storage.jdbc;

import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection shared by every caller, with group commit: callers queue their work; whoever
 * holds the connection runs everything queued in one transaction (each piece under its own
 * savepoint, so one failure costs only its piece) and commits once, then the others return. With
 * {@code synchronous=FULL} a commit is one fsync however many callers it serves. Suits SQLite,
 * which has one writer at a time anyway.
 */
public final class GroupCommitRunner implements SqlRunner {

    private static final int MAX_BATCH = 1024;

    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result) {
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /** @param connection used only by this runner from now on; auto-commit is turned off */
    public GroupCommitRunner(Connection connection) {
        this.connection = connection;
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException("cannot turn auto-commit off", e);
        }
    }

    @Override
    public <T> T run(SqlWork<T> work) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        queue.add(task);
        lock.lock();
        try {
            if (!task.result.isDone()) {
                runBatch();
            }
        } finally {
            lock.unlock();
        }
        try {
            return task.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store ? store : new StoreException(e.getCause().getMessage(), e.getCause());
        }
    }

    @SuppressWarnings("unchecked")
    private void runBatch() {
        List<Task<?>> batch = new ArrayList<>();
        List<Object> results = new ArrayList<>();
        for (Task<?> task; batch.size() < MAX_BATCH && (task = queue.poll()) != null; ) {
            batch.add(task);
            try {
                Savepoint savepoint = connection.setSavepoint();
                try {
                    results.add(task.work.run(connection));
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException | RuntimeException e) {
                    connection.rollback(savepoint);
                    results.add(new Failed(e));
                }
            } catch (SQLException e) {
                results.add(new Failed(e));
            }
        }
        try {
            connection.commit();
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the commit failure is what the callers hear about
            }
            for (Task<?> task : batch) {
                task.result.completeExceptionally(new StoreException("commit failed", e));
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Object result = results.get(i);
            if (result instanceof Failed failed) {
                batch.get(i).result.completeExceptionally(failed.cause instanceof StoreException s ? s
                        : new StoreException(failed.cause.getMessage(), failed.cause));
            } else {
                ((CompletableFuture<Object>) batch.get(i).result).complete(result);
            }
        }
    }

    private record Failed(Exception cause) {
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("closing the connection failed", e);
        } finally {
            lock.unlock();
        }
    }
}
