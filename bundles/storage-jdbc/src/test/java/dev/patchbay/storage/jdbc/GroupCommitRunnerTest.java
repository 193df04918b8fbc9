package dev.patchbay.storage.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.store.StoreException;
import java.nio.file.Files;
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

    @Before
    public void open() throws Exception {
        String url = "jdbc:sqlite:" + Files.createTempDirectory("patchbay-group-commit-").resolve("t.db");
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
