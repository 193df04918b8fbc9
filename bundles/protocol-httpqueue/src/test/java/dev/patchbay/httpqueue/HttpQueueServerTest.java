package dev.patchbay.httpqueue;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.client.queue.HttpQueueClient;
import dev.patchbay.client.queue.HttpQueueException;
import dev.patchbay.client.queue.QueueMessage;
import dev.patchbay.client.queue.QueuePayload;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.storage.sqlite.SqliteQueueStore;
import dev.patchbay.transport.netty.NettyTransport;
import dev.patchbay.transport.netty.testing.Floods;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The HTTP queue over real sockets with a real SQLite file, driven by the Java client and by raw HTTP. */
public class HttpQueueServerTest {

    static final String TOKEN = "DEFAULT_TOKEN";
    /** Accepts scirocco's default token by equality; the node uses the bcrypt token authenticator. */
    static final Authenticator FIXED_TOKEN = credentials -> new String(credentials.secret(), UTF_8).equals(TOKEN)
            ? AuthResult.accept("") : AuthResult.reject("wrong token");

    private NettyTransport transport;
    private JdbcQueueStore store;
    private StoreSwitch stores;
    private HttpQueueServer server;
    private int port;
    private HttpQueueClient a;
    private HttpQueueClient b;

    @Before
    public void start() throws Exception {
        transport = new NettyTransport(2, null);
        store = SqliteQueueStore.open(Files.createTempDirectory("patchbay-httpqueue-").resolve("queue.db"),
                SqliteMessageStore.Durability.NORMAL);
        stores = new StoreSwitch();
        stores.use(store);
        server = new HttpQueueServer(transport, stores, () -> FIXED_TOKEN, HttpQueueService.Settings.DEFAULTS, 4,
                Duration.ofMillis(400), 2, Duration.ofSeconds(30));
        port = server.listen(new EndpointSpec("http-queue", "127.0.0.1", 0, null)).localAddress().getPort();
        a = client("af123");
        b = client("bf456");
    }

    private HttpQueueClient client(String node) {
        return new HttpQueueClient(URI.create("http://127.0.0.1:" + port), node, TOKEN, Duration.ofSeconds(10));
    }

    @After
    public void stop() {
        server.close();
        store.close();
        transport.close();
    }

