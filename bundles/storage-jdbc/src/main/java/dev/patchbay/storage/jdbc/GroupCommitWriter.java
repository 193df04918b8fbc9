package dev.patchbay.storage.jdbc;

import dev.patchbay.api.queue.QueueStore.Commit;
import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit on one connection, the engine of every store that writes through a single
 * connection (SQLite's queue and message stores, PostgreSQL's message store). Callers queue work,
 * in call order; whoever holds the connection runs everything waiting in one transaction and
 * commits once, then completes each caller's result. With {@code synchronous=FULL} a commit is one
 * fsync however many callers it serves.
 *
 * <p>A blocking caller ({@link #call}, {@link #run}) that finds the connection free runs the
 * batch on its own thread: handing it to another thread and waking it would cost more than many
 * statements (a server that queues requests calls from one thread, batch after batch). Work
 * {@link #submit submitted} without waiting is run by the writer's own thread, which also commits
 * deferred work once it waited long enough.
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
 * their batch committed (30 s at most); called from work being run, they join its batch.
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

    private final Connection connection;
    private final String name;
    private final int maxBatch;
    private final long maxDeferredNanos;
    private final Queue<Task<?>> queue = new ConcurrentLinkedQueue<>();
    /** Held by whoever runs batches on the connection. */
    private final ReentrantLock connectionLock = new ReentrantLock();
    /** Released for every submitted task: wakes the writer thread. */
    private final Semaphore submitted = new Semaphore(0);
    private final Thread writer;
    private volatile boolean closed;
    /** The connection is closed: whatever is queued now is failed by whoever finds it. */
    private volatile boolean finished;
    private volatile Runnable onLost = () -> { };

    // Under connectionLock:
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
        writer = new Thread(this::writerLoop, "patchbay-writer " + name);
        writer.setDaemon(true);
        writer.start();
    }

    /** Called once, on a thread of its own, if the connection breaks; then every call fails. */
    public void onLost(Runnable lost) {
        this.onLost = lost;
    }

    /** Queues {@code work}; the result completes once its batch is committed. */
    public <T> CompletableFuture<T> submit(Work<T> work) {
        Task<T> task = enqueue(work, false);
        submitted.release();
        return task.result;
    }

    private <T> Task<T> enqueue(Work<T> work, boolean mayDeferCommit) {
        Task<T> task = new Task<>(work, new CompletableFuture<>(), mayDeferCommit);
        if (closed) {
            task.result.completeExceptionally(closedFailure());
            return task;
        }
        queue.add(task);
        if (finished) {
            failQueued(closedFailure()); // closed after the check above: nobody else will
        }
        return task;
    }

    /** Runs {@code work} and returns its result once committed, or joins the batch the caller runs in. */
    public <T> T call(Work<T> work) {
        return call(work, Commit.DURABLE);
    }

    private <T> T call(Work<T> work, Commit commit) {
        if (connectionLock.isHeldByCurrentThread()) {
            return runJoined(work);
        }
        Task<T> task = enqueue(work, commit == Commit.DEFERRABLE);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALL_TIMEOUT_SECONDS);
        // Whoever finds the connection free leads: it runs batches until the queue is empty.
        // The others wait on their own task, not on the lock, so that a finished batch wakes
        // its callers at once instead of one after the other through the lock.
        while (!task.result.isDone()) {
            if (connectionLock.tryLock()) {
                try {
                    runQueued();
                } finally {
                    connectionLock.unlock();
                }
            } else if (System.nanoTime() - deadline > 0) {
                throw new StoreException(name + " did not answer within " + CALL_TIMEOUT_SECONDS + " s", null);
            } else {
                try {
                    // a task queued just as the leader finished is picked up by the next try
                    task.result.get(200, TimeUnit.MICROSECONDS);
                } catch (TimeoutException | ExecutionException notYet) {
                    // look again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(name + ": interrupted", e);
                }
            }
        }
        return resultOf(task.result);
    }

    /** The result of a task that is done, or its failure as a StoreException. */
    private <T> T resultOf(CompletableFuture<T> done) {
        try {
            return done.join();
        } catch (CompletionException e) {
            throw storeFailure(e.getCause());
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

    /** A piece called by work being run: it joins that batch, or commits alone outside one. */
    private <T> T runJoined(Work<T> work) {
        if (current == null) {
            // called from an after-commit action: no batch is open, so it is a batch of its own
            Task<T> alone = new Task<>(work, new CompletableFuture<>(), false);
            runAlone(alone);
            return resultOf(alone.result);
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

    // --- running batches

    /** Runs the submitted work that no caller runs, and commits deferred work that waited long enough. */
    private void writerLoop() {
        long waitNanos = Long.MAX_VALUE;
        try {
            while (!closed) {
                if (submitted.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                    submitted.drainPermits();
                }
                connectionLock.lock();
                try {
                    if (finished) {
                        return;
                    }
                    runQueued();
                    if (deferredTasks > 0 && System.nanoTime() - deferredSince >= maxDeferredNanos) {
                        commitDeferred();
                    }
                    waitNanos = deferredTasks == 0 ? Long.MAX_VALUE
                            : Math.max(0, deferredSince + maxDeferredNanos - System.nanoTime());
                } finally {
                    connectionLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Runs batches until nothing is queued; under the connection lock. */
    private void runQueued() {
        List<Task<?>> batch = new ArrayList<>();
        while (!finished && !queue.isEmpty()) {
            for (Task<?> task; batch.size() < maxBatch && (task = queue.poll()) != null; ) {
                batch.add(task);
            }
            runBatch(batch);
            batch.clear();
        }
    }

    private void runBatch(List<Task<?>> batch) {
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
            rollbackQuietly();
            if (!usable()) {
                lost(e, batch);
            } else if (batch.size() == 1) {
                batch.get(0).result.completeExceptionally(storeFailure(e));
            } else {
                for (Task<?> task : batch) {
                    runAlone(task);
                }
            }
            return;
        } finally {
            current = null;
        }
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results.get(i));
        }
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
            submitted.release(); // the writer thread times this deferral
        } else if (deferredTasks + tasks > MAX_DEFERRED_TASKS || now - deferredSince > maxDeferredNanos) {
            return false;
        }
        deferredTasks += tasks;
        return true;
    }

    private void commitDeferred() {
        if (deferredTasks == 0) {
            return;
        }
        try {
            commit(new OpenBatch());
        } catch (SQLException | RuntimeException e) {
            // the deferred work was answered already: it is undone, as a crash would undo it
            LOG.warn("{}: committing {} deferred task(s) failed; they are undone: {}", name, deferredTasks, e.getMessage());
            rollbackQuietly();
            if (!usable()) {
                lost(e, List.of());
            }
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
        finished = true;
        LOG.warn("{}: the connection is lost ({}); the store must be opened again", name, cause.getMessage());
        StoreException failure = new StoreException(name + " lost its connection: " + cause.getMessage(), cause);
        batch.forEach(task -> task.result.completeExceptionally(failure));
        failQueued(failure);
        closeQuietly();
        submitted.release(); // the writer thread ends
        // on a thread of its own: the thread that found the loss may be any caller's, holding the connection
        Thread tell = new Thread(() -> {
            try {
                onLost.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: the lost-connection callback failed", name, e);
            }
        }, "patchbay-lost " + name);
        tell.setDaemon(true);
        tell.start();
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
        closed = true;
        submitted.release();
        connectionLock.lock();
        try {
            if (finished) {
                return;
            }
            runQueued();
            if (!finished) {
                commitDeferred();
                finished = true;
                closeQuietly();
            }
        } finally {
            connectionLock.unlock();
        }
        failQueued(closedFailure());
        if (Thread.currentThread() != writer) {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
