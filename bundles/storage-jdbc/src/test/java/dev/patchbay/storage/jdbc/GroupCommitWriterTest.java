package dev.patchbay.storage.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.queue.QueueStore.Commit;
import dev.patchbay.api.store.StoreException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The writer on a real SQLite file: group commit, batches sharing one transaction, deferred commits, batch state. */
public class GroupCommitWriterTest {

    private GroupCommitWriter runner;
    private String url;

    @Before
    public void open() throws Exception {
        url = "jdbc:sqlite:" + Files.createTempDirectory("patchbay-group-commit-").resolve("t.db");
        runner = writer();
        runner.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (x INTEGER NOT NULL)");
            }
            return null;
        });
    }

    /** Deferred work waits for an explicit commit here (a minute), not for the writer's 10 ms timer. */
    private GroupCommitWriter writer() throws Exception {
        return new GroupCommitWriter(DriverManager.getConnection(url), "test store", 1024, TimeUnit.MINUTES.toNanos(1));
    }

    @After
    public void close() {
        runner.close();
    }

    private Void insert(int x) {
        return runner.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO t (x) VALUES (" + x + ")");
            }
            return null;
        });
    }

    private int count() {
        return runner.run(connection -> {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** Rows as another connection sees them: committed ones only. */
    private int committed() throws Exception {
        try (Connection other = DriverManager.getConnection(url); Statement statement = other.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM t")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private void insertDeferringCommit(int x) {
        runner.inOneTransaction(Commit.DEFERRABLE, () -> insert(x));
    }

    @Test
    public void deferredWorkIsSeenAtOnceAndCommittedWithTheNextBatchThatMayNotWait() throws Exception {
        insertDeferringCommit(1);
        insertDeferringCommit(2);
        assertEquals(0, committed());
        insert(3);
        assertEquals(3, committed());
        insertDeferringCommit(4);
        assertEquals(4, count()); // a read through the runner sees it, and commits it
        assertEquals(4, committed());
    }

    @Test
    public void anEmptyDurableBatchAndCloseCommitWhatWaits() throws Exception {
        runner.inOneTransaction(Commit.DURABLE, () -> null); // nothing waits: nothing to do
        insertDeferringCommit(1);
        runner.inOneTransaction(Commit.DURABLE, () -> null);
        assertEquals(1, committed());
        insertDeferringCommit(2);
        runner.close();
        assertEquals(2, committed());
        runner = writer();
    }

    @Test
    public void deferredWorkIsBoundedInTasks() throws Exception {
        for (int i = 0; i < 1100; i++) {
            insertDeferringCommit(i);
        }
        // never more than 1,024 tasks wait (fewer when 10 ms went by first)
        int waiting = 1100 - committed();
        assertTrue(String.valueOf(waiting), waiting <= 1024);
    }

    @Test
    public void aFailureRollsDeferredWorkBackWithItsOwnBatch() throws Exception {
        insertDeferringCommit(1);
        assertThrows(StoreException.class, () -> runner.inOneTransaction(Commit.DURABLE, () -> {
            insert(2);
            throw new IllegalStateException("the caller gave up");
        }));
        assertEquals(0, count());
        assertEquals(0, committed());
    }

    @Test
    public void piecesOfABatchShareItsTransactionAndSeeEachOther() {
        int seenInside = runner.inOneTransaction(Commit.DURABLE, () -> {
            insert(1);
            insert(2);
            return count();
        });
        assertEquals(2, seenInside);
        assertEquals(2, count());
        assertTrue(runner.sharesTransactions());
    }

    @Test
    public void aBatchWhoseWorkThrowsLeavesNothing() {
        assertThrows(StoreException.class, () -> runner.inOneTransaction(Commit.DURABLE, () -> {
            insert(1);
            throw new IllegalStateException("the caller gave up");
        }));
        assertEquals(0, count());
    }

    @Test
    public void aFailedStatementFailsTheWholeBatchEvenWhenItsCallerCaughtIt() {
        StoreException failed = assertThrows(StoreException.class, () -> runner.inOneTransaction(Commit.DURABLE, () -> {
            insert(1);
            try {
                runner.run(connection -> connection.createStatement().execute("INSERT INTO missing (x) VALUES (1)"));
            } catch (StoreException expected) {
                // a server answers this request with an error and goes on with the others...
            }
            insert(2);
            return null;
        }));
        // ...but must learn that nothing of the batch was kept, so that it can run them again one by one
        assertTrue(failed.getMessage(), failed.getMessage().contains("batch"));
        assertEquals(0, count());
        insert(3);
        assertEquals(1, count());
    }

    @Test
    public void otherCallersAreServedWhileABatchRunsAndAfterIt() throws Exception {
        CountDownLatch batchStarted = new CountDownLatch(1);
        CountDownLatch otherQueued = new CountDownLatch(1);
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> runner.inOneTransaction(Commit.DURABLE, () -> {
            insert(1);
            batchStarted.countDown();
            try {
                otherQueued.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        assertTrue(batchStarted.await(10, TimeUnit.SECONDS));
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> insert(2));
        otherQueued.countDown();
        batch.get(10, TimeUnit.SECONDS);
        other.get(10, TimeUnit.SECONDS);
        assertEquals(2, count());
    }

    @Test
    public void deferredWorkIsCommittedByTheWriterOnceItWaitedItsTime() throws Exception {
        runner.close();
        runner = new GroupCommitWriter(DriverManager.getConnection(url), "test store", 1024); // 10 ms
        insertDeferringCommit(1);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (committed() == 0 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertEquals("committed without any further call", 1, committed());
    }

    /** Work that gathers rows in the batch's state and writes them once, before the commit, as the message store does. */
    @Test
    public void batchStateIsSharedByItsPiecesAndWrittenBeforeTheCommit() throws Exception {
        List<Integer> committedFirst = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> pieces = new ArrayList<>();
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Void> blocker = runner.submit(batch -> {
            await(hold); // the next pieces queue meanwhile, and meet in one batch
            return null;
        });
        for (int i = 0; i < 5; i++) {
            int x = i;
            pieces.add(runner.submit(batch -> {
                List<Integer> rows = batch.state(Rows.class, () -> {
                    Rows created = new Rows();
                    batch.beforeCommit(connection -> {
                        try (Statement statement = connection.createStatement()) {
                            for (int row : created) {
                                statement.addBatch("INSERT INTO t (x) VALUES (" + row + ")");
                            }
                            return statement.executeBatch();
                        }
                    });
                    return created;
                });
                rows.add(x);
                batch.afterCommit(() -> committedFirst.add(x));
                return null;
            }));
        }
        hold.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> piece : pieces) {
            piece.get(10, TimeUnit.SECONDS);
        }
        assertEquals(5, committed());
        assertEquals("after-commit actions ran before the callers heard", List.of(0, 1, 2, 3, 4), committedFirst);
    }

    @Test
    public void aFailedPieceOfAQueuedBatchCostsOnlyItself() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        CompletableFuture<Void> blocker = runner.submit(batch -> {
            await(hold);
            return null;
        });
        CompletableFuture<Void> before = runner.submit(batch -> insertOn(batch.connection(), 1));
        CompletableFuture<Void> failing = runner.submit(batch -> {
            batch.connection().createStatement().execute("INSERT INTO missing (x) VALUES (1)");
            return null;
        });
        CompletableFuture<Void> after = runner.submit(batch -> insertOn(batch.connection(), 2));
        hold.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof StoreException);
        assertEquals(2, committed());
    }

    @Test
    public void aLostConnectionFailsWhatWaitsAndIsToldOnce() throws Exception {
        CountDownLatch lost = new CountDownLatch(1);
        runner.onLost(lost::countDown);
        CompletableFuture<Void> breaking = runner.submit(batch -> {
            batch.connection().close(); // as a database going away would
            throw new SQLException("connection reset");
        });
        assertThrows(ExecutionException.class, () -> breaking.get(10, TimeUnit.SECONDS));
        assertTrue(lost.await(10, TimeUnit.SECONDS));
        StoreException closed = assertThrows(StoreException.class, () -> insert(1));
        assertTrue(closed.getMessage(), closed.getMessage().contains("closed"));
    }

    private static Void insertOn(Connection connection, int x) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO t (x) VALUES (" + x + ")");
        }
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Rows extends ArrayList<Integer> {
    }
}
