package dev.patchbay.snakemq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerRouter;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.transport.netty.NettyTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.After;
import org.junit.Test;

/** The peer's side of routing across nodes, with a router that says where identities are and fails at will. */
public class PeerRoutingTest {

    private final NettyTransport transport = new NettyTransport(2, null);

    @After
    public void stop() {
        transport.close();
    }

    /** Claims that {@code dave} is on node {@code x}; its hand-overs fail while {@code failing} is set. */
    private static final class FakeRouter implements PeerRouter {
        final List<String> handed = new CopyOnWriteArrayList<>();
        final List<Set<String>> announced = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean failing = true;

        @Override
        public void connectedHere(Set<String> identities) {
            announced.add(identities);
        }

        @Override
        public String nodeOf(String identity) {
            return identity.equals("dave") ? "x" : null;
        }

        @Override
        public CompletionStage<Void> forward(String node, String destination, PeerMessage message) {
            attempts.incrementAndGet();
            if (failing) {
                // later, as a request that times out: the sweeper runs meanwhile
                return CompletableFuture.runAsync(() -> {
                    throw new IllegalStateException("node x does not answer");
                }, CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS));
            }
            handed.add(new String(message.data(), UTF_8));
            return CompletableFuture.completedFuture(null);
        }
    }

    private SnakeMqPeer peer(String identity) {
        return SnakeMqPeer.builder(identity).transport(transport).framing(new Uint32LengthFraming())
                .sweepInterval(Duration.ofMillis(20)).build();
    }

    private static PeerMessage text(String text) {
        return PeerMessage.of(text.getBytes(UTF_8));
    }

    @Test
    public void failedHandOversLoseNothingAndKeepTheOrder() throws Exception {
        FakeRouter router = new FakeRouter();
        try (SnakeMqPeer node = peer("node")) {
            node.setRouter(router);
            for (int i = 0; i < 30; i++) {
                node.send("dave", text("m" + i)).toCompletableFuture().get(10, TimeUnit.SECONDS); // fails: queued here
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.attempts.get() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5); // the sweeper tries again and again, and fails
            }
            assertTrue(router.attempts.get() >= 10); // each failure put its messages back (checked below: none lost)

            router.failing = false;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.handed.size() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("no message lost to the failed hand-overs", 30, router.handed.size());
            for (int i = 0; i < 30; i++) {
                assertEquals("in the order they were sent", "m" + i, router.handed.get(i));
            }
            assertEquals(0, node.queued("dave"));
        }
    }

    @Test
    public void identitiesConnectedHereAreAnnouncedAndStayLocal() throws Exception {
        FakeRouter router = new FakeRouter();
        try (SnakeMqPeer node = peer("node"); SnakeMqPeer dave = peer("dave")) {
            node.setRouter(router);
            int port = node.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null)).localAddress().getPort();
            List<String> atDave = new CopyOnWriteArrayList<>();
            dave.addListener(new dev.patchbay.api.peer.PeerListener() {
                @Override
                public void received(dev.patchbay.api.peer.PeerConnection from, PeerMessage message) {
                    atDave.add(new String(message.data(), UTF_8));
                }
            });
            dave.connect(new ConnectSpec("to-node", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(50));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (router.announced.stream().noneMatch(set -> set.contains("dave")) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue("dave's connection was announced", router.announced.stream().anyMatch(set -> set.contains("dave")));
            router.failing = false;
            node.send("dave", text("here")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (atDave.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals("connected here: delivered here, not handed to another node", List.of("here"), atDave);
            assertTrue(router.handed.isEmpty());
        }
    }
}
