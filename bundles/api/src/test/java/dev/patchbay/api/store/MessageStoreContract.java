package dev.patchbay.api.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.message.Message;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * What every {@link MessageStore} must do. A storage bundle extends this class and says how to
 * open (and reopen) its store.
 */
public abstract class MessageStoreContract {

    protected MessageStore store;

    /** A fresh, empty store. */
    protected abstract MessageStore open() throws Exception;

    /** Closes the store if it holds resources. */
    protected void close(MessageStore store) throws Exception {
    }

    @Before
    public void openStore() throws Exception {
        store = open();
    }

    @After
    public void closeStore() throws Exception {
        close(store);
    }

    protected static Message message(String destination, String text) {
        return new Message(UUID.randomUUID(), destination, text.getBytes(StandardCharsets.UTF_8),
                Map.of("k", "v", "ttl.ms", "1500"), Instant.now().truncatedTo(ChronoUnit.MILLIS), null, true);
    }

    protected static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void keepsEveryFieldAndTheOrderOfAppends() throws Exception {
        List<Message> appended = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Message message = message("bob", "m" + i);
            appended.add(message);
            store.append("bob", message);
        }
        await(store.append("bob", message("bob", "last")));
        List<Message> head = store.peek("bob", 50);
        assertEquals(appended, head);
        Message first = head.get(0);
        assertArrayEquals("m0".getBytes(StandardCharsets.UTF_8), first.payload());
        assertEquals(Map.of("k", "v", "ttl.ms", "1500"), first.headers());
        assertEquals(51, store.depth("bob"));
    }

    @Test
    public void queuesAreSeparate() throws Exception {
        await(store.append("a", message("a", "1")));
        await(store.append("b", message("b", "2")));
        assertEquals(Set.of("a", "b"), store.queues());
        assertEquals(1, store.depth("a"));
        assertEquals(0, store.depth("nobody"));
        assertEquals(List.of(), store.peek("nobody", 10));
    }

    @Test
    public void removeTakesOneMessageAndReportsWhetherItWasThere() throws Exception {
        Message keep = message("q", "keep");
        Message drop = message("q", "drop");
        store.append("q", keep);
        await(store.append("q", drop));
        assertTrue(await(store.remove("q", drop.id())));
        assertFalse(await(store.remove("q", drop.id())));
        assertEquals(List.of(keep), store.peek("q", 10));
    }

    @Test
    public void anEmptiedQueueIsNotListed() throws Exception {
        Message only = message("q", "x");
        await(store.append("q", only));
        await(store.remove("q", only.id()));
        assertEquals(Set.of(), store.queues());
    }

    @Test
    public void appendingAKnownMessageAgainChangesNothing() throws Exception {
        Message first = message("q", "first");
        Message second = message("q", "second");
        store.append("q", first);
        store.append("q", second);
        await(store.append("q", first));
        assertEquals(List.of(first, second), store.peek("q", 10));
    }

    @Test
    public void aRemoveIssuedBeforeTheAppendCompletedStillRemoves() throws Exception {
        List<CompletableFuture<?>> all = new ArrayList<>();
        List<Message> kept = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Message message = message("q", "n" + i);
            all.add(store.append("q", message).toCompletableFuture());
            if (i % 2 == 0) {
                all.add(store.remove("q", message.id()).toCompletableFuture());
            } else {
                kept.add(message);
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(kept, store.peek("q", 2000));
    }

    @Test
    public void removeAllRemovesTheGivenIdsOnly() throws Exception {
        Message a = message("q", "a");
        Message b = message("q", "b");
        Message c = message("q", "c");
        store.append("q", a);
        store.append("q", b);
        await(store.append("q", c));
        await(store.removeAll("q", List.of(a.id(), c.id(), UUID.randomUUID())));
        assertEquals(List.of(b), store.peek("q", 10));
    }

    @Test
    public void peekHonoursTheLimit() throws Exception {
        for (int i = 0; i < 5; i++) {
            await(store.append("q", message("q", "m" + i)));
        }
        assertEquals(2, store.peek("q", 2).size());
    }
}
