package dev.patchbay.storage.jdbc;

import dev.patchbay.api.queue.QueueStore.Commit;
import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on one connection, the engine of every store that writes through a single
 * connection (SQLite's queue and message stores, PostgreSQL's message store). One writer thread
 * owns the connection; callers queue work, in call order, and the writer runs everything
 * waiting in one transaction and commits once, then completes each caller's result. With
 * {@code synchronous=FULL} a commit is one fsync however many callers it serves.
 *
 * <p>Work sees its {@link Batch}: besides the connection, state kept for the rest of the batch
 * and actions run before and after its commit, so that a store can gather writes and run them
 * as one JDBC batch, or let a write and its undoing within one batch cancel out.
 *
 * <p>If a batch fails, it is rolled back and each piece runs again in a transaction of its own,
 * so that one failure costs only its piece (failures are rare; savepoints around every piece
 * would cost every batch). If the connection itself is gone, everything waiting fails and
 * {@link #onLost} is told once: the store must be opened again.
 *
 * <p>It is also an {@link SqlRunner}: {@link #run} and {@link #inOneTransaction} block until
 * their batch committed (30 s at most); called from work the writer is running, they join that
 * batch.
 */
public final class GroupCommitWriter implements SqlRunner {

    /** The transaction a piece of work runs in, shared with the other pieces of its batch. */
    public interface Batch {

        Connection connection();

        /** This batch's {@code type} state, created by {@code create} on first use. */
        <S> S state(Class<S> type, Supplier<S> create);

        /** Runs once every piece of the batch ran, before the commit; a failure fails the batch. */
        void beforeCommit(SqlWork<?> action);

        /** Runs once the batch is committed (never if it is rolled back). */
        void afterCommit(Runnable action);
    }

    /** A piece of work for the writer. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Batch batch) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long CALL_TIMEOUT_SECONDS = 30;
    /** Bounds on work answered before its commit ({@link Commit#DEFERRABLE}). */
    static final int MAX_DEFERRED_TASKS = 1024;
    private static final long MAX_DEFERRED_NANOS = 10_000_000;

    private record Task<T>(Work<T> work, CompletableFuture<T> result, boolean mayDeferCommit) {
    }

    /** Queued by {@link #close}: what was queued before it is done, then the writer ends. */
    private static final Task<Void> STOP = new Task<>(batch -> null, new CompletableFuture<>(), false);

    private final Connection connection;
    private final String name;
    private final int maxBatch;
    private final long maxDeferredNanos;
    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** The writer has ended: whatever is queued now is failed by whoever finds it. */
    private volatile boolean finished;
    private volatile Runnable onLost = () -> { };

    // Writer thread only:
    /** The batch being run, for pieces that join it. */
    private OpenBatch current;
    /** A piece that joined the current batch failed: the batch must not commit. */
    private boolean joinedPieceFailed;
    /** Tasks answered in the open transaction before its commit, since when, and their after-commit actions. */
    private int deferredTasks;
    private long deferredSince;
    private final List<Runnable> deferredAfterCommit = new ArrayList<>();

    /**
     * @param connection used by this writer only from now on; auto-commit is turned off
     * @param name       names the thread and the log lines
     * @param maxBatch   most pieces of work in one transaction
     */
    public GroupCommitWriter(Connection connection, String name, int maxBatch) {
        this(connection, name, maxBatch, MAX_DEFERRED_NANOS);
    }

    /** @param maxDeferredNanos how long deferred work may wait for its commit (tests wait longer than 10 ms) */
    GroupCommitWriter(Connection connection, String name, int maxBatch, long maxDeferredNanos) {
        this.connection = connection;
        this.name = name;
        this.maxBatch = maxBatch;
        this.maxDeferredNanos = maxDeferredNanos;
        try {
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException(name + ": cannot turn auto-commit off", e);
        }
        writer = new Thread(this::writeLoop, "patchbay-writer " + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Called once, on the writer thread, if the connection breaks; then every call fails. */
    public void onLost(Runnable lost) {
        this.onLost = lost;
    }

    /** Queues {@code work}; the result completes once its batch is committed. */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        return submit(work, false);
    }

    private <T> CompletableFuture<T> submit(Work<T> work, boolean mayDeferCommit) {
        if (closed) {
            return CompletableFuture.failedFuture(closedFailure());
        }
        Task<T> task = new Task<>(work, new CompletableFuture<>(), mayDeferCommit);
        queue.add(task);
        if (finished) {
            failQueued(closedFailure()); // the writer ended after the check above: nobody else will
        }
        return task.result;
    }

    /** Runs {@code work} and returns its result once committed, or joins the batch the caller runs in. */
    public <T> T call(Work<T> work) {
        return call(work, Commit.DURABLE);
    }

    private <T> T call(Work<T> work, Commit commit) {
        if (Thread.currentThread() == writer) {
            return runJoined(work);
        }
        CompletableFuture<T> result = submit(work, commit == Commit.DEFERRABLE);
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(name + ": interrupted", e);
        } catch (ExecutionException e) {
            throw storeFailure(e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException(name + " did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public <T> T run(SqlWork<T> work) {
        return call(batch -> work.run(batch.connection()));
    }

    /**
     * Runs {@code work}, whose calls to this writer join one batch, committed once; if any of them
     * fails (even one whose caller caught the failure) nothing of it remains and this throws. With
     * {@link Commit#DEFERRABLE} it may return before the commit, which then comes with the next
     * durable batch, or once {@value #MAX_DEFERRED_TASKS} tasks or 10 ms have been deferred; a
     * failure before that commit rolls the deferred work back too. A durable batch of no work
     * just commits what was deferred.
     */
    @Override
    public <T> T inOneTransaction(Commit commit, Supplier<T> work) {
        return call(batch -> {
            joinedPieceFailed = false;
            T result = work.get();
            if (joinedPieceFailed) {
                throw new StoreException(name + ": a statement of the batch failed; the batch was rolled back", null);
            }
            return result;
        }, commit);
    }

    @Override
    public boolean sharesTransactions() {
        return true;
    }

    /** A piece called by work the writer runs: it joins that batch, or commits alone outside one. */
    private <T> T runJoined(Work<T> work) {
        if (current == null) {
            // called from an after-commit action: no batch is open
            OpenBatch alone = new OpenBatch();
            try {
                T result = work.run(alone);
                alone.finish();
                commit(alone);
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw storeFailure(e);
            }
        }
        try {
            return work.run(current);
        } catch (SQLException | RuntimeException e) {
            // the caller may catch this, but the batch must still not commit: SQLite undoes a
            // failed statement alone, yet after some errors it has rolled the whole transaction back
            joinedPieceFailed = true;
            throw storeFailure(e);
        }
    }

    // --- the writer

    private void writeLoop() {
        List<Task<?>> batch = new ArrayList<>(maxBatch);
        boolean usable = true;
        try {
            while (usable) {
                Task<?> first = deferredTasks == 0 ? queue.take()
                        : queue.poll(deferredSince + maxDeferredNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (first == null) {
                    usable = commitDeferred(); // deferred work waited long enough
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                boolean stop = batch.removeIf(task -> task == STOP);
                if (!batch.isEmpty()) {
                    usable = runBatch(batch);
                }
                batch.clear();
                if (stop) {
                    if (usable) {
                        commitDeferred();
                    }
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
            failQueued(closedFailure());
        }
    }

    /** @return {@code false} if the connection is gone */
    private boolean runBatch(List<Task<?>> batch) {
        OpenBatch open = new OpenBatch();
        List<Object> results = new ArrayList<>(batch.size());
        boolean mayDefer = true;
        current = open;
        try {
            for (Task<?> task : batch) {
                results.add(task.work.run(open));
                mayDefer &= task.mayDeferCommit;
            }
            open.finish();
            if (mayDefer && deferMore(batch.size())) {
                deferredAfterCommit.addAll(open.afterCommit);
            } else {
                commit(open);
            }
        } catch (SQLException | RuntimeException e) {
            current = null;
            rollbackQuietly();
            if (!usable()) {
                lost(e, batch);
                return false;
            }
            if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(storeFailure(e));
            } else {
                for (Task<?> task : batch) {
                    runAlone(task);
                }
            }
            return true;
        } finally {
            current = null;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
        return true;
    }

    private void runAlone(Task<?> task) {
        OpenBatch alone = new OpenBatch();
        current = alone;
        try {
            Object result = task.work.run(alone);
            alone.finish();
            commit(alone);
            complete(task, result);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            task.result.completeExceptionally(storeFailure(e));
        } finally {
            current = null;
        }
    }

    /** Whether a batch of {@code tasks} may join the deferred ones without committing now. */
    private boolean deferMore(int tasks) {
        long now = System.nanoTime();
        if (deferredTasks == 0) {
            deferredSince = now;
        } else if (deferredTasks + tasks > MAX_DEFERRED_TASKS || now - deferredSince > maxDeferredNanos) {
            return false;
        }
        deferredTasks += tasks;
        return true;
    }

    /** @return {@code false} if the connection is gone */
    private boolean commitDeferred() {
        if (deferredTasks == 0) {
            return true;
        }
        try {
            commit(new OpenBatch());
            return true;
        } catch (SQLException | RuntimeException e) {
            // the deferred work was answered already: it is undone, as a crash would undo it
            LOG.warn("{}: committing {} deferred task(s) failed; they are undone: {}", name, deferredTasks, e.getMessage());
            rollbackQuietly();
            if (!usable()) {
                lost(e, List.of());
                return false;
            }
            return true;
        }
    }

    private void commit(OpenBatch batch) throws SQLException {
        connection.commit();
        deferredTasks = 0;
        List<Runnable> actions = new ArrayList<>(deferredAfterCommit);
        actions.addAll(batch.afterCommit);
        deferredAfterCommit.clear();
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: an after-commit action failed", name, e);
            }
        }
    }

    private void rollbackQuietly() {
        deferredTasks = 0;
        deferredAfterCommit.clear();
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the failure itself is what the callers hear about; the connection is checked next
        }
    }

    private boolean usable() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void lost(Exception cause, List<Task<?>> batch) {
        closed = true;
        LOG.warn("{}: the connection is lost ({}); the store must be opened again", name, cause.getMessage());
        StoreException failure = new StoreException(name + " lost its connection: " + cause.getMessage(), cause);
        batch.forEach(task -> task.result.completeExceptionally(failure));
        failQueued(failure);
        closeQuietly();
        try {
            onLost.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the lost-connection callback failed", name, e);
        }
    }

    private void failQueued(StoreException failure) {
        for (Task<?> task; (task = queue.poll()) != null; ) {
            task.result.completeExceptionally(failure);
        }
    }

    @SuppressWarnings("unchecked")
    private static void complete(Task<?> task, Object result) {
        ((CompletableFuture<Object>) task.result).complete(result);
    }

    private StoreException closedFailure() {
        return new StoreException(name + " is closed", null);
    }

    private StoreException storeFailure(Throwable e) {
        return e instanceof StoreException store ? store : new StoreException(name + ": " + e.getMessage(), e);
    }

    private void closeQuietly() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("{}: closing the connection: {}", name, e.getMessage());
        }
    }

    /** Finishes the work queued before (committing what was deferred), then closes the connection. */
    @Override
    public void close() {
        if (closed && finished) {
            return;
        }
        closed = true;
        queue.add(STOP);
        if (Thread.currentThread() != writer) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (writer.isAlive()) {
                LOG.warn("{}: the writer did not finish within {} s; closing its connection anyway", name, CALL_TIMEOUT_SECONDS);
            }
        }
        closeQuietly();
    }

    /** A batch as its work sees it. */
    private final class OpenBatch implements Batch {
        private final Map<Class<?>, Object> states = new HashMap<>(2);
        private final List<SqlWork<?>> beforeCommit = new ArrayList<>(1);
        private final List<Runnable> afterCommit = new ArrayList<>();

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public <S> S state(Class<S> type, Supplier<S> create) {
            return type.cast(states.computeIfAbsent(type, t -> create.get()));
        }

        @Override
        public void beforeCommit(SqlWork<?> action) {
            beforeCommit.add(action);
        }

        @Override
        public void afterCommit(Runnable action) {
            afterCommit.add(action);
        }

        /** Runs the before-commit actions, including ones they add. */
        void finish() throws SQLException {
            for (int i = 0; i < beforeCommit.size(); i++) {
                beforeCommit.get(i).run(connection);
            }
        }
    }
}
