package dev.patchbay.httpqueue;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.api.store.StoreException;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.storage.sqlite.SqliteQueueStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Requests answered as one store batch on a real SQLite store, and what happens when one of them fails. */
public class HttpQueueServiceBatchTest {

    private JdbcQueueStore sqlite;
    private HttpQueueService service;

    @Before
    public void open() throws Exception {
        sqlite = SqliteQueueStore.open(Files.createTempDirectory("patchbay-httpqueue-batch-").resolve("q.db"),
                SqliteMessageStore.Durability.NORMAL);
        service = serviceOn(failing(true));
    }

    /**
     * The real store, except that a push of "poison" fails as a full disk would; with
     * {@code batching} false it commits call by call, as a store of many connections does.
     */
    private QueueStore failing(boolean batching) {
        return (QueueStore) Proxy.newProxyInstance(QueueStore.class.getClassLoader(),
                new Class<?>[] {QueueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("push") && new String(((QueuedMessage) args[0]).payload(), UTF_8).equals("poison")) {
                        throw new StoreException("disk full", null);
                    }
                    if (!batching && method.getName().equals("commitsBatches")) {
                        return false;
                    }
                    if (!batching && method.getName().equals("batch")) {
                        return ((Supplier<?>) args[1]).get();
                    }
                    try {
                        return method.invoke(sqlite, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static HttpQueueService serviceOn(QueueStore store) {
        StoreSwitch stores = new StoreSwitch();
        stores.use(store);
        return new HttpQueueService(stores, () -> HttpQueueServerTest.FIXED_TOKEN, HttpQueueService.Settings.DEFAULTS,
                Clock.systemUTC()::instant);
    }

    @After
    public void close() {
        sqlite.close();
    }

    private static HttpQueueRequest push(String text) {
        return new HttpQueueRequest("POST", "/messageQueue", Map.of(), Map.of("authorization", HttpQueueServerTest.TOKEN,
                "scirocco-node-source", "af01", "scirocco-node-destination", "bf02", "content-type", "text/plain"),
                text.getBytes(UTF_8), "127.0.0.1:1");
    }

    private static HttpQueueRequest pull() {
        return new HttpQueueRequest("GET", "/messageQueue", Map.of(), Map.of("authorization", HttpQueueServerTest.TOKEN,
                "scirocco-node-source", "bf02"), new byte[0], "127.0.0.1:1");
    }

    @Test
    public void requestsOfABatchAreAnsweredInOrderAndSeeEachOther() {
        List<HttpQueueResponse> answers = service.handleAll(List.of(push("one"), pull(), push("two"), pull(), pull()));
        assertEquals(List.of(201, 200, 201, 200, 204), answers.stream().map(HttpQueueResponse::status).toList());
        assertTrue(new String(answers.get(1).body(), UTF_8).contains("one"));
        assertTrue(new String(answers.get(3).body(), UTF_8).contains("two"));
    }

    @Test
    public void aFailureCostsOnlyItsOwnRequest() {
        List<HttpQueueResponse> answers = service.handleAll(List.of(push("one"), push("poison"), push("two"),
                new HttpQueueRequest("GET", "/messageQueue", Map.of(), Map.of("authorization", "wrong"), new byte[0], "x")));
        assertEquals(List.of(201, 503, 201, 403), answers.stream().map(HttpQueueResponse::status).toList());
        // the batch was rolled back and its requests ran again one by one: each message is there once
        List<QueuedMessage> stored = sqlite.list("af01", 10);
        assertEquals(List.of("one", "two"), stored.stream().map(m -> new String(m.payload(), UTF_8)).toList());
    }

    @Test
    public void aStoreThatCommitsCallByCallRunsEachRequestOnce() {
        HttpQueueService callByCall = serviceOn(failing(false));
        callByCall.handleAll(List.of(push("one"), push("two")));
        List<HttpQueueResponse> answers = callByCall.handleAll(List.of(pull(), push("poison")));
        assertEquals(List.of(200, 503), answers.stream().map(HttpQueueResponse::status).toList());
        assertTrue(new String(answers.get(0).body(), UTF_8).contains("one"));
        // the pull was not run a second time: "two" was not claimed behind the client's back
        assertEquals(List.of("processing", "pending"),
                sqlite.list("af01", 10).stream().map(m -> m.status().wireName()).toList());
    }
}
