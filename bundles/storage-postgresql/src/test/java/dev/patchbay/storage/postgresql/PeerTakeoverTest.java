package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * Two nodes with one snakeMQ identity on one PostgreSQL database, over real sockets: the first
 * queues persistent messages for a peer that is away and goes; the standby, waiting for the
 * owner's queues, opens them then, and the peer gets every message from it.
 */
public class PeerTakeoverTest {

    @ClassRule
    public static final ClassResource<PostgresTestServer> SERVER = new ClassResource<>(PostgresTestServer::start);

    private static PostgresTestServer server() {
        return SERVER.get();
    }

    private static SnakeMqPeer peer(NettyTransport transport, String identity) {
        return SnakeMqPeer.builder(identity).transport(transport).framing(new Uint32LengthFraming()).build();
    }

    @Test
    public void theStandbyTakesOverTheIdentitysQueuesWhenTheOwnerGoes() throws Exception {
        String identity = "node-" + UUID.randomUUID().toString().substring(0, 8);
        try (NettyTransport transport = new NettyTransport(2, null)) {
            SnakeMqPeer first = peer(transport, identity);
            PostgresMessageStore firstStore = PostgresMessageStore.open(server().jdbcUrl(), server().user(), "", identity);
            first.useStore(firstStore);
            for (int i = 0; i < 50; i++) {
                first.send("bob", PeerMessage.of(("kept " + i).getBytes(StandardCharsets.UTF_8)).persistent(true))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            }

            // the standby keeps trying, as its component does, while the first node owns the queues
            AtomicReference<PostgresMessageStore> taken = new AtomicReference<>();
            BackgroundConnector<PostgresMessageStore> standby = new BackgroundConnector<>("standby",
                    () -> PostgresMessageStore.open(server().jdbcUrl(), server().user(), "", identity), taken::set,
                    store -> { }, Duration.ofMillis(50), Duration.ofMillis(100)).start();
            Thread.sleep(300);
            assertNull("opened while the first node owned the queues", taken.get());

            first.close();
            firstStore.close(); // the first node is gone, and its connection (and lock) with it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (taken.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("the standby took the queues over", taken.get() != null);

            SnakeMqPeer second = peer(transport, identity);
            second.useStore(taken.get());
            assertEquals(50, second.queued("bob"));
            int port = second.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null)).localAddress().getPort();
            List<String> atBob = new CopyOnWriteArrayList<>();
            SnakeMqPeer bob = peer(transport, "bob");
            bob.addListener(new PeerListener() {
                @Override
                public void received(PeerConnection from, PeerMessage message) {
                    atBob.add(new String(message.data(), StandardCharsets.UTF_8));
                }
            });
            bob.connect(new ConnectSpec("to-node", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(100));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (atBob.size() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(50, atBob.size());
            for (int i = 0; i < 50; i++) {
                assertEquals("kept " + i, atBob.get(i));
            }
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (taken.get().depth("bob") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("delivered messages leave the store", 0, taken.get().depth("bob"));
            bob.close();
            second.close();
            standby.close();
        }
    }
}