    /** Sends raw HTTP/1.1 and returns the whole response text (the server closes after it). */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(UTF_8);
        }
    }

    @Test
    public void pushPullAckWithSciroccoStatusesAndHeaders() throws Exception {
        QueueMessage pushed = a.push("bf456", QueuePayload.text("hello"));
        assertEquals("pending", pushed.status());
        assertEquals(0, pushed.tries());
        assertEquals("text/plain", pushed.payloadType());
        assertEquals("hello", pushed.text());
        assertTrue(pushed.id().matches("[0-9a-f]{24}"));

        assertEquals(Optional.empty(), a.pull());
        QueueMessage pulled = b.pull().orElseThrow();
        assertEquals(pushed.id(), pulled.id());
        assertEquals("processing", pulled.status());
        assertEquals(1, pulled.tries());
        assertTrue(pulled.metadata().containsKey("Processing-Time"));
        assertEquals(Optional.empty(), b.pull());

        assertEquals(404, assertThrows(HttpQueueException.class, () -> a.ack(pushed.id())).status());
        QueueMessage acked = b.ack(pushed.id());
        assertEquals("processed", acked.status());
        assertTrue(acked.metadata().containsKey("Processed-Time"));
        assertEquals(404, assertThrows(HttpQueueException.class, () -> b.ack(pushed.id())).status());

        // exact header names, as scirocco's Python client matches them case-sensitively
        String response = raw("GET /messages/" + pushed.id() + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN
                + "\r\nScirocco-Node-Source: af123\r\nConnection: close\r\n\r\n");
        assertTrue(response, response.startsWith("HTTP/1.1 200 OK\r\n"));
        for (String header : List.of("Scirocco-Id: " + pushed.id(), "Scirocco-Node-Source: af123",
                "Scirocco-Node-Destination: bf456", "Scirocco-Status: processed", "Scirocco-Tries: 1",
                "Scirocco-Payload-Type: text/plain", "Scirocco-Created-Time: ", "Scirocco-Update-Time: ",
                "Scirocco-Processing-Time: ", "Scirocco-Processed-Time: ")) {
            assertTrue(header + " in\n" + response, response.contains("\r\n" + header));
        }
        assertTrue(response, response.matches("(?s).*Scirocco-Created-Time: \\w{3} \\w{3} \\d\\d \\d{4} \\d\\d:\\d\\d:\\d\\d "
                + "GMT\\+0000 \\(Coordinated Universal Time\\)\r\n.*"));

        // answer times per route: one push, three pulls, three acks (two refused), one GET /messages
        Map<String, Long> counts = server.latencies().stream()
                .collect(Collectors.toMap(h -> h.labels().get("route"), LatencyHistogram::count));
        assertEquals(Map.of("push", 1L, "pull", 3L, "ack", 3L, "messages", 1L), counts);
        server.latencies().forEach(h -> assertTrue(h.sumSeconds() > 0));
        // and the same answers counted by status
        Map<String, Double> answered = server.answerCounts("queue").stream().collect(Collectors.toMap(
                v -> v.labels().get("route") + " " + v.labels().get("status"), v -> v.value(), Double::sum));
        assertEquals(8.0, answered.values().stream().mapToDouble(Double::doubleValue).sum(), 0);
        assertEquals(2.0, answered.entrySet().stream().filter(e -> e.getKey().startsWith("ack ") && !e.getKey().equals("ack 200"))
                .mapToDouble(Map.Entry::getValue).sum(), 0);
    }

    @Test
    public void tokenChecksThatTakeLongNeverHoldUpRequestsWithAGoodToken() throws Exception {
        // Issue 14.5: each wrong token cost a bcrypt check on the store's one batching thread, so
        // 64 connections with wrong tokens made a valid client wait seconds. Here a check of an
        // unknown token does not end until the test lets it.
        CountDownLatch slowChecksEnd = new CountDownLatch(1);
        Authenticator slowForUnknownTokens = new Authenticator() {
            @Override
            public AuthResult tryAuthenticateNow(Credentials credentials) {
                return new String(credentials.secret(), UTF_8).equals(TOKEN) ? AuthResult.accept("") : null;
            }

            @Override
            public AuthResult authenticate(Credentials credentials) {
                try {
                    slowChecksEnd.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return AuthResult.reject("wrong token");
            }
        };
        HttpQueueServer guarded = new HttpQueueServer(transport, stores, () -> slowForUnknownTokens,
                HttpQueueService.Settings.DEFAULTS, 4, Duration.ofMillis(400), 2, Duration.ofSeconds(30));
        int guardedPort = guarded.listen(new EndpointSpec("guarded", "127.0.0.1", 0, null)).localAddress().getPort();
        ExecutorService attackers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> wrong = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                wrong.add(attackers.submit(() -> rawTo(guardedPort, "GET /messageQueue HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: wrong\r\nNode-Id: af123\r\nConnection: close\r\n\r\n")));
            }
            HttpQueueClient valid = new HttpQueueClient(URI.create("http://127.0.0.1:" + guardedPort), "af123", TOKEN,
                    Duration.ofSeconds(10));
            for (int i = 0; i < 20; i++) {
                assertEquals("pending", valid.push("bf456", QueuePayload.text("while wrong tokens wait " + i)).status());
            }
            slowChecksEnd.countDown();
            for (Future<String> answer : wrong) {
                assertTrue(answer.get(20, TimeUnit.SECONDS).startsWith("HTTP/1.1 403"));
            }
        } finally {
            slowChecksEnd.countDown();
            attackers.shutdownNow();
            guarded.close();
        }
    }

    @Test
    public void aTokenRestrictedToNodeIdsCannotActAsAnyOther() throws Exception {
        Authenticator twoTokens = credentials -> switch (new String(credentials.secret(), UTF_8)) {
            case TOKEN -> AuthResult.accept("shared");
            case "af-token" -> AuthResult.accept("token#2");
            default -> AuthResult.reject("wrong token");
        };
        HttpQueueServer restricted = new HttpQueueServer(transport, stores, () -> twoTokens,
                new HttpQueueService.Settings(100 << 10, 100 << 10, 1000 << 10, 100, Map.of("token#2", Set.of("af123"))),
                4, Duration.ofMillis(400), 2, Duration.ofSeconds(30));
        try {
            URI uri = URI.create("http://127.0.0.1:" + restricted.listen(new EndpointSpec("restricted", "127.0.0.1", 0, null))
                    .localAddress().getPort());
            HttpQueueClient asItself = new HttpQueueClient(uri, "af123", "af-token", Duration.ofSeconds(10));
            HttpQueueClient asAnother = new HttpQueueClient(uri, "bf456", "af-token", Duration.ofSeconds(10));
            HttpQueueClient shared = new HttpQueueClient(uri, "bf456", TOKEN, Duration.ofSeconds(10));
            assertEquals("pending", asItself.push("bf456", QueuePayload.text("from af123")).status());
            assertEquals(403, assertThrows(HttpQueueException.class, () -> asAnother.pull()).status());
            assertEquals(403, assertThrows(HttpQueueException.class,
                    () -> asAnother.push("af123", QueuePayload.text("forged"))).status());
            assertEquals("the shared token still acts as any node", "from af123", shared.pull().orElseThrow().text());
        } finally {
            restricted.close();
        }
    }

    @Test
    public void pipelinedRequestsFromAClientThatNeverReadsQueueBoundedAnswers() throws Exception {
        // Issue 14.1: answers to a client that sends without reading were written with no
        // writability check: +114 MB in 60 s from four such clients.
        Endpoint flooded = server.listen(new EndpointSpec("flooded", "127.0.0.1", 0, null));
        Socket flooder = new Socket("127.0.0.1", flooded.localAddress().getPort());
        long offered = 16L << 20;
        Floods.sendWithoutReading(flooder, new byte[0], "GET / HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000).getBytes(UTF_8), offered);
        try {
            long read = Floods.settled(() -> flooded.stats().bytesRead());
            long queued = flooded.stats().queuedOutboundBytes();
            assertTrue("bytes queued for the flooder: " + queued, queued <= 1 << 20);
            assertTrue("bytes read from the flooder: " + read, read < offered);
            assertEquals("pending", a.push("bf456", QueuePayload.text("still served")).status());
        } finally {
            flooder.close();
        }
    }

    private static String rawTo(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(UTF_8));
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(UTF_8);
        }
    }

    @Test
    public void binaryIsRawOnPushAndBase64Elsewhere() {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 10, 13};
        QueueMessage pushed = a.push("bf456", QueuePayload.binary(bytes), null, "application/pdf");
        assertArrayEquals(bytes, pushed.body());
        assertEquals("application/pdf", pushed.payloadType());
        QueueMessage pulled = b.pull().orElseThrow();
        assertEquals("\"AAEC/woN\"", pulled.text());
        assertArrayEquals(bytes, pulled.binary());
        assertTrue(a.listJson(10).contains("\"payload\": \"AAEC/woN\""));
    }

    @Test
    public void jsonIsStoredVerbatim() {
        String json = "{\"a\": {}, \"b\": [{}], \"c.d\": null, \"$e\": 1}";
        a.push("bf456", QueuePayload.json(json));
        assertEquals(json, b.pull().orElseThrow().text());
    }

    @Test
    public void errorsAreJsonWithSciroccoStatuses() throws Exception {
        HttpQueueClient stranger = new HttpQueueClient(URI.create("http://127.0.0.1:" + port), "af123", "wrong", Duration.ofSeconds(5));
        assertEquals(403, assertThrows(HttpQueueException.class, () -> stranger.push("bf456", QueuePayload.text("x"))).status());
        assertEquals(403, assertThrows(HttpQueueException.class, stranger::pull).status());
        String noType = raw("POST /messageQueue HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN
                + "\r\nScirocco-Node-Source: af123\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertTrue(noType, noType.startsWith("HTTP/1.1 400") && noType.contains("valid Content-Type"));
        assertEquals(400, assertThrows(HttpQueueException.class, () -> a.push("bf456", QueuePayload.json("42"))).status());
        assertEquals(400, assertThrows(HttpQueueException.class, () -> a.push("bf456", QueuePayload.json("{\"a\":"))).status());
        assertEquals(400, assertThrows(HttpQueueException.class, () -> a.push("not-hex", QueuePayload.text("x"))).status());
        assertEquals(413, assertThrows(HttpQueueException.class,
                () -> a.push("bf456", QueuePayload.binary(new byte[1_550_000]))).status());
        assertEquals(413, assertThrows(HttpQueueException.class,
                () -> a.push("bf456", QueuePayload.text("x".repeat(200_000)))).status());
        assertEquals(400, assertThrows(HttpQueueException.class,
                () -> a.push("bf456", QueuePayload.text("x"), Instant.now().minusSeconds(1120), null)).status());
        // ids that are hex but not 24 characters: 404, never a 500 or a crash (scirocco crashes on GET)
        assertEquals(404, assertThrows(HttpQueueException.class, () -> a.get("abc")).status());
        assertEquals(404, assertThrows(HttpQueueException.class, () -> a.ack("abc")).status());
        assertEquals(0, a.delete("abc"));
        String unknown = raw("GET /nowhere HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN + "\r\nConnection: close\r\n\r\n");
        assertTrue(unknown, unknown.startsWith("HTTP/1.1 404") && unknown.endsWith("{\"message\": \"Not Found\"}"));
        String banner = raw("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN + "\r\nConnection: close\r\n\r\n");
        assertTrue(banner, banner.contains("\"name\": \"DDS endpoint.\""));
        String garbage = raw("NONSENSE\r\n\r\n");
        assertTrue(garbage, garbage.startsWith("HTTP/1.1 400"));
    }

    @Test
    public void pipelinedRequestsAreAnsweredInOrderPastTheReadPause() throws Exception {
        // more requests in one write than the handler lets wait before it stops reading
        int count = 2 * HttpQueueHandler.MAX_PIPELINED;
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String body = "m" + i;
            requests.append("POST /messageQueue HTTP/1.1\r\nHost: x\r\nAuthorization: ").append(TOKEN)
                    .append("\r\nScirocco-Node-Source: af123\r\nScirocco-Node-Destination: bf456\r\n")
                    .append("Content-Type: text/plain\r\nContent-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        }
        for (int i = 0; i < count; i++) {
            requests.append("GET /messageQueue HTTP/1.1\r\nHost: x\r\nAuthorization: ").append(TOKEN)
                    .append("\r\nScirocco-Node-Source: bf456\r\n").append(i == count - 1 ? "Connection: close\r\n" : "").append("\r\n");
        }
        String[] answers = raw(requests.toString()).split("(?=HTTP/1\\.1 )");
        assertEquals(2 * count, answers.length);
        for (int i = 0; i < 2 * count; i++) {
            String expected = (i < count ? "HTTP/1.1 201" : "HTTP/1.1 200");
            assertTrue(answers[i], answers[i].startsWith(expected) && answers[i].endsWith("\r\n\r\nm" + (i % count)));
        }
    }

    @Test
    public void scheduledMessagesWaitAndStatusesAreNormalised() throws Exception {
        QueueMessage later = a.push("bf456", QueuePayload.text("later"), Instant.now().plusMillis(700), null);
        assertEquals("scheduled", later.status());
        assertEquals(Optional.empty(), b.pull());
        long deadline = System.nanoTime() + 10_000_000_000L;
        Optional<QueueMessage> pulled;
        while ((pulled = b.pull()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(later.id(), pulled.orElseThrow().id());
        String noTime = raw("POST /messageQueue HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN
                + "\r\nScirocco-Node-Source: af123\r\nScirocco-Node-Destination: bf456\r\nScirocco-Status: scheduled"
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertTrue(noTime, noTime.contains("An scheduled message requires the scheduled time header to be set."));
        String processed = raw("POST /messageQueue/ HTTP/1.1\r\nHost: x\r\nAuthorization: " + TOKEN
                + "\r\nScirocco-Node-Source: af123\r\nScirocco-Node-Destination: bf456\r\nScirocco-Status: processed"
                + "\r\nContent-Type: text/plain\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
        assertTrue(processed, processed.startsWith("HTTP/1.1 201") && processed.contains("Scirocco-Status: pending"));
    }

    @Test
    public void messageRoutesFollowOwnership() {
        QueueMessage first = a.push("bf456", QueuePayload.json("{\"n\": 1}"));
        QueueMessage second = a.push("bf456", QueuePayload.text("two"));
        String list = b.listJson(100);
        assertTrue(list, list.indexOf(first.id()) < list.indexOf(second.id()));
        assertEquals("", client("cc").listJson(100));
        QueueMessage updated = a.update(first.id(), QueuePayload.binary(new byte[] {1}));
        assertEquals("application/json", updated.payloadType());
        assertTrue(updated.metadata().containsKey("Update-Time"));
        assertEquals(404, assertThrows(HttpQueueException.class, () -> b.update(first.id(), QueuePayload.text("x"))).status());
        assertEquals(0, b.delete(first.id()));
        assertEquals(1, a.delete(first.id()));
        assertEquals(1, a.deleteAll());
        a.push("bf456", QueuePayload.text("three"));
        b.pull();
        assertEquals(1, a.deleteEverything());
    }

    @Test
    public void unackedMessagesComeBackThenGoDead() throws Exception {
        QueueMessage pushed = a.push("bf456", QueuePayload.text("flaky"));
        assertEquals(1, b.pull().orElseThrow().tries());
        QueueMessage again = awaitPull(b);
        assertEquals(pushed.id(), again.id());
        assertEquals(2, again.tries());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!a.get(pushed.id()).status().equals("dead")) {
            assertTrue("never dead", System.nanoTime() < deadline);
            Thread.sleep(50);
        }
        assertEquals(Optional.empty(), b.pull());
    }

    private static QueueMessage awaitPull(HttpQueueClient client) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<QueueMessage> next = client.pull();
            if (next.isPresent()) {
                return next.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing to pull within 10 s");
    }

    @Test
    public void concurrentPullersOverHttpGetEachMessageOnce() throws Exception {
        int messages = 400;
        for (int i = 0; i < messages; i++) {
            a.push("bf456", QueuePayload.text("m" + i));
        }
        ExecutorService pullers = Executors.newFixedThreadPool(4);
        Set<String> seen = Collections.synchronizedSet(new HashSet<>());
        AtomicInteger duplicates = new AtomicInteger();
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            HttpQueueClient puller = client("bf456");
            done.add(pullers.submit(() -> {
                for (Optional<QueueMessage> next; (next = puller.pull()).isPresent(); ) {
                    if (!seen.add(next.get().id())) {
                        duplicates.incrementAndGet();
                    }
                    puller.ack(next.get().id());
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pullers.shutdown();
        assertEquals(0, duplicates.get());
        assertEquals(messages, seen.size());
    }

    @Test
    public void switchingStoresWhilePushingLosesAndDuplicatesNothing() throws Exception {
        JdbcQueueStore next = SqliteQueueStore.open(Files.createTempDirectory("patchbay-httpqueue-next-").resolve("queue.db"),
                SqliteMessageStore.Durability.NORMAL);
        try {
            Set<String> pushed = Collections.synchronizedSet(new HashSet<>());
            AtomicBoolean pushing = new AtomicBoolean(true);
            Thread pusher = new Thread(() -> {
                while (pushing.get()) {
                    pushed.add(a.push("bf456", QueuePayload.text("x")).id());
                }
            });
            pusher.start();
            while (pushed.size() < 200) {
                Thread.sleep(5);
            }
            stores.use(next);
            int atSwitch = pushed.size();
            while (pushed.size() < atSwitch + 200) {
                Thread.sleep(5);
            }
            pushing.set(false);
            pusher.join();
            assertTrue(store.oldest(10).isEmpty());
            Set<String> pulled = new HashSet<>();
            for (Optional<QueueMessage> m; (m = b.pull()).isPresent(); ) {
                assertTrue("pulled twice: " + m.get().id(), pulled.add(m.get().id()));
                b.ack(m.get().id()); // before the 400 ms visibility timeout would hand it back
            }
            assertEquals(pushed, pulled);
            assertFalse(pushed.isEmpty());
        } finally {
            stores.use(store);
            next.close();
        }
    }

}
