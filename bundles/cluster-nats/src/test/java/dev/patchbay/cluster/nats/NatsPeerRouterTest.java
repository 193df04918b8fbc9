package dev.patchbay.cluster.nats;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.testing.ClassResource;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.NettyTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;

/** Two nodes' snakeMQ peers routed over a real nats-server: a send on A reaches an identity connected to B. */
public class NatsPeerRouterTest {

    @ClassRule
    public static final ClassResource<NatsTestServer> NATS = new ClassResource<>(NatsTestServer::start);
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private NettyTransport transport;
    private SnakeMqPeer nodeA;
    private SnakeMqPeer nodeB;
    private int portB;

    private static NatsTestServer nats() {
        return NATS.get();
    }

    @Before
    public void startNodes() throws Exception {
        transport = new NettyTransport(2, null);
        String prefix = "test.peers." + System.nanoTime();
        nodeA = peer("node");
        nodeB = peer("node");
        portB = nodeB.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null)).localAddress().getPort();
        for (SnakeMqPeer node : List.of(nodeA, nodeB)) {
            NatsPeerRouter router = NatsPeerRouter.start(List.of(nats().url()), node == nodeA ? "a" : "b", prefix, node);
            toClose.add(router);
            node.setRouter(router);
            waitFor(router::isConnected);
        }
    }

    @After
    public void stopNodes() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        nodeA.close();
        nodeB.close();
        transport.close();
    }

    private SnakeMqPeer peer(String identity) {
        SnakeMqPeer peer = SnakeMqPeer.builder(identity).transport(transport).framing(new Uint32LengthFraming())
                .sweepInterval(Duration.ofMillis(100)).build();
        return peer;
    }

    /** A peer that connects to node B and records what it gets. */
    private List<String> connectToB(String identity) {
        List<String> got = new CopyOnWriteArrayList<>();
        SnakeMqPeer visitor = peer(identity);
        visitor.addListener(new PeerListener() {
            @Override
            public void received(PeerConnection from, PeerMessage message) {
                got.add(new String(message.data(), UTF_8));
            }
        });
        visitor.connect(new ConnectSpec("to-b", "127.0.0.1", portB, null, Duration.ofSeconds(5)), Duration.ofMillis(100));
        toClose.add(visitor);
        return got;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue("not within 20 s", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    private static PeerMessage text(String text) {
        return PeerMessage.of(text.getBytes(UTF_8)).persistent(true);
    }

    @Test
    public void aSendOnOneNodeReachesAnIdentityConnectedToTheOther() throws Exception {
        List<String> atBob = connectToB("bob");
        NatsPeerRouter routerOfA = (NatsPeerRouter) toClose.get(0);
        waitFor(() -> nodeB.connection("bob") != null && "b".equals(routerOfA.nodeOf("bob"))); // B announced bob
        for (int i = 0; i < 200; i++) {
            nodeA.send("bob", text("hello " + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        waitFor(() -> atBob.stream().filter(m -> m.startsWith("hello ")).count() == 200);
        List<String> hellos = atBob.stream().filter(m -> m.startsWith("hello ")).toList();
        for (int i = 0; i < 200; i++) {
            assertEquals("in order", "hello " + i, hellos.get(i));
        }
        assertEquals("nothing waits on node A", 0, nodeA.queued("bob"));
    }

    @Test
    public void whatWaitedOnOneNodeGoesToTheNodeTheIdentityConnectedTo() throws Exception {
        for (int i = 0; i < 50; i++) {
            nodeA.send("carol", text("waited " + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertEquals("carol is nowhere yet: it waits on A", 50, nodeA.queued("carol"));
        List<String> atCarol = connectToB("carol");
        waitFor(() -> atCarol.size() == 50);
        for (int i = 0; i < 50; i++) {
            assertEquals("in the order they waited", "waited " + i, atCarol.get(i));
        }
        waitFor(() -> nodeA.queued("carol") == 0);
    }
}
