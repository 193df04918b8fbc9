package dev.patchbay.api.queue;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What every {@link QueueStore} must do. A storage bundle extends this class and says how to
 * open an empty store.
 */
public abstract class QueueStoreContract {

    private static final AtomicInteger IDS = new AtomicInteger();
    protected static final Instant T0 = Instant.ofEpochMilli(1_800_000_000_000L);

    protected QueueStore store;

    /** A fresh, empty store. */
    protected abstract QueueStore open() throws Exception;

    protected void close(QueueStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Before
    public void openStore() throws Exception {
        store = open();
        store.deleteEverything();
    }

    @After
    public void closeStore() throws Exception {
        close(store);
    }

    protected static String newId() {
        return String.format("%024x", IDS.incrementAndGet() + (long) (Math.random() * 1e12) * 1_000_000);
    }

    protected static QueuedMessage message(String source, String destination, String text) {
        return QueuedMessage.pushed(newId(), source, destination, QueueStatus.PENDING, "text/plain", PayloadKind.TEXT,
                text.getBytes(UTF_8), T0, null);
    }

    @Test
    public void pushPullAckInOrder() {
        QueuedMessage first = message("a1", "b2", "one");
        QueuedMessage second = message("a1", "b2", "two");
        assertTrue(store.push(first));
        assertTrue(store.push(second));
        assertFalse("the same id twice", store.push(first));
        QueuedMessage pulled = store.pull("b2", T0.plusSeconds(1)).orElseThrow();
        assertEquals(first.id(), pulled.id());
        assertEquals(QueueStatus.PROCESSING, pulled.status());
        assertEquals(1, pulled.tries());
        assertEquals(T0.plusSeconds(1), pulled.processing());
        assertArrayEquals("one".getBytes(UTF_8), pulled.payload());
        assertEquals(second.id(), store.pull("b2", T0.plusSeconds(1)).orElseThrow().id());
        assertEquals(Optional.empty(), store.pull("b2", T0.plusSeconds(1)));
        assertEquals(Optional.empty(), store.pull("a1", T0.plusSeconds(1)));

        assertEquals(Optional.empty(), store.ack(first.id(), "a1", T0.plusSeconds(2)));
        QueuedMessage acked = store.ack(first.id(), "b2", T0.plusSeconds(2)).orElseThrow();
        assertEquals(QueueStatus.PROCESSED, acked.status());
        assertEquals(T0.plusSeconds(2), acked.processed());
        assertEquals(T0.plusSeconds(2), acked.updated());
        assertEquals("a second ack finds nothing", Optional.empty(), store.ack(first.id(), "b2", T0.plusSeconds(3)));
    }

    @Test
    public void aBatchKeepsEverythingItDidAndReturnsItsResult() {
        QueuedMessage first = message("a1", "b2", "one");
        QueuedMessage second = message("a1", "b2", "two");
        String pulled = store.batch(QueueStore.Commit.DURABLE, () -> {
            store.push(first);
            store.push(second);
            // a batch sees its own changes
            return store.pull("b2", T0.plusSeconds(1)).orElseThrow().id();
        });
        assertEquals(first.id(), pulled);
        assertEquals(QueueStatus.PROCESSING, store.get(first.id(), "b2").orElseThrow().status());
        assertEquals(QueueStatus.PENDING, store.get(second.id(), "b2").orElseThrow().status());
    }

    @Test
    public void aBatchThatFailsInAStoreThatCommitsBatchesLeavesNothing() {
        if (!store.commitsBatches()) {
            return; // each call committed on its own: nothing to roll back
        }
        QueuedMessage kept = message("a1", "b2", "kept");
        store.push(kept);
        QueuedMessage lost = message("a1", "b2", "lost");
        assertThrows(RuntimeException.class, () -> store.batch(QueueStore.Commit.DURABLE, () -> {
            store.push(lost);
            store.ack(kept.id(), "b2", T0);
            store.pull("b2", T0);
            throw new IllegalStateException("given up half way");
        }));
        assertEquals(Optional.empty(), store.get(lost.id(), "a1"));
        assertEquals(QueueStatus.PENDING, store.get(kept.id(), "a1").orElseThrow().status());
    }

    @Test
    public void claimsWhoseCommitIsDeferredAreSeenAtOnceAndAckable() {
        QueuedMessage first = message("a1", "b2", "one");
        QueuedMessage second = message("a1", "b2", "two");
        store.push(first);
        store.push(second);
        List<String> claimed = store.batch(QueueStore.Commit.DEFERRABLE, () -> List.of(
                store.pull("b2", T0.plusSeconds(1)).orElseThrow().id(), store.pull("b2", T0.plusSeconds(1)).orElseThrow().id()));
        assertEquals(List.of(first.id(), second.id()), claimed);
        assertEquals(QueueStatus.PROCESSING, store.get(first.id(), "b2").orElseThrow().status());
        assertTrue(store.ack(first.id(), "b2", T0.plusSeconds(2)).isPresent());
        store.batch(QueueStore.Commit.DURABLE, () -> null); // commits the deferred claims
        store.batch(QueueStore.Commit.DURABLE, () -> null); // nothing left: nothing to do
        assertEquals(Map.of(QueueStatus.PROCESSED, 1L, QueueStatus.PROCESSING, 1L), store.countByStatus());
    }

    @Test
    public void scheduledMessagesWaitForTheirTime() {
        QueuedMessage later = QueuedMessage.pushed(newId(), "a1", "b2", QueueStatus.SCHEDULED, "text/plain", PayloadKind.TEXT,
                "later".getBytes(UTF_8), T0, T0.plusSeconds(60));
        store.push(later);
        assertEquals(Optional.empty(), store.pull("b2", T0.plusSeconds(59)));
        assertEquals(later.id(), store.pull("b2", T0.plusSeconds(60)).orElseThrow().id());
    }

    @Test
    public void getListUpdateAndDeleteFollowOwnership() {
        QueuedMessage mine = message("a1", "b2", "mine");
        QueuedMessage other = message("c3", "d4", "other");
        store.push(mine);
        store.push(other);
        assertEquals(mine.id(), store.get(mine.id(), "a1").orElseThrow().id());
        assertEquals(mine.id(), store.get(mine.id(), "b2").orElseThrow().id());
        assertEquals(Optional.empty(), store.get(mine.id(), "c3"));
        assertEquals(List.of(mine.id()), store.list("a1", 100).stream().map(QueuedMessage::id).toList());

        assertEquals(Optional.empty(), store.updatePayload(mine.id(), "b2", PayloadKind.JSON, "{}".getBytes(UTF_8), T0));
        QueuedMessage updated = store.updatePayload(mine.id(), "a1", PayloadKind.JSON, "{\"x\": 1}".getBytes(UTF_8),
                T0.plusSeconds(5)).orElseThrow();
        assertEquals(PayloadKind.JSON, updated.kind());
        assertEquals("text/plain", updated.payloadType());
        assertEquals(T0.plusSeconds(5), updated.updated());

        assertEquals(0, store.delete(mine.id(), "b2"));
        assertEquals(1, store.delete(mine.id(), "a1"));
        assertEquals(0, store.delete(mine.id(), "a1"));
        store.push(message("c3", "d4", "more"));
        store.pull("d4", T0);
        assertEquals("only waiting messages are deleted", 1, store.deleteAll("c3"));
        assertEquals(1, store.deleteEverything());
        assertTrue(store.countByStatus().isEmpty());
    }

    @Test
    public void listIsOldestFirstAndLimited() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            QueuedMessage m = message("a1", "b2", "m" + i);
            store.push(m);
            ids.add(m.id());
        }
        assertEquals(ids.subList(0, 3), store.list("b2", 3).stream().map(QueuedMessage::id).toList());
        assertEquals(ids, store.oldest(100).stream().map(QueuedMessage::id).toList());
        assertEquals(2, store.remove(ids.subList(0, 2)));
        assertEquals(8, store.list("a1", 100).size());
    }

    @Test
    public void unackedMessagesComeBackAndDieAfterMaxTries() {
        QueuedMessage m = message("a1", "b2", "flaky");
        store.push(m);
        store.pull("b2", T0);
        assertEquals(0, store.requeueExpired(T0.plusSeconds(29), Duration.ofSeconds(30), 2));
        assertEquals(1, store.requeueExpired(T0.plusSeconds(30), Duration.ofSeconds(30), 2));
        QueuedMessage again = store.pull("b2", T0.plusSeconds(31)).orElseThrow();
        assertEquals(2, again.tries());
        assertEquals(1, store.requeueExpired(T0.plusSeconds(100), Duration.ofSeconds(30), 2));
        assertEquals(Optional.empty(), store.pull("b2", T0.plusSeconds(101)));
        assertEquals(QueueStatus.DEAD, store.get(m.id(), "b2").orElseThrow().status());
        assertEquals(Map.of(QueueStatus.DEAD, 1L), store.countByStatus());
    }

    @Test
    public void concurrentPullersClaimEachMessageOnce() throws Exception {
        int messages = 400;
        for (int i = 0; i < messages; i++) {
            store.push(message("a1", "b2", "m" + i));
        }
        assertEquals(messages, claimEverything(List.of(store), 4, "b2"));
    }

    /**
     * Pulls {@code destination}'s messages with {@code threads} threads spread over {@code stores}
     * (several stores on one database stand for several nodes) until none is left; fails if any
     * message is claimed twice.
     *
     * @return how many messages were claimed
     */
    protected static int claimEverything(List<QueueStore> stores, int threads, String destination) throws Exception {
        ExecutorService pullers = Executors.newFixedThreadPool(threads);
        Set<String> claimed = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger duplicates = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            QueueStore node = stores.get(p % stores.size());
            done.add(pullers.submit(() -> {
                for (Optional<QueuedMessage> next; (next = node.pull(destination, T0)).isPresent(); ) {
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
        assertEquals("messages claimed twice", 0, duplicates.get());
        return claimed.size();
    }
}
