package dev.patchbay.snakemq;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.QueueFullException;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.transport.netty.NettyTransport;
import dev.patchbay.transport.netty.testing.Floods;
import dev.patchbay.transport.netty.testing.Waits;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The peer against hand-written bytes: every golden vector made by the real snakeMQ, and its
 * reactions to bad input (spec §4.6).
 */
public class SnakeMqWireTest {

    private static final Map<String, String> VECTORS = new HashMap<>();
    private static final UUID UUID_00_0F = UUID.fromString("00010203-0405-0607-0809-0a0b0c0d0e0f");

    private NettyTransport transport;
    private SnakeMqPeer alice;
    private Recorder events;
    private int port;
    private Endpoint endpoint;

    @BeforeClass
    public static void loadVectors() throws IOException {
        JsonNode root = new ObjectMapper().readTree(
                Files.readString(Path.of(System.getProperty("patchbay.vectors"), "snakemq.json")));
        root.get("vectors").forEach(v -> VECTORS.put(v.get("name").asText(), v.get("hex").asText()));
    }

    @Before
    public void startAlice() {
        transport = new NettyTransport(1, null);
        alice = SnakeMqPeer.builder("alice").transport(transport).framing(new Uint32LengthFraming())
                .maxPacketBytes(64 * 1024).build();
        events = new Recorder();
        alice.addListener(events);
        endpoint = alice.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null));
        port = endpoint.localAddress().getPort();
    }

    @After
    public void stop() {
        alice.close();
        transport.close();
    }

    private RawPeer carol() throws Exception {
        RawPeer carol = new RawPeer(port);
        assertEquals(VECTORS.get("B1_listener_handshake_stream"), carol.readHex(19));
        carol.writeHex(VECTORS.get("B5_connector_handshake_stream"));
        assertEquals("carol", Recorder.next(events.connected).identity());
        return carol;
    }

    @Test
    public void listenerHandshakeIsByteForByteSnakeMqs() throws Exception {
        try (RawPeer raw = new RawPeer(port)) {
            assertEquals(VECTORS.get("B1_listener_handshake_stream"), raw.readHex(19));
        }
    }

    @Test
    public void receivesTheGoldenMessageStream() throws Exception {
        try (RawPeer carol = carol()) {
            carol.writeHex(VECTORS.get("B2_message_stream"));
            Recorder.Received first = Recorder.next(events.received);
            assertEquals("carol", first.from().identity());
            assertEquals(UUID_00_0F, first.message().id());
            assertEquals(Duration.ofSeconds(60), first.message().ttl());
            assertEquals(PeerMessage.FLAG_PERSISTENT, first.message().flags());
            assertArrayEquals("hello snakemq".getBytes(StandardCharsets.US_ASCII), first.message().data());
            Recorder.Received second = Recorder.next(events.received);
            assertEquals(new UUID(0, 1), second.message().id());
            assertNull("0xffffffff is infinite", second.message().ttl());
            assertEquals(0, second.message().flags());
        }
    }

    @Test
    public void sendsTheGoldenMessageFrames() throws Exception {
        try (RawPeer carol = carol()) {
            alice.send("carol", new PeerMessage(UUID_00_0F, "hello snakemq".getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(60), PeerMessage.FLAG_PERSISTENT));
            assertEquals(VECTORS.get("A5_message_ttl60_persistent"), carol.readPacketHex());
            alice.send("carol", new PeerMessage(UUID_00_0F, "x".getBytes(StandardCharsets.US_ASCII), null, 0));
            assertEquals(VECTORS.get("A6_message_ttl_infinite"), carol.readPacketHex());
            alice.send("carol", new PeerMessage(UUID_00_0F, new byte[0], Duration.ofMillis(2900), 0));
            assertEquals(VECTORS.get("A7_message_ttl_fraction"), carol.readPacketHex());
            alice.send("carol", new PeerMessage(UUID_00_0F, new byte[] {0, (byte) 0xff}, Duration.ZERO, 0));
            assertEquals(VECTORS.get("A8_message_default_ttl0"), carol.readPacketHex());
        }
    }

    @Test
    public void answersPingWithPongEvenBeforeIdentification() throws Exception {
        try (RawPeer raw = new RawPeer(port)) {
            raw.readHex(19);
            raw.writeHex("0000000104");
            assertEquals(VECTORS.get("B3_pong_reply"), raw.readHex(5));
        }
    }

    @Test
    public void answersAWrongVersionWithIncompatibleAndCloses() throws Exception {
        try (RawPeer raw = new RawPeer(port)) {
            raw.readHex(19);
            // version 2, then an identification in the same segment: it must not be bound
            raw.writeHex("00000005000000000200000006027a6f6d6265");
            assertEquals(VECTORS.get("B4_incompatible_then_close"), raw.readHex(5));
            assertTrue(raw.closedByPeer());
        }
        try (RawPeer zombie = new RawPeer(port)) {
            zombie.readHex(19);
            zombie.writeHex(RawPeer.handshakeHex("zombe").substring(18));
            assertEquals("zombe", Recorder.next(events.connected).identity());
        }
    }

    @Test
    public void aSecondConnectionWithATakenIdentityIsClosedAndTheFirstKeepsWorking() throws Exception {
        try (RawPeer first = carol(); RawPeer second = new RawPeer(port)) {
            second.readHex(19);
            second.writeHex(VECTORS.get("B5_connector_handshake_stream"));
            assertTrue(second.closedByPeer());
            alice.send("carol", PeerMessage.of("still here".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(first.readPacketHex().endsWith("7374696c6c2068657265"));
        }
    }

    @Test
    public void laterIdentificationsAreIgnored() throws Exception {
        try (RawPeer carol = carol()) {
            carol.writeHex(RawPeer.handshakeHex("mallory").substring(18));
            carol.writeHex("0000000104");
            carol.readHex(5);
            assertNull(events.connected.poll(200, TimeUnit.MILLISECONDS));
            assertEquals(java.util.Set.of("carol"), alice.connectedPeers());
        }
    }

    @Test
    public void badInputClosesOnlyThatConnection() throws Exception {
        String[] fatal = {
                "0000000000000000010400000001040000000104", // empty packet, then pings that must not be answered
                "0000001903000102030405060708090a0b0c0d0e0f0000003c00000001", // message before identification
                "000000030000ff", // version frame of 2 bytes
                "7ffffff0aabbcc", // 2 GB announced
        };
        try (RawPeer carol = carol()) {
            for (String bytes : fatal) {
                try (RawPeer bad = new RawPeer(port)) {
                    bad.readHex(19);
                    bad.writeHex(bytes);
                    assertTrue("closed after " + bytes, bad.closedByPeer());
                }
            }
            carol.writeHex("0000000104");
            assertEquals("0000000105", carol.readHex(5));
        }
    }

    @Test
    public void aShortMessageFrameClosesAndUnknownFramesAreIgnored() throws Exception {
        try (RawPeer carol = carol()) {
            carol.writeHex("00000003ee0102"); // unknown type 0xee: ignored
            carol.writeHex("0000000106");     // unknown type 6: ignored
            carol.writeHex("0000000104");
            assertEquals("0000000105", carol.readHex(5));
            carol.writeHex("0000000503000102ff"); // MESSAGE shorter than its header
            assertTrue(carol.closedByPeer());
            assertEquals("carol", Recorder.next(events.disconnected).identity());
        }
    }

    @Test
    public void keepalivePingsASilentPeerAndClosesWhenItDoesNotAnswer() throws Exception {
        SnakeMqPeer watchful = SnakeMqPeer.builder("watchful").transport(transport).framing(new Uint32LengthFraming())
                .keepalive(Duration.ofMillis(300), Duration.ofMillis(200)).build();
        try {
            int watchfulPort = watchful.listen(new EndpointSpec("keepalive", "127.0.0.1", 0, null)).localAddress().getPort();
            try (RawPeer answering = new RawPeer(watchfulPort); RawPeer silent = new RawPeer(watchfulPort)) {
                answering.readHex(22);
                silent.readHex(22);
                for (int i = 0; i < 3; i++) {
                    assertEquals("0000000104", answering.readHex(5));
                    answering.writeHex("0000000105");
                }
                assertEquals("0000000104", silent.readHex(5));
                assertTrue("a peer that does not answer the ping is dropped", silent.closedByPeer());
            }
        } finally {
            watchful.close();
        }
    }

    @Test
    public void aPeerThatNeverReadsHoldsItsOwnQueueBackAndNobodyElses() throws Exception {
        byte[] payload = new byte[64 * 1024]; // shared by every message: the test itself stays small
        try (RawPeer sloth = new RawPeer(port)) {
            sloth.readHex(19);
            sloth.writeHex(RawPeer.handshakeHex("sloth"));
            assertEquals("sloth", Recorder.next(events.connected).identity());
            for (int i = 0; i < 2000; i++) {
                alice.send("sloth", PeerMessage.of(payload));
            }
            // 128 MB queued for a reader that takes nothing: once the socket buffers (loopback's
            // grow to tens of MB) and Netty's outbound buffer are full, the rest waits in the
            // queue, where it costs no buffer memory.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int queued = alice.queued("sloth");
            while (System.nanoTime() < deadline) {
                Thread.sleep(200);
                int now = alice.queued("sloth");
                if (now == queued) {
                    break;
                }
                queued = now;
            }
            assertTrue("messages held back: " + queued, queued > 1000);

            try (RawPeer carol = carol()) {
                alice.send("carol", PeerMessage.of("meanwhile".getBytes(StandardCharsets.US_ASCII)));
                assertTrue(carol.readPacketHex().endsWith(ByteBufUtil.hexDump("meanwhile".getBytes(StandardCharsets.US_ASCII))));
            }
        }
    }

    @Test
    public void pingsFromAPeerThatNeverReadsQueueNoMorePongsThanTheHighWaterMark() throws Exception {
        // Issue 14.1: 12 MB of PINGs from a peer that reads nothing used to queue 12 MB of PONGs
        // (and an outbound entry per PONG) until the heap was gone.
        Socket flooder = new Socket("127.0.0.1", port);
        long offered = 24L << 20;
        Floods.sendWithoutReading(flooder, ByteBufUtil.decodeHexDump(RawPeer.handshakeHex("flooder")),
                ByteBufUtil.decodeHexDump("0000000104".repeat(64 * 1024 / 5)), offered);
        try {
            long last = Floods.settled(() -> endpoint.stats().bytesRead());
            long queued = endpoint.stats().queuedOutboundBytes();
            assertTrue("bytes queued for the flooder: " + queued, queued <= 256 * 1024);
            assertTrue("bytes read from the flooder: " + last, last < offered);
            assertEquals("flooder", Recorder.next(events.connected).identity());
            try (RawPeer carol = carol()) {
                alice.send("carol", PeerMessage.of("meanwhile".getBytes(StandardCharsets.US_ASCII)));
                assertTrue(carol.readPacketHex().endsWith(ByteBufUtil.hexDump("meanwhile".getBytes(StandardCharsets.US_ASCII))));
            }
        } finally {
            flooder.close();
        }
    }

    @Test
    public void aConnectionThatNeverIdentifiesIsClosedAndIdentifiedOnesStay() throws Exception {
        SnakeMqPeer strict = SnakeMqPeer.builder("strict").transport(transport).framing(new Uint32LengthFraming())
                .identificationTimeout(Duration.ofMillis(300)).build();
        try {
            int strictPort = strict.listen(new EndpointSpec("strict", "127.0.0.1", 0, null)).localAddress().getPort();
            try (RawPeer silent = new RawPeer(strictPort); RawPeer named = new RawPeer(strictPort)) {
                silent.readHex(20);
                named.readHex(20);
                named.writeHex(RawPeer.handshakeHex("named"));
                assertTrue("a connection that never identifies is dropped", silent.closedByPeer());
                named.writeHex("0000000104");
                assertEquals("the identified connection is still served", "0000000105", named.readHex(5));
            }
        } finally {
            strict.close();
        }
    }

    @Test
    public void queuesOfIdentitiesThatAreGoneAreFreedButPersistentMessagesStay() throws Exception {
        // Issue 14.4: every identity that ever connected kept a queue (and a metric label), and
        // what was queued for it stayed until it came back.
        SnakeMqPeer sweeping = SnakeMqPeer.builder("sweeping").transport(transport).framing(new Uint32LengthFraming())
                .sweepInterval(Duration.ofMillis(50)).transientRetention(Duration.ofMillis(300)).build();
        try {
            int sweepingPort = sweeping.listen(new EndpointSpec("sweeping", "127.0.0.1", 0, null)).localAddress().getPort();
            for (int visitor = 0; visitor < 20; visitor++) {
                try (RawPeer raw = new RawPeer(sweepingPort)) {
                    raw.readHex(22);
                    raw.writeHex(RawPeer.handshakeHex("visitor-" + visitor));
                    raw.writeHex("0000000104");
                    assertEquals("0000000105", raw.readHex(5));
                }
            }
            byte[] payload = new byte[1024];
            for (int i = 0; i < 1000; i++) {
                sweeping.send("visitor-0", PeerMessage.of(payload));            // no TTL: kept for the retention
                sweeping.send("visitor-1", PeerMessage.of(payload).withTtl(Duration.ofMillis(100)));
            }
            sweeping.send("visitor-0", PeerMessage.of(payload).persistent(true));
            Waits.until(() -> sweeping.queued("visitor-0") == 1 && sweeping.knownIdentities() == 1);
            assertEquals(0, sweeping.queued("visitor-1"));
            assertEquals(2000, sweeping.stats().dropped());
            assertEquals(Map.of("visitor-0", 1), sweeping.queueDepths());
        } finally {
            sweeping.close();
        }
    }

    @Test
    public void identitiesPastTheLimitAreRefused() throws Exception {
        SnakeMqPeer small = SnakeMqPeer.builder("small").transport(transport).framing(new Uint32LengthFraming())
                .maxIdentities(2).build();
        try {
            int smallPort = small.listen(new EndpointSpec("small", "127.0.0.1", 0, null)).localAddress().getPort();
            try (RawPeer one = new RawPeer(smallPort); RawPeer two = new RawPeer(smallPort);
                 RawPeer three = new RawPeer(smallPort)) {
                for (RawPeer raw : List.of(one, two)) {
                    raw.readHex(19);
                    raw.writeHex(RawPeer.handshakeHex(raw == one ? "one" : "two"));
                    raw.writeHex("0000000104");
                    assertEquals("0000000105", raw.readHex(5));
                }
                three.readHex(19);
                three.writeHex(RawPeer.handshakeHex("three"));
                assertTrue("a third identity is refused", three.closedByPeer());
                assertThrows(QueueFullException.class, () -> small.send("four", PeerMessage.of(new byte[1])));
                small.send("one", PeerMessage.of(new byte[1]));
                assertTrue(one.readPacketHex().startsWith("0000"));
            }
        } finally {
            small.close();
        }
    }

    @Test
    public void ownIdentityIsCutToFiftyCodePoints() {
        String longName = "ž".repeat(60);
        SnakeMqPeer peer = SnakeMqPeer.builder(longName).transport(transport).framing(new Uint32LengthFraming()).build();
        assertEquals("ž".repeat(50), peer.identity());
        peer.close();
    }
}
