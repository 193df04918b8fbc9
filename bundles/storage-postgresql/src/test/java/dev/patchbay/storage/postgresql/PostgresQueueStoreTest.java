package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueueStoreContract;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
            ExecutorService pullers = Executors.newFixedThreadPool(8);
            Set<String> claimed = Collections.synchronizedSet(new HashSet<>());
            AtomicInteger duplicates = new AtomicInteger();
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int p = 0; p < 8; p++) {
                QueueStore node = p % 2 == 0 ? nodeA : nodeB;
                done.add(pullers.submit(() -> {
                    for (Optional<QueuedMessage> next; (next = node.pull("b2", T0)).isPresent(); ) {
                        if (!claimed.add(next.get().id())) {
                            duplicates.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pullers.shutdown();
            assertEquals(0, duplicates.get());
            assertEquals(messages, claimed.size());
        }
    }
}
