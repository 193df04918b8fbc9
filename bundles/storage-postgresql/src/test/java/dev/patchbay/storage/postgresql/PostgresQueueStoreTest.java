package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueueStoreContract;
import dev.patchbay.api.testing.ClassResource;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.ClassRule;
import org.junit.Test;

/** The queue store contract on a real PostgreSQL server, plus two stores (two "nodes") on one database. */
public class PostgresQueueStoreTest extends QueueStoreContract {

    @ClassRule
    public static final ClassResource<PostgresTestServer> SERVER = new ClassResource<>(PostgresTestServer::start);

    private static PostgresTestServer server() {
        return SERVER.get();
    }

    @Override
    protected QueueStore open() {
        return PostgresQueueStore.open(server().jdbcUrl(), server().user(), "", 4);
    }

    @Test
    public void aStoreOpensOnceTheDatabaseIsBack() throws Exception {
        AtomicReference<JdbcQueueStore> opened = new AtomicReference<>();
        AtomicInteger closedCalls = new AtomicInteger();
        server().stop();
        BackgroundConnector<JdbcQueueStore> connector;
        try {
            connector = new BackgroundConnector<>("test store", () -> PostgresQueueStore.open(server().jdbcUrl(), server().user(), "", 2),
                    opened::set, store -> closedCalls.incrementAndGet(), Duration.ofMillis(50), Duration.ofMillis(200)).start();
            Thread.sleep(300);
            assertNull("opened while the database was down", opened.get());
        } finally {
            server().startAgain();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (opened.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(connector.isOpen());
        QueueStore store = opened.get();
        store.push(message("a1", "b2", "after the outage"));
        assertEquals("after the outage", new String(store.pull("b2", T0).orElseThrow().payload(), StandardCharsets.UTF_8));
        connector.close();
        assertEquals(1, closedCalls.get());
        assertThrows(RuntimeException.class, () -> store.pull("b2", T0));
    }

    @Test
    public void closingStopsTheTriesAndNothingIsHandedOver() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<AutoCloseable> opened = new AtomicReference<>();
        BackgroundConnector<AutoCloseable> connector = new BackgroundConnector<>("nothing", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("down");
        }, opened::set, closing -> { }, Duration.ofMillis(10), Duration.ofMillis(20)).start();
        while (attempts.get() < 3) {
            Thread.sleep(5);
        }
        connector.close();
        int after = attempts.get();
        Thread.sleep(100);
        assertEquals(after, attempts.get());
        assertNull(opened.get());
        assertFalse(connector.isOpen());
    }

    @Test
    public void twoNodesOnOneDatabaseClaimEachMessageOnce() throws Exception {
        try (JdbcQueueStore nodeA = PostgresQueueStore.open(server().jdbcUrl(), server().user(), "", 4);
             JdbcQueueStore nodeB = PostgresQueueStore.open(server().jdbcUrl(), server().user(), "", 4)) {
            int messages = 1000;
            for (int i = 0; i < messages; i++) {
                (i % 2 == 0 ? nodeA : nodeB).push(message("a1", "b2", "m" + i));
            }
            assertEquals(messages, claimEverything(List.of(nodeA, nodeB), 8, "b2"));
        }
    }
}
