package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitCondition;
import static dev.patchbay.itests.PatchbayOptions.pause;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.cluster.nats.NatsTestServer;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.nucos.ChallengeSigners;
import dev.patchbay.nucos.NucosClient;
import dev.patchbay.nucos.NucosMessage;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.NettyTransport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two assembled nodes, started with {@code bin/patchbay}, joined over a real nats-server by
 * dropping {@code etc/dev.patchbay.cluster.nats.cfg} into each: a nucosMQ room is one room
 * across them, the publisher's rights checked on its own node; a snakeMQ send on one node reaches
 * an identity connected to the other.
 */
public class NodeClusterIT {

    private static final String NUCOS = "dev.patchbay.protocol.nucos";
    private static final String SNAKEMQ = "dev.patchbay.protocol.snakemq";

    private NatsTestServer nats;
    private NodeProcess nodeA;
    private NodeProcess nodeB;
    private NettyTransport transport;

    @Before
    public void startNodes() throws Exception {
        nats = NatsTestServer.start();
        nodeA = node("a");
        nodeB = node("b");
        transport = new NettyTransport(1, null);
    }

    private NodeProcess node(String name) throws Exception {
        NodeProcess node = new NodeProcess();
        Files.writeString(node.home().resolve("etc/dev.patchbay.cluster.nats.cfg"),
                "servers = " + nats.url() + "\nnode = " + name + "\n");
        node.start(NUCOS);
        return node;
    }

    @After
    public void stopNodes() throws Exception {
        if (transport != null) {
            transport.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {nodeA, nodeB, nats}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    private NucosClient login(NodeProcess node, String uid) throws Exception {
        NucosClient client = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming())
                .login(uid, ChallengeSigners.hmacSha256(uid, (uid + "-dev-secret").getBytes(UTF_8))).build();
        client.connect(new ConnectSpec("nucos", "127.0.0.1", node.port(NUCOS), null, Duration.ofSeconds(5)))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        return client;
    }

    @Test
    public void aRoomIsOneRoomAcrossTheNodes() throws Exception {
        NucosClient alice = login(nodeA, "alice");
        NucosClient bob = login(nodeB, "bob");
        List<NucosMessage> atAlice = new CopyOnWriteArrayList<>();
        List<NucosMessage> atBob = new CopyOnWriteArrayList<>();
        alice.onRoom("weather", atAlice::add);
        bob.onRoom("weather", atBob::add);
        alice.subscribe("weather");
        bob.subscribe("weather");

        // the nodes' NATS subscriptions may come up a moment after the listeners: retry the first
        await(() -> {
            alice.publish("weather", "probe", "hello?");
            pause(200);
            return atBob.stream().anyMatch(m -> m.event().equals("probe"));
        });
        atBob.clear();
        atAlice.clear();
        for (int i = 0; i < 500; i++) {
            alice.publish("weather", "rain", "day " + i);
        }
        bob.publish("weather", "sun", "from node b");
        await(() -> atBob.stream().filter(m -> m.event().equals("rain")).count() == 500
                && atAlice.stream().anyMatch(m -> m.event().equals("sun")));
        List<NucosMessage> rain = atBob.stream().filter(m -> m.event().equals("rain")).toList();
        for (int i = 0; i < 500; i++) {
            assertEquals("in order across the nodes", "day " + i, rain.get(i).content());
        }

        // rights are checked on the publisher's node: bob, logged in on node A too, is no member of
        // the room there, so his publish from A is refused on A and reaches nobody on either node
        NucosClient bobOnA = login(nodeA, "bob");
        bobOnA.publish("weather", "spam", "not a member here");
        Thread.sleep(500);
        assertTrue("a refused publish did not travel", atBob.stream().noneMatch(m -> m.event().equals("spam"))
                && atAlice.stream().noneMatch(m -> m.event().equals("spam")));
        bobOnA.close();
        alice.close();
        bob.close();
    }

    @Test
    public void aSnakeMqSendOnOneNodeReachesAnIdentityConnectedToTheOther() throws Exception {
        List<String> atBob = new CopyOnWriteArrayList<>();
        SnakeMqPeer bob = SnakeMqPeer.builder("bob").transport(transport).framing(new Uint32LengthFraming()).build();
        bob.addListener(new PeerListener() {
            @Override
            public void received(PeerConnection from, PeerMessage message) {
                atBob.add(new String(message.data(), UTF_8));
            }
        });
        bob.connect(new ConnectSpec("to-b", "127.0.0.1", nodeB.port(SNAKEMQ), null, Duration.ofSeconds(5)), Duration.ofMillis(200));
        try {
            // typed into node A's console: A has no bob, B announced one, so A hands the message to B
            // (typed again until it arrives: the shell and the announcements come up a moment after the listeners)
            await(() -> {
                nodeA.type("patchbay:send bob via-node-a true");
                pause(300);
                return atBob.contains("via-node-a");
            });
        } finally {
            bob.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        awaitCondition(condition, 30);
    }
}
