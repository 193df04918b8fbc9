package dev.patchbay.nucos;

import static dev.patchbay.nucos.NucosWireTest.waitFor;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.challenge.HmacChallengeAuthenticator;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.transport.netty.NettyTransport;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Test;

/** The node's link pieces over real sockets: a dialing side that keeps the link up, and the room bridge. */
public class NucosLinkTest {

    private static final Map<String, byte[]> SECRETS = Map.of("alice", "a-secret".getBytes(UTF_8));

    private final NettyTransport transport = new NettyTransport(2, null);
    private final List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();

    @After
    public void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        transport.close();
    }

    private NucosLink bind(int port) {
        NucosLink bound = NucosLink.bind(transport, new EomDelimiterFraming(), new EndpointSpec("link", "127.0.0.1", port, null),
                new HmacChallengeAuthenticator(SECRETS, new SecureRandom()));
        toClose.add(bound);
        return bound;
    }

    private NucosLink dial(int port, byte[] secret) {
        NucosLink dialing = NucosLink.dial(transport, new EomDelimiterFraming(),
                new ConnectSpec("link", "127.0.0.1", port, null, Duration.ofSeconds(5)),
                "alice", ChallengeSigners.hmacSha256("alice", secret), 1 << 20, Duration.ofMillis(50));
        toClose.add(dialing);
        return dialing;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    public void aDialingSideWaitsForItsPeerAndComesBackAfterALoss() throws Exception {
        int port = freePort();
        NucosLink dialing = dial(port, SECRETS.get("alice")); // nobody listens yet: it keeps trying
        List<Object> got = new CopyOnWriteArrayList<>();
        dialing.onEvent("hello", message -> got.add(message.content()));
        assertFalse(dialing.send("hello", "too early"));

        NucosLink bound = bind(port);
        waitFor(() -> dialing.connections() == 1 && bound.isConnected());
        assertTrue(bound.send("hello", "first"));
        waitFor(() -> got.size() == 1);

        bound.close(); // the peer goes away and comes back on the same port
        waitFor(() -> !dialing.isConnected());
        NucosLink boundAgain = bind(port);
        waitFor(() -> dialing.connections() == 2 && boundAgain.isConnected());
        assertTrue(boundAgain.send("hello", "second"));
        waitFor(() -> got.size() == 2);
        assertEquals(List.of("first", "second"), got);
    }

    @Test
    public void aRefusedLoginIsRetriedWithoutEverLinking() throws Exception {
        NucosLink bound = bind(0);
        NucosLink dialing = dial(bound.endpoint().localAddress().getPort(), "wrong".getBytes(UTF_8));
        Thread.sleep(300); // several attempts, each refused
        assertFalse(dialing.isConnected());
        assertEquals(0, dialing.connections());
        dialing.close();
    }

    @Test
    public void theBridgeCarriesRoomMessagesBothWaysWithoutEchoes() throws Exception {
        RoomBroker broker = new RoomBroker();
        NucosLink bound = bind(0);
        NucosLink peer = dial(bound.endpoint().localAddress().getPort(), SECRETS.get("alice"));
        LinkRoomBridge bridge = new LinkRoomBridge(bound, broker, "weather", "link:test");
        toClose.add(bridge);
        List<RoomMessage> inRoom = new CopyOnWriteArrayList<>();
        broker.subscribe("weather", new dev.patchbay.api.broker.RoomSubscriber() {
            @Override
            public String name() {
                return "member";
            }

            @Override
            public boolean deliver(RoomMessage message) {
                return inRoom.add(message);
            }
        });
        List<NucosMessage> atPeer = new CopyOnWriteArrayList<>();
        peer.onAll(atPeer::add);
        waitFor(() -> peer.isConnected() && bound.isConnected());

        assertTrue(peer.send("rain", "from the peer"));
        waitFor(() -> inRoom.size() == 1);
        assertEquals("link:test", inRoom.get(0).sender());
        assertEquals("from the peer", inRoom.get(0).content());

        assertEquals(2, broker.publish(new RoomMessage("weather", "sun", "from a member", "bob")));
        waitFor(() -> atPeer.size() == 1);
        assertEquals("sun", atPeer.get(0).event());
        assertEquals("from a member", atPeer.get(0).content());
        Thread.sleep(200); // what the peer sent was not sent back to it
        assertEquals(1, atPeer.size());

        bridge.close();
        assertFalse(broker.members("weather").contains(bridge));
    }
}
