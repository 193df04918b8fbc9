package dev.patchbay.nucos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.challenge.PlainChallengeAuthenticator;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.transport.netty.NettyTransport;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Our server against the live session captured from nucosMQ (docs/vectors/nucosmq.json,
 * "live"): a hand-driven socket sends the Python client's exact bytes and must get the Python
 * server's exact bytes back.
 */
public class NucosWireTest {

    private NettyTransport transport;
    private NucosServer server;
    private int port;
    private final List<Object> serverAll = new CopyOnWriteArrayList<>();

    @Before
    public void start() {
        transport = new NettyTransport(2, null);
        server = NucosServer.builder().transport(transport).framing(new EomDelimiterFraming()).broker(new RoomBroker())
                .authenticator(new PlainChallengeAuthenticator(Map.of("testuser", "1234".getBytes(UTF_8),
                        "late", "1234".getBytes(UTF_8)), "1234", new SecureRandom()))
                .build();
        server.onAll(message -> serverAll.add(message.content()));
        port = server.listen(new EndpointSpec("nucos", "127.0.0.1", 0, null)).localAddress().getPort();
    }

    @After
    public void stop() {
        server.close();
        transport.close();
    }

    private static String f(String event, String contentJson) {
        return "{\"data\": {\"event\": \"" + event + "\", \"content\": " + contentJson + "}}_EOM_";
    }

    private static String f(String event, String contentJson, String room) {
        return "{\"data\": {\"event\": \"" + event + "\", \"content\": " + contentJson + ", \"room\": \"" + room + "\"}}_EOM_";
    }

    private void login(RawNucosClient client, String uid) throws Exception {
        assertEquals(f("start_auth", "\"\""), client.readFrame());
        client.write(f("uid", "\"" + uid + "\""));
        assertEquals(f("challenge_auth", "\"1234\""), client.readFrame());
        client.write(f("signature", "\"1234\""));
        assertEquals(f("auth_final", "\"success\""), client.readFrame());
        client.write(f("thanks", "\"i am in\""));
    }

    @Test
    public void theCapturedSessionGetsTheSameBytes() throws Exception {
        try (RawNucosClient client = new RawNucosClient(port)) {
            login(client, "testuser");
            client.write(f("subscripe", "\"weather\""));
            client.write(f("test-event", "\"hello\""));
            client.write(f("data", "{\"a\": 1, \"b\": [1, 2.5, null]}"));
            waitFor(() -> serverAll.size() == 2);
            // nucosMQ's callbacks also got the login's closing "thanks"; Patchbay's end the login with it
            assertEquals(List.of("hello", Map.of("a", 1, "b", java.util.Arrays.asList(1, 2.5, null))), serverAll);

            assertEquals(1, server.publish("weather", "today", "sunny"));
            assertEquals("{\"data\": {\"event\": \"today\", \"content\": \"sunny\", \"room\": \"weather\"}}_EOM_", client.readFrame());
            assertEquals(1, server.publish("testuser", "direct", "hi"));
            assertEquals(f("direct", "\"hi\"", "testuser"), client.readFrame());

            String rain = f("rain", "\"yesterday\"", "weather");
            client.write(rain);
            assertEquals("relayed back to the publisher, a member, unchanged", rain, client.readFrame());

            client.write(f("ping", "\"\""));
            assertEquals(f("pong", "\"\""), client.readFrame());

            var ping = server.ping("testuser", java.time.Duration.ofSeconds(5)).toCompletableFuture();
            assertEquals(f("ping", "\"\""), client.readFrame());
            client.write(f("pong", "\"\""));
            assertTrue(ping.get(5, TimeUnit.SECONDS).toNanos() > 0);

            client.write(f("shutdown", "\"now\""));
            assertEquals(f("shutdown", "\"confirmed\""), client.readFrame());
            assertTrue("we close after confirming", client.closedByServer());
        }
    }

    @Test
    public void aWrongSignatureGetsFailedAndARealClose() throws Exception {
        try (RawNucosClient client = new RawNucosClient(port)) {
            assertEquals(f("start_auth", "\"\""), client.readFrame());
            client.write(f("uid", "\"intruder\""));
            assertEquals(f("challenge_auth", "\"1234\""), client.readFrame());
            client.write(f("signature", "\"wrong\""));
            assertEquals(f("auth_final", "\"failed\""), client.readFrame());
            assertTrue("nucosMQ leaves the socket half-open; we send FIN", client.closedByServer());
        }
        assertEquals(1, server.stats().failedLogins());
    }

    @Test
    public void serverCloseSendsShutdownNow() throws Exception {
        try (RawNucosClient client = new RawNucosClient(port)) {
            login(client, "late");
            waitFor(() -> server.isConnected("late"));
            server.close();
            assertEquals(f("shutdown", "\"now\""), client.readFrame());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    public void framesSplitAnywhereAndBatchedInOneWriteAllArrive() throws Exception {
        try (RawNucosClient client = new RawNucosClient(port)) {
            login(client, "testuser");
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                batch.append(f("n", Integer.toString(i)));
            }
            // nucosMQ's reader drops the tail of a read and every frame after a room frame; ours keeps all
            String all = f("subscripe", "\"r\"") + f("x", "1", "r") + batch;
            for (int at = 0; at < all.length(); at += 37) {
                client.write(all.substring(at, Math.min(all.length(), at + 37)));
            }
            waitFor(() -> serverAll.size() == 1 + 200);
            assertEquals(199, serverAll.get(serverAll.size() - 1));
            assertEquals(f("x", "1", "r"), client.readFrame());
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
