package dev.patchbay.storage.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.store.StoreException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The runner on a real SQLite file: group commit and batches sharing one transaction. */
public class GroupCommitRunnerTest {

    private GroupCommitRunner runner;
    private String url;

    @Before
    public void open() throws Exception {
        url = "jdbc:sqlite:" + Files.createTempDirectory("patchbay-group-commit-").resolve("t.db");
        runner = new GroupCommitRunner(DriverManager.getConnection(url));
        runner.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (x INTEGER NOT NULL)");
            }
            return null;
        });
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
        runner.inOneTransactionDeferringCommit(() -> insert(x));
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
    public void commitDeferredAndCloseCommitWhatWaits() throws Exception {
        runner.commitDeferred(); // nothing waits: nothing to do
        insertDeferringCommit(1);
        runner.commitDeferred();
        assertEquals(1, committed());
        insertDeferringCommit(2);
        runner.close();
        assertEquals(2, committed());
        runner = new GroupCommitRunner(DriverManager.getConnection(url));
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
        assertThrows(StoreException.class, () -> runner.inOneTransaction(() -> {
            insert(2);
            throw new IllegalStateException("the caller gave up");
        }));
        assertEquals(0, count());
        assertEquals(0, committed());
    }

    @Test
    public void piecesOfABatchShareItsTransactionAndSeeEachOther() {
        int seenInside = runner.inOneTransaction(() -> {
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
        assertThrows(StoreException.class, () -> runner.inOneTransaction(() -> {
            insert(1);
            throw new IllegalStateException("the caller gave up");
        }));
        assertEquals(0, count());
    }

    @Test
    public void aFailedStatementFailsTheWholeBatchEvenWhenItsCallerCaughtIt() {
        StoreException failed = assertThrows(StoreException.class, () -> runner.inOneTransaction(() -> {
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
        CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> runner.inOneTransaction(() -> {
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
}
