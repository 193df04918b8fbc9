package dev.patchbay.snakemq;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerStats;
import dev.patchbay.api.peer.QueueFullException;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.storage.memory.MemoryMessageStore;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Two real peers over real sockets on 127.0.0.1. */
public class SnakeMqPeerTest {

    private static final Duration RECONNECT = Duration.ofMillis(100);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private NettyTransport transport;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @Before
    public void start() {
        transport = new NettyTransport(2, null);
    }

    @After
    public void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        transport.close();
    }

    private SnakeMqPeer.Builder peer(String identity) {
        return SnakeMqPeer.builder(identity).transport(transport).framing(new Uint32LengthFraming());
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private static int listen(SnakeMqPeer peer) {
        return peer.listen(new EndpointSpec("snakemq-" + peer.identity(), "127.0.0.1", 0, null)).localAddress().getPort();
    }

    private static ConnectSpec to(int port) {
        return new ConnectSpec("to-" + port, "127.0.0.1", port, null, Duration.ofSeconds(5));
    }

    private static PeerMessage text(String text) {
        return PeerMessage.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Recorder.Received received) {
        return new String(received.message().data(), StandardCharsets.UTF_8);
    }

    @Test
    public void messagesQueuedBeforeTheConnectionFlowBothWaysInOrder() throws Exception {
        SnakeMqPeer alice = closeLater(peer("alice").build());
        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atAlice = new Recorder();
        Recorder atBob = new Recorder();
        alice.addListener(atAlice);
        bob.addListener(atBob);
        for (int i = 0; i < 1000; i++) {
            bob.send("alice", text("to alice " + i));
        }
        assertEquals(1000, bob.queued("alice"));
        bob.connect(to(listen(alice)), RECONNECT);
        for (int i = 0; i < 1000; i++) {
            Recorder.Received received = Recorder.next(atAlice.received);
            assertEquals("to alice " + i, text(received));
            assertEquals("bob", received.from().identity());
        }
        alice.send("bob", text("to bob"));
        assertEquals("to bob", text(Recorder.next(atBob.received)));
        assertEquals(new PeerStats(1000, 1, 0, 0), bob.stats());
        assertEquals(new PeerStats(1, 1000, 0, 0), alice.stats());
        assertTrue(Recorder.next(atAlice.connected).accepted());
        assertFalse(Recorder.next(atBob.connected).accepted());
    }

    @Test
    public void aConnectorKeepsTryingUntilTheListenerIsBackAndThenDelivers() throws Exception {
        SnakeMqPeer alice = peer("alice").build();
        int port = listen(alice);
        alice.close();
        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        bob.connect(to(port), RECONNECT);
        bob.send("alice", text("waited"));
        Thread.sleep(300); // a few refused attempts
        SnakeMqPeer aliceAgain = closeLater(peer("alice").build());
        Recorder atAlice = new Recorder();
        aliceAgain.addListener(atAlice);
        aliceAgain.listen(new EndpointSpec("snakemq", "127.0.0.1", port, null));
        assertEquals("waited", text(Recorder.next(atAlice.received)));
        assertEquals("alice", Recorder.next(atBob.connected).identity());

        // and again after the connection drops
        aliceAgain.connection("bob").close();
        assertEquals("bob", Recorder.next(atAlice.disconnected).identity());
        assertEquals("bob", Recorder.next(atAlice.connected).identity());
        // Bob's side must have seen the old connection go and the new one come: a message sent
        // while the old one is still bound there is written to a closed socket (at most once).
        assertEquals("alice", Recorder.next(atBob.disconnected).identity());
        assertEquals("alice", Recorder.next(atBob.connected).identity());
        bob.send("alice", text("after reconnect"));
        assertEquals("after reconnect", text(Recorder.next(atAlice.received)));
    }

    @Test
    public void ttlRunsOnlyWhileTheDestinationIsAwayAndExpiredMessagesAreReportedDropped() throws Exception {
        SnakeMqPeer alice = closeLater(peer("alice").build());
        Recorder atAlice = new Recorder();
        alice.addListener(atAlice);
        int port = listen(alice);
        alice.send("bob", text("short").withTtl(Duration.ofMillis(300)));
        alice.send("bob", text("long").withTtl(Duration.ofSeconds(60)));
        alice.send("bob", text("zero").withTtl(Duration.ZERO)); // bob is away: discarded silently
        alice.send("bob", text("forever"));
        Thread.sleep(600);

        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        bob.connect(to(port), RECONNECT);
        Recorder.Received first = Recorder.next(atBob.received);
        assertEquals("long", text(first));
        assertTrue("remaining TTL on the wire: " + first.message().ttl(),
                first.message().ttl().compareTo(Duration.ofSeconds(59)) <= 0);
        Recorder.Received second = Recorder.next(atBob.received);
        assertEquals("forever", text(second));
        assertNull(second.message().ttl());
        Recorder.Dropped dropped = Recorder.next(atAlice.dropped);
        assertEquals("bob", dropped.identity());
        assertEquals("short", new String(dropped.message().data(), StandardCharsets.UTF_8));
        assertNull("only one drop", atAlice.dropped.poll(200, TimeUnit.MILLISECONDS));
        assertNull("the zero-TTL message was discarded", atBob.received.poll(200, TimeUnit.MILLISECONDS));
    }

    @Test
    public void persistentMessagesSurviveARestartAndTransientOnesDoNot() throws Exception {
        Path file = folder.getRoot().toPath().resolve("alice.db");
        SqliteMessageStore store = new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 8192);
        SnakeMqPeer alice = peer("alice").store(store).build();
        alice.send("bob", text("transient"));
        for (int i = 0; i < 100; i++) {
            alice.send("bob", text("persistent " + i).persistent(true).withTtl(Duration.ofHours(1)))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        alice.close();
        store.close();

        SqliteMessageStore reopened = closeLater(new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 8192));
        SnakeMqPeer aliceAgain = closeLater(peer("alice").store(reopened).build());
        assertEquals(100, aliceAgain.queued("bob"));
        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        bob.connect(to(listen(aliceAgain)), RECONNECT);
        for (int i = 0; i < 100; i++) {
            Recorder.Received received = Recorder.next(atBob.received);
            assertEquals("persistent " + i, text(received));
            assertTrue(received.message().isPersistent());
        }
        assertNull(atBob.received.poll(200, TimeUnit.MILLISECONDS));
        awaitEmpty(reopened, "bob");
    }

    @Test
    public void withAcknowledgementsAMessageLeavesStorageOnlyOnceDeliveredAndDuplicatesAreDropped() throws Exception {
        MessageStore store = new MemoryMessageStore();
        SnakeMqPeer alice = closeLater(peer("alice").store(store).acknowledgements(true).build());
        for (int i = 0; i < 2000; i++) {
            alice.send("bob", text("m" + i).persistent(true));
        }
        assertEquals(2000, store.depth("bob"));

        // bob's application drops the connection in the middle of the stream, several times:
        // whatever was written but not acknowledged comes again, and is handed over once only.
        SnakeMqPeer bob = closeLater(peer("bob").acknowledgements(true).build());
        Set<String> seen = new HashSet<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger count = new AtomicInteger();
        Recorder atBob = new Recorder() {
            @Override
            public void received(PeerConnection from, PeerMessage message) {
                if (!seen.add(new String(message.data(), StandardCharsets.UTF_8))) {
                    duplicates.incrementAndGet();
                }
                if (count.incrementAndGet() % 500 == 0) {
                    from.close();
                }
                super.received(from, message);
            }
        };
        bob.addListener(atBob);
        bob.connect(to(listen(alice)), RECONNECT);
        assertTrue(Recorder.next(atBob.connected).acknowledged());
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            order.add(text(Recorder.next(atBob.received)));
        }
        assertEquals(0, duplicates.get());
        assertEquals(2000, seen.size());
        assertEquals("m0", order.get(0));
        assertEquals("m1999", order.get(1999));
        awaitEmpty(store, "bob");
    }

    @Test
    public void withoutAcknowledgementsOnTheOtherSideThePeerSpeaksPlainSnakeMq() throws Exception {
        SnakeMqPeer alice = closeLater(peer("alice").acknowledgements(true).build());
        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atAlice = new Recorder();
        alice.addListener(atAlice);
        bob.connect(to(listen(alice)), RECONNECT);
        assertFalse(Recorder.next(atAlice.connected).acknowledged());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        alice.send("bob", text("plain"));
        assertEquals("plain", text(Recorder.next(atBob.received)));
    }

    @Test
    public void aFullQueueRefusesFurtherMessages() {
        SnakeMqPeer alice = closeLater(peer("alice").maxQueuedMessages(3).build());
        for (int i = 0; i < 3; i++) {
            alice.send("bob", text("m" + i));
        }
        assertThrows(QueueFullException.class, () -> alice.send("bob", text("one too many")));
        assertEquals(3, alice.queued("bob"));
    }

    @Test
    public void switchingStoresCarriesTheQueuedPersistentMessagesOver() throws Exception {
        MemoryMessageStore memory = new MemoryMessageStore();
        SnakeMqPeer alice = closeLater(peer("alice").store(memory).build());
        for (int i = 0; i < 10; i++) {
            alice.send("bob", text("p" + i).persistent(true)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        SqliteMessageStore sqlite = closeLater(new SqliteMessageStore(folder.getRoot().toPath().resolve("s.db"),
                SqliteMessageStore.Durability.NORMAL, 8192));
        alice.useStore(sqlite);
        assertEquals(10, sqlite.depth("bob"));
        assertEquals(0, memory.depth("bob"));
        assertEquals("p0", new String(sqlite.peek("bob", 1).get(0).payload(), StandardCharsets.UTF_8));
        assertEquals(10, alice.queued("bob"));
    }

    @Test
    public void mutualTlsShowsEachSideTheOtherOnesCertificate() throws Exception {
        Path cert = resource("server-cert.pem");
        Path key = resource("server-key.pem");
        TlsSettings listenerTls = new TlsSettings(cert, key, null, cert, TlsSettings.ClientAuth.REQUIRE, false);
        TlsSettings withCertificate = new TlsSettings(cert, key, null, cert, TlsSettings.ClientAuth.NONE, false);
        TlsSettings withoutCertificate = new TlsSettings(null, null, null, null, TlsSettings.ClientAuth.NONE, false, true);

        SnakeMqPeer alice = closeLater(peer("alice").build());
        Recorder atAlice = new Recorder();
        alice.addListener(atAlice);
        int port = alice.listen(new EndpointSpec("snakemq-tls", "127.0.0.1", 0, listenerTls)).localAddress().getPort();

        SnakeMqPeer stranger = closeLater(peer("stranger").build());
        stranger.connect(new ConnectSpec("stranger", "127.0.0.1", port, withoutCertificate, Duration.ofSeconds(5)), RECONNECT);

        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        bob.connect(new ConnectSpec("bob", "127.0.0.1", port, withCertificate, Duration.ofSeconds(5)), RECONNECT);
        PeerConnection bobAtAlice = Recorder.next(atAlice.connected);
        assertEquals("bob", bobAtAlice.identity());
        assertEquals("CN=localhost", bobAtAlice.peerCertificates().get(0).getSubjectX500Principal().getName());
        assertEquals("CN=localhost", Recorder.next(atBob.connected).peerCertificates().get(0).getSubjectX500Principal().getName());
        alice.send("bob", text("secret"));
        assertEquals("secret", text(Recorder.next(atBob.received)));
        assertNull("a client without a certificate never gets in", atAlice.connected.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    public void withIdentitiesBoundToCertificatesNobodyCanClaimAnotherIdentity() throws Exception {
        // Issue 14.7: any certificate holder could announce any identity and receive its queue.
        Path trusted = resource("peers-trusted.pem");
        TlsSettings listenerTls = new TlsSettings(resource("server-cert.pem"), resource("server-key.pem"), null, trusted,
                TlsSettings.ClientAuth.REQUIRE, false);
        SnakeMqPeer alice = closeLater(peer("alice").identitiesBoundToCertificates(true).build());
        Recorder atAlice = new Recorder();
        alice.addListener(atAlice);
        int port = alice.listen(new EndpointSpec("snakemq-bound", "127.0.0.1", 0, listenerTls)).localAddress().getPort();
        alice.send("bob", text("for bob only").persistent(true));

        SnakeMqPeer impostor = closeLater(peer("bob").build());
        Recorder atImpostor = new Recorder();
        impostor.addListener(atImpostor);
        impostor.connect(new ConnectSpec("impostor", "127.0.0.1", port, new TlsSettings(resource("mallory-cert.pem"),
                resource("mallory-key.pem"), null, null, TlsSettings.ClientAuth.NONE, false, true), Duration.ofSeconds(5)), RECONNECT);
        assertNull("mallory's certificate cannot be bob", atAlice.connected.poll(500, TimeUnit.MILLISECONDS));
        assertNull(atImpostor.received.poll(100, TimeUnit.MILLISECONDS));
        impostor.close();

        SnakeMqPeer bob = closeLater(peer("bob").build());
        Recorder atBob = new Recorder();
        bob.addListener(atBob);
        bob.connect(new ConnectSpec("bob", "127.0.0.1", port, new TlsSettings(resource("bob-cert.pem"),
                resource("bob-key.pem"), null, null, TlsSettings.ClientAuth.NONE, false, true), Duration.ofSeconds(5)), RECONNECT);
        assertEquals("bob", Recorder.next(atAlice.connected).identity());
        assertEquals("for bob only", text(Recorder.next(atBob.received)));
    }

    @Test
    public void requiringClientCertificatesWithoutTrustedCertificatesIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new TlsSettings(
                Path.of("cert.pem"), Path.of("key.pem"), null, null, TlsSettings.ClientAuth.REQUIRE, false));
        assertTrue(refused.getMessage(), refused.getMessage().contains("trusted certificates"));
    }

    private static void awaitEmpty(MessageStore store, String queue) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (store.depth(queue) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("messages left in the store for " + queue, 0, store.depth(queue));
    }

    private static Path resource(String name) throws Exception {
        return Path.of(SnakeMqPeerTest.class.getResource("/" + name).toURI());
    }
}
