package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueueStoreContract;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** The queue store contract on a real PostgreSQL server, plus two stores (two "nodes") on one database. */
public class PostgresQueueStoreTest extends QueueStoreContract {

    private static PostgresTestServer server;

    @BeforeClass
    public static void startServer() throws Exception {
        server = PostgresTestServer.start();
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected QueueStore open() {
        return PostgresQueueStore.open(server.jdbcUrl(), server.user(), "", 4);
    }

    @Test
    public void twoNodesOnOneDatabaseClaimEachMessageOnce() throws Exception {
        try (JdbcQueueStore nodeA = PostgresQueueStore.open(server.jdbcUrl(), server.user(), "", 4);
             JdbcQueueStore nodeB = PostgresQueueStore.open(server.jdbcUrl(), server.user(), "", 4)) {
            int messages = 1000;
            for (int i = 0; i < messages; i++) {
                (i % 2 == 0 ? nodeA : nodeB).push(message("a1", "b2", "m" + i));
            }
            assertEquals(messages, claimEverything(List.of(nodeA, nodeB), 8, "b2"));
        }
    }
}
