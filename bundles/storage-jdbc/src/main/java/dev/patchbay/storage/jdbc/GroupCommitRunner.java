package dev.patchbay.storage.jdbc;

import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One connection shared by every caller, with group commit: callers queue their work; whoever
 * holds the connection runs everything queued in one transaction (each piece under its own
 * transaction; see {@link #runBatch}) and commits once, then the others return. With
 * {@code synchronous=FULL} a commit is one fsync however many callers it serves. Suits SQLite,
 * which has one writer at a time anyway.
 *
 * <p>{@link #inOneTransaction} goes further for a caller that has many pieces at hand (a server
 * draining its queued requests): they run in the batch's transaction as they are called, and
 * commit together.
 */
public final class GroupCommitRunner implements SqlRunner {

    private static final int MAX_BATCH = 1024;
    /** Bounds on work left uncommitted by {@link #inOneTransactionDeferringCommit}. */
    private static final int MAX_DEFERRED_TASKS = 1024;
    private static final long MAX_DEFERRED_NANOS = 10_000_000;

    /** @param mayDeferCommit whether the batch may stay uncommitted after this task */
    private record Task<T>(SqlWork<T> work, CompletableFuture<T> result, boolean mayDeferCommit) {
    }

    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;
    /** A piece run inside {@link #inOneTransaction} failed: that batch must not commit. Leader only. */
    private boolean joinedPieceFailed;
    /**
     * Tasks done in the open transaction whose commit was deferred, and since when. Written by the
     * leader only; volatile so that {@link #commitDeferred} can look without the lock.
     */
    private volatile int deferredTasks;
    private long deferredSince;

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
        return run(work, false);
    }

    private <T> T run(SqlWork<T> work, boolean mayDeferCommit) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        if (lock.isHeldByCurrentThread()) {
            return runJoined(work);
        }
        Task<T> task = new Task<>(work, new CompletableFuture<>(), mayDeferCommit);
        queue.add(task);
        // Whoever finds the connection free leads: it runs batches until the queue is empty.
        // The others wait on their own task, not on the lock, so that a finished batch wakes
        // its callers at once instead of one after the other through the lock.
        while (!task.result.isDone()) {
            if (lock.tryLock()) {
                try {
                    while (!queue.isEmpty()) {
                        runBatch();
                    }
                } finally {
                    lock.unlock();
                }
            } else {
                try {
                    // a task queued just as the leader finished is picked up by the next try
                    task.result.get(200, TimeUnit.MICROSECONDS);
                } catch (TimeoutException | ExecutionException notYet) {
                    // look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted", e);
                }
            }
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

    /**
     * A piece called while this thread runs a batch (from inside {@link #inOneTransaction}): it
     * joins the batch's open transaction.
     */
    private <T> T runJoined(SqlWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException | RuntimeException e) {
            // the caller may catch this, but the batch must still not commit: SQLite undoes a
            // failed statement alone, yet after some errors it has rolled the whole transaction back
            joinedPieceFailed = true;
            throw e instanceof StoreException store ? store : new StoreException(e.getMessage(), e);
        }
    }

    @Override
    public <T> T inOneTransaction(Supplier<T> work) {
        return run(joining(work), false);
    }

    /**
     * Runs {@code work} like {@link #inOneTransaction}, but returns before committing when the
     * whole batch may wait: the commit comes with the next batch that may not, with
     * {@link #commitDeferred}, or once {@value #MAX_DEFERRED_TASKS} tasks or 10 ms have been
     * deferred. A failure before that commit rolls the deferred work back too.
     */
    @Override
    public <T> T inOneTransactionDeferringCommit(Supplier<T> work) {
        return run(joining(work), true);
    }

    private <T> SqlWork<T> joining(Supplier<T> work) {
        return connection -> {
            joinedPieceFailed = false;
            T result = work.get();
            if (joinedPieceFailed) {
                throw new StoreException("a statement of the batch failed; the batch was rolled back", null);
            }
            return result;
        };
    }

    @Override
    public void commitDeferred() {
        if (deferredTasks > 0) {
            run(connection -> null); // a task that may not wait: its batch commits
        }
    }

    @Override
    public boolean sharesTransactions() {
        return true;
    }

    /**
     * Runs the queued work in one transaction. If a piece fails, the transaction is rolled back and
     * each piece runs again in a transaction of its own, so that one failure costs only its piece
     * (failures are rare; savepoints around every piece would cost every batch).
     */
    private void runBatch() {
        List<Task<?>> batch = new ArrayList<>();
        for (Task<?> task; batch.size() < MAX_BATCH && (task = queue.poll()) != null; ) {
            batch.add(task);
        }
        List<Object> results = new ArrayList<>(batch.size());
        try {
            boolean mayDefer = true;
            for (Task<?> task : batch) {
                results.add(task.work.run(connection));
                mayDefer &= task.mayDeferCommit;
            }
            if (!mayDefer || !deferMore(batch.size())) {
                commit();
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (batch.size() == 1) {
                fail(batch.get(0), e);
            } else {
                for (Task<?> task : batch) {
                    runAlone(task);
                }
            }
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
    }

    /** Whether a batch of {@code tasks} may join the deferred ones without committing now. */
    private boolean deferMore(int tasks) {
        long now = System.nanoTime();
        if (deferredTasks == 0) {
            deferredSince = now;
        } else if (deferredTasks + tasks > MAX_DEFERRED_TASKS || now - deferredSince > MAX_DEFERRED_NANOS) {
            return false;
        }
        deferredTasks += tasks;
        return true;
    }

    private void commit() throws SQLException {
        connection.commit();
        deferredTasks = 0;
    }

    private void runAlone(Task<?> task) {
        try {
            Object result = task.work.run(connection);
            commit();
            complete(task, result);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            fail(task, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Task<?> task, Object result) {
        ((CompletableFuture<Object>) task.result).complete(result);
    }

    private static void fail(Task<?> task, Exception e) {
        task.result.completeExceptionally(e instanceof StoreException store ? store : new StoreException(e.getMessage(), e));
    }

    private void rollbackQuietly() {
        deferredTasks = 0;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure itself is what the callers hear about
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        SQLException failed = null;
        try {
            if (deferredTasks > 0) {
                commit();
            }
        } catch (SQLException e) {
            failed = e; // the deferred claims are lost: those messages are pending again
        }
        try {
            connection.close();
        } catch (SQLException e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        } finally {
            lock.unlock();
        }
        if (failed != null) {
            throw new StoreException("closing the connection failed: " + failed.getMessage(), failed);
        }
    }
}
