package dev.patchbay.nucos;

import static dev.patchbay.nucos.NucosWireTest.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.challenge.HmacChallengeAuthenticator;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.transport.netty.NettyTransport;
import dev.patchbay.transport.netty.testing.Floods;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Java clients against the server over real sockets: login, rooms, rights, slow readers, links. */
public class NucosServerTest {

    private static final Map<String, byte[]> SECRETS = Map.of(
            "alice", "a-secret".getBytes(UTF_8), "bob", "b-secret".getBytes(UTF_8), "carol", "c-secret".getBytes(UTF_8));

    private NettyTransport transport;
    private RoomBroker broker;
    private NucosServer server;
    private int port;
    private Endpoint endpoint;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @Before
    public void start() {
        transport = new NettyTransport(2, null);
        broker = new RoomBroker();
    }

    private void startServer(NucosServer.Builder builder) {
        server = builder.transport(transport).framing(new EomDelimiterFraming()).broker(broker).build();
        endpoint = server.listen(new EndpointSpec("nucos", "127.0.0.1", 0, null));
        port = endpoint.localAddress().getPort();
    }

    private void startServer() {
        startServer(NucosServer.builder().authenticator(new HmacChallengeAuthenticator(SECRETS, new SecureRandom())));
    }

    @After
    public void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (server != null) {
            server.close();
        }
        transport.close();
    }

    private NucosClient.Builder clientBuilder(String uid) {
        NucosClient.Builder builder = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming());
        return SECRETS.containsKey(uid) ? builder.login(uid, ChallengeSigners.hmacSha256(uid, SECRETS.get(uid))) : builder;
    }

    private NucosClient client(String uid) throws Exception {
        NucosClient client = clientBuilder(uid).build();
        toClose.add(client);
        client.connect(new ConnectSpec("nucos", "127.0.0.1", port, null, Duration.ofSeconds(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return client;
    }

    private static List<NucosMessage> record(NucosClient client) {
        List<NucosMessage> received = new CopyOnWriteArrayList<>();
        client.onAll(received::add);
        return received;
    }

    @Test
    public void hmacLoginSucceedsAndAWrongSecretIsRefused() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        assertTrue(alice.isConnected());
        waitFor(() -> server.isConnected("alice"));

        NucosClient impostor = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming())
                .login("bob", ChallengeSigners.hmacSha256("bob", "guess".getBytes(UTF_8))).build();
        toClose.add(impostor);
        try {
            impostor.connect(new ConnectSpec("nucos", "127.0.0.1", port, null, Duration.ofSeconds(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            fail("logged in with a wrong secret");
        } catch (ExecutionException e) {
            assertTrue(e.getCause() instanceof NucosLoginException);
        }
        assertFalse(server.isConnected("bob"));
        assertEquals(1, server.stats().failedLogins());
    }

    @Test
    public void sendsMadeBeforeTheLoginGoOutAfterItInOrder() throws Exception {
        startServer();
        List<Object> got = new CopyOnWriteArrayList<>();
        server.onEvent("n", message -> got.add(message.content()));
        NucosClient alice = clientBuilder("alice").build();
        toClose.add(alice);
        var ready = alice.connect(new ConnectSpec("nucos", "127.0.0.1", port, null, Duration.ofSeconds(5)));
        for (int i = 0; i < 100; i++) {
            assertTrue(alice.send("n", i));
        }
        ready.toCompletableFuture().get(10, TimeUnit.SECONDS);
        waitFor(() -> got.size() == 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    public void serverCallbacksSeeSenderAndRoom() throws Exception {
        startServer();
        List<NucosMessage> byEvent = new CopyOnWriteArrayList<>();
        List<NucosMessage> byRoom = new CopyOnWriteArrayList<>();
        List<NucosMessage> byRoomEvent = new CopyOnWriteArrayList<>();
        server.onEvent("hello", byEvent::add);
        server.onRoom("weather", byRoom::add);
        server.onRoomEvent("weather", "rain", byRoomEvent::add);
        server.onEvent("boom", message -> {
            throw new IllegalStateException("a failing callback must not hurt the connection");
        });
        NucosClient alice = client("alice");
        alice.send("boom", 1);
        alice.send("hello", "world");
        alice.subscribe("weather");
        alice.publish("weather", "sun", 1);
        alice.publish("weather", "rain", 2);
        waitFor(() -> byEvent.size() == 1 && byRoom.size() == 2 && byRoomEvent.size() == 1);
        assertEquals(new NucosMessage("hello", "world", "", "alice"), byEvent.get(0));
        assertEquals(new NucosMessage("rain", 2, "weather", "alice"), byRoomEvent.get(0));
        assertTrue(alice.isConnected());
    }

    @Test
    public void clientsPublishOnlyIntoRoomsTheyBelongTo() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        NucosClient bob = client("bob");
        List<NucosMessage> atAlice = record(alice);
        List<NucosMessage> atBob = record(bob);
        alice.subscribe("weather");
        bob.subscribe("weather");
        waitFor(() -> broker.room("weather").map(info -> info.members() == 2).orElse(false));

        NucosClient carol = client("carol");
        carol.publish("weather", "spam", "not a member");
        carol.publish("alice", "spam", "someone else's private room");
        carol.subscribe("alice"); // the private room of a connected client: refused
        carol.publish("alice", "spam", "still not");
        bob.publish("weather", "rain", "yesterday");
        waitFor(() -> atAlice.size() == 1 && atBob.size() == 1);
        assertEquals(new NucosMessage("rain", "yesterday", "weather", ""), atAlice.get(0));
        assertEquals("the publisher is a member and gets its echo", atAlice.get(0), atBob.get(0));
        waitFor(() -> server.stats().refusedPublishes() == 3 && server.stats().refusedJoins() == 1);
        assertEquals("counted per room too, as patchbay:rooms shows", 1, broker.room("weather").orElseThrow().refusedPublishes());
        assertEquals(2, broker.room("alice").orElseThrow().refusedPublishes());
        assertFalse(broker.isMember("alice", broker.members("alice").get(0)) && broker.members("alice").size() > 1);
    }

    @Test
    public void controlEventsAreNeitherRelayedNorObeyedInsideRooms() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        NucosClient bob = client("bob");
        List<NucosMessage> atAlice = record(alice);
        alice.subscribe("weather");
        bob.subscribe("weather");
        waitFor(() -> broker.room("weather").map(info -> info.members() == 2).orElse(false));
        bob.publish("weather", "auth_final", "failed");
        bob.publish("weather", "shutdown", "now");
        bob.publish("weather", "ok", 1);
        waitFor(() -> atAlice.size() == 1);
        assertEquals("ok", atAlice.get(0).event());
        assertTrue(alice.isConnected());
        assertEquals(2, server.stats().refusedPublishes());
    }

    @Test
    public void serverPublishReachesRoomsAndPrivateRoomsAndDirectSends() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        List<NucosMessage> atAlice = record(alice);
        List<NucosMessage> inWeather = new CopyOnWriteArrayList<>();
        alice.onRoomEvent("weather", "today", inWeather::add);
        alice.subscribe("weather");
        alice.subscribe("weather"); // a set: one delivery, not two
        waitFor(() -> broker.isMember("weather", broker.members("alice").get(0)));
        assertEquals(1, server.publish("weather", "today", "sunny"));
        assertEquals(1, server.publish("alice", "direct", "hi"));
        assertTrue(server.send("alice", "plain", 3));
        assertEquals(1, server.sendAll("everyone", true));
        waitFor(() -> atAlice.size() == 4);
        assertEquals(new NucosMessage("today", "sunny", "weather", ""), atAlice.get(0));
        assertEquals(new NucosMessage("direct", "hi", "alice", ""), atAlice.get(1));
        assertEquals(new NucosMessage("plain", 3, "", ""), atAlice.get(2));
        assertEquals(1, inWeather.size());
    }

    @Test
    public void disconnectedMembersLeaveEveryRoom() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        alice.subscribe("weather");
        alice.subscribe("news");
        waitFor(() -> broker.rooms().size() == 3);
        alice.close();
        alice.closeFuture().toCompletableFuture().get(10, TimeUnit.SECONDS);
        waitFor(() -> broker.rooms().isEmpty() && !server.isConnected("alice"));
        assertEquals(0, server.publish("weather", "today", "sunny"));
    }

    @Test
    public void aSecondLoginReplacesTheFirstCleanly() throws Exception {
        startServer();
        NucosClient first = client("alice");
        NucosClient second = client("alice");
        first.closeFuture().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(second.isConnected());
        waitFor(() -> server.clients().size() == 1);
        List<NucosMessage> atSecond = record(second);
        assertEquals(1, server.publish("alice", "direct", "to the new one"));
        waitFor(() -> atSecond.size() == 1);
    }

    @Test
    public void pingMeasuresTheRoundTrip() throws Exception {
        startServer();
        NucosClient alice = client("alice");
        Duration roundTrip = alice.ping(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(roundTrip.toMillis() < 5000);
        assertNotNull(server.ping("alice", Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }

    @Test
    public void aSlowReaderIsDisconnectedWhileTheOthersGetEverything() throws Exception {
        startServer(NucosServer.builder().authenticationRequired(false).outboxBytes(64 << 10));
        NucosClient fast = client("fast");
        List<NucosMessage> atFast = record(fast);
        fast.subscribe("firehose");
        // a raw subscriber that joins and then never reads
        try (Socket slow = new Socket("127.0.0.1", port)) {
            slow.setReceiveBufferSize(4096);
            OutputStream out = slow.getOutputStream();
            out.write("{\"data\": {\"event\": \"subscripe\", \"content\": \"firehose\"}}_EOM_".getBytes(UTF_8));
            out.flush();
            waitFor(() -> broker.room("firehose").map(info -> info.members() == 2).orElse(false));
            String padding = "x".repeat(1000);
            int published = 0;
            while (server.stats().slowDisconnects() == 0) {
                // publish in steps the fast reader keeps up with
                server.publish("firehose", "n", padding);
                published++;
                if (published % 32 == 0) {
                    int target = published;
                    waitFor(() -> atFast.size() == target);
                }
                if (published > 100_000) {
                    fail("the slow reader was never disconnected");
                }
            }
            int total = published;
            waitFor(() -> atFast.size() == total);
            waitFor(() -> broker.room("firehose").map(info -> info.members() == 1).orElse(false));
        }
        assertTrue(fast.isConnected());
    }

    @Test
    public void pingsFromAClientThatNeverReadsQueueNoMoreThanTheHighWaterMark() throws Exception {
        // Issue 14.1: pongs bypassed the outbox; 40 MB of pings grew the heap by 200 MB.
        startServer(NucosServer.builder().authenticationRequired(false));
        Socket flooder = new Socket("127.0.0.1", port);
        long offered = 24L << 20;
        Floods.sendWithoutReading(flooder, new byte[0],
                "{\"data\": {\"event\": \"ping\", \"content\": 1}}_EOM_".repeat(1500).getBytes(UTF_8), offered);
        try {
            long read = Floods.settled(() -> endpoint.stats().bytesRead());
            long queued = endpoint.stats().queuedOutboundBytes();
            // nucos connections raise the high-water mark to 1 MiB (ServerSession), plus the pongs of one read
            assertTrue("bytes queued for the flooder: " + queued, queued <= 2 << 20);
            assertTrue("bytes read from the flooder: " + read, read < offered);
            NucosClient other = client("other");
            List<NucosMessage> atOther = record(other);
            other.subscribe("meanwhile");
            waitFor(() -> broker.room("meanwhile").isPresent());
            server.publish("meanwhile", "hello", "still served");
            waitFor(() -> !atOther.isEmpty());
        } finally {
            flooder.close();
        }
    }

    @Test
    public void silentConnectionsFromOneAddressCannotLockOthersOutOfLoggingIn() throws Exception {
        // Issue 14.5: 1,000 silent connections took every login place; 17 of 19 real logins failed.
        startServer(NucosServer.builder().authenticator(new HmacChallengeAuthenticator(SECRETS, new SecureRandom()))
                .maxPendingLoginsPerAddress(4).loginTimeout(Duration.ofSeconds(30)));
        List<RawNucosClient> silent = new ArrayList<>();
        try {
            int refused = 0;
            for (int i = 0; i < 10; i++) {
                RawNucosClient attacker = new RawNucosClient(port, "127.0.0.2");
                silent.add(attacker);
                String first;
                try {
                    first = attacker.readFrame();
                } catch (IOException closed) {
                    first = null;
                }
                refused += first == null ? 1 : 0;
            }
            assertEquals("places per address", 6, refused);
            for (String uid : List.of("alice", "bob", "carol")) {
                assertTrue("logged in: ready completed", client(uid).isConnected());
            }
        } finally {
            for (RawNucosClient attacker : silent) {
                attacker.close();
            }
        }
    }

    @Test
    public void theOfflineUsersPrivateRoomCannotBeJoinedEither() throws Exception {
        // Issue 14.6: while a user was offline anyone could join its private room and read what
        // the server sent it once it logged in.
        Map<String, byte[]> users = new java.util.HashMap<>(SECRETS);
        users.put("dave", "d-secret".getBytes(UTF_8));
        startServer(NucosServer.builder().authenticator(new HmacChallengeAuthenticator(users, new SecureRandom())));
        NucosClient carol = client("carol");
        carol.subscribe("dave");
        carol.subscribe("not-a-user");
        waitFor(() -> broker.room("not-a-user").isPresent());
        assertEquals(1, server.stats().refusedJoins());
        assertTrue(broker.room("dave").isEmpty());
    }

    @Test
    public void anAddressThatKeepsFailingToLogInIsRefusedWhileOthersLogIn() throws Exception {
        startServer();
        for (int i = 0; i < 10; i++) {
            try (RawNucosClient guesser = new RawNucosClient(port, "127.0.0.2")) {
                assertTrue(guesser.readFrame().contains("start_auth"));
                guesser.write("{\"data\": {\"event\": \"uid\", \"content\": \"bob\"}}_EOM_");
                assertTrue(guesser.readFrame().contains("challenge_auth"));
                guesser.write("{\"data\": {\"event\": \"signature\", \"content\": \"guess-" + i + "\"}}_EOM_");
                assertTrue(guesser.readFrame().contains("failed"));
            }
        }
        try (RawNucosClient throttled = new RawNucosClient(port, "127.0.0.2")) {
            assertTrue("refused before a challenge", throttled.closedByServer());
        }
        assertTrue(client("alice").isConnected());
        assertEquals(10, server.stats().failedLogins());
    }

    @Test
    public void aConnectionMayJoinOnlySoManyRooms() throws Exception {
        // Issue 14.6: 200,000 rooms joined by one connection took 107 MB.
        startServer(NucosServer.builder().authenticator(new HmacChallengeAuthenticator(SECRETS, new SecureRandom()))
                .maxRoomsPerConnection(5));
        NucosClient alice = client("alice");
        for (int i = 0; i < 20; i++) {
            alice.subscribe("room-" + i);
        }
        waitFor(() -> server.stats().refusedJoins() == 16);
        RoomSubscriber member = broker.members("alice").get(0);
        assertEquals("the private room and four others", 5, broker.roomsOf(member));
        alice.unsubscribe("room-0");
        alice.subscribe("room-19");
        waitFor(() -> broker.isMember("room-19", member));
    }

    @Test
    public void aLoginThatNeverAnswersIsClosed() throws Exception {
        startServer(NucosServer.builder().authenticator(new HmacChallengeAuthenticator(SECRETS, new SecureRandom()))
                .loginTimeout(Duration.ofMillis(200)));
        try (RawNucosClient silent = new RawNucosClient(port)) {
            silent.readFrame(); // start_auth
            assertEquals("{\"data\": {\"event\": \"auth_final\", \"content\": \"failed\"}}_EOM_", silent.readFrame());
            assertTrue(silent.closedByServer());
        }
        waitFor(() -> server.clients().isEmpty());
    }

    @Test
    public void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        startServer(NucosServer.builder().authenticationRequired(false).maxFrameBytes(1024));
        NucosClient good = client("anyone");
        try (RawNucosClient bad = new RawNucosClient(port)) {
            bad.write("x".repeat(5000));
            assertTrue(bad.closedByServer());
        }
        assertTrue(good.ping(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS).toNanos() > 0);
    }

    @Test
    public void invalidFramesAreDroppedAndTheNextOnesHandled() throws Exception {
        startServer(NucosServer.builder().authenticationRequired(false).maxBadFrames(3));
        List<Object> got = new CopyOnWriteArrayList<>();
        server.onEvent("n", message -> got.add(message.content()));
        try (RawNucosClient raw = new RawNucosClient(port)) {
            raw.write("nonsense_EOM_{\"data\": {\"event\": \"n\", \"content\": 1}}_EOM_{\"data\":{\"event\":\"a\"}}_EOM_"
                    + "{\"data\": {\"event\": \"n\", \"content\": 2}}_EOM_");
            waitFor(() -> got.size() == 2);
            raw.write("bad_EOM_bad_EOM_");
            assertTrue("the fourth bad frame closes it", raw.closedByServer());
        }
        assertEquals(4, server.stats().badFrames());
    }

    @Test
    public void anAuthenticatorCanBeReplacedAtRunTime() throws Exception {
        startServer();
        client("alice");
        server.setAuthenticator(new dev.patchbay.auth.challenge.PlainChallengeAuthenticator(
                Map.of("dave", "pw".getBytes(UTF_8)), "", new SecureRandom()));
        NucosClient dave = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming())
                .login("dave", ChallengeSigners.plainPassword("pw")).build();
        toClose.add(dave);
        dave.connect(new ConnectSpec("nucos", "127.0.0.1", port, null, Duration.ofSeconds(5))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(dave.isConnected());
    }

    @Test
    public void linkBindAndConnectTalkBothWays() throws Exception {
        NucosLink bound = NucosLink.bind(transport, new EomDelimiterFraming(), new EndpointSpec("link", "127.0.0.1", 0, null),
                new HmacChallengeAuthenticator(SECRETS, new SecureRandom()));
        toClose.add(bound);
        List<Object> atBound = new CopyOnWriteArrayList<>();
        List<Object> atConnected = new CopyOnWriteArrayList<>();
        bound.onEvent("hello", message -> atBound.add(message.content()));
        int linkPort = bound.endpoint().localAddress().getPort();
        NucosLink connected = NucosLink.connect(transport, new EomDelimiterFraming(), new ConnectSpec("nucos", "127.0.0.1", linkPort, null, Duration.ofSeconds(5)),
                "alice", ChallengeSigners.hmacSha256("alice", SECRETS.get("alice"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        toClose.add(connected);
        connected.onEvent("hello", message -> atConnected.add(message.content()));
        waitFor(bound::isConnected);
        assertTrue(connected.send("hello", "from connect"));
        assertTrue(bound.send("hello", "from bind"));
        waitFor(() -> atBound.size() == 1 && atConnected.size() == 1);
        assertNotNull(bound.ping(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertNotNull(connected.ping(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS));

        // one peer at a time: a second is closed at once
        try (RawNucosClient second = new RawNucosClient(linkPort)) {
            assertTrue(second.closedByServer());
        }
        connected.close();
        waitFor(() -> !bound.isConnected());
        // and the next one may link after the first has left
        NucosLink again = NucosLink.connect(transport, new EomDelimiterFraming(), new ConnectSpec("nucos", "127.0.0.1", linkPort, null, Duration.ofSeconds(5)),
                "bob", ChallengeSigners.hmacSha256("bob", SECRETS.get("bob"))).toCompletableFuture().get(10, TimeUnit.SECONDS);
        toClose.add(again);
        assertTrue(again.isConnected());
    }

    @Test
    public void aClientWithoutCredentialsWorksWithAServerWithoutLogin() throws Exception {
        startServer(NucosServer.builder().authenticationRequired(false));
        List<NucosMessage> got = new CopyOnWriteArrayList<>();
        server.onAll(got::add);
        NucosClient anonymous = client("nobody");
        anonymous.send("e", 1);
        waitFor(() -> got.size() == 1);
        assertEquals(NucosServer.ANONYMOUS, got.get(0).sender());
        try {
            anonymous.publish("", "e", 1);
            fail("an empty room name was accepted");
        } catch (IllegalArgumentException | CompletionException expected) {
            // a room is required
        }
    }
}
