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
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.storage.postgresql.PostgresTestServer;
import dev.patchbay.transport.netty.NettyTransport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * Two assembled nodes with one snakeMQ identity and their persistent queues on a real PostgreSQL:
 * the first owns the queues and queues messages for a peer that is away; it is killed (SIGKILL);
 * the standby takes the queues over and the peer, connecting to it, gets every message.
 */
public class NodeTakeoverIT {

    private static final String SNAKEMQ = "dev.patchbay.protocol.snakemq";

    private PostgresTestServer postgres;
    private NodeProcess active;
    private NodeProcess standby;

    @Before
    public void startDatabase() throws Exception {
        postgres = PostgresTestServer.start();
    }

    private NodeProcess node() throws Exception {
        NodeProcess node = new NodeProcess();
        node.edit("etc/" + SNAKEMQ + ".cfg", text -> text.replaceAll("(?m)^identity\\s*=.*$", "identity = node")
                .replaceAll("(?m)^store\\.target\\s*=.*$", "store.target = (patchbay.store=postgresql)"));
        Files.writeString(node.home().resolve("etc/dev.patchbay.storage.postgresql.peer.cfg"),
                "url = " + postgres.jdbcUrl() + "\nuser = " + postgres.user() + "\nowner = node\n");
        node.start(SNAKEMQ);
        return node;
    }

    @After
    public void stopAll() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {active, standby, postgres}) {
            if (closeable != null) {
                closeable.close();
            }
        }
    }

    @Test
    public void theStandbyTakesOverTheQueuesOfANodeThatDies() throws Exception {
        active = node();
        await(() -> registered(active));
        standby = node();
        await(() -> log(standby).contains("owned by another node"));

        // a persistent message per line typed into the active node's console; the first lines may
        // come before the shell's commands are registered, so the probe is typed until it is queued
        await(() -> {
            active.type("patchbay:send traveller probe true");
            pause(300);
            return count(log(active), "queued ") >= 1;
        });
        int probes = count(log(active), "queued ");
        for (int i = 0; i < 20; i++) {
            active.type("patchbay:send traveller trip-" + i + " true");
        }
        await(() -> count(log(active), "queued ") == probes + 20);

        assertTrue("the owner says so in its metrics", metrics(active).contains("patchbay_peer_queues_owned{owner=\"node\"} 1"));
        assertTrue("the standby too", metrics(standby).contains("patchbay_peer_queues_owned{owner=\"node\"} 0"));
        active.kill(); // no shutdown: its PostgreSQL session ends with the process, and the lock with it
        await(() -> registered(standby));

        List<String> received = new CopyOnWriteArrayList<>();
        try (NettyTransport transport = new NettyTransport(1, null)) {
            SnakeMqPeer traveller = SnakeMqPeer.builder("traveller").transport(transport).framing(new Uint32LengthFraming()).build();
            traveller.addListener(new PeerListener() {
                @Override
                public void received(PeerConnection from, PeerMessage message) {
                    received.add(new String(message.data(), UTF_8));
                }
            });
            traveller.connect(new ConnectSpec("standby", "127.0.0.1", standby.port(SNAKEMQ), null, Duration.ofSeconds(5)),
                    Duration.ofMillis(200));
            await(() -> received.stream().filter(text -> text.startsWith("trip-")).count() == 20);
            traveller.close();
        }
        List<String> trips = received.stream().filter(text -> text.startsWith("trip-")).toList();
        for (int i = 0; i < 20; i++) {
            assertEquals("in the order they were queued on the dead node", "trip-" + i, trips.get(i));
        }
        assertTrue("the probe came too", received.contains("probe"));
    }

    private static String metrics(NodeProcess node) throws Exception {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net.URI.create(
                "http://127.0.0.1:" + node.port("dev.patchbay.metrics") + "/metrics").toURL().openConnection();
        return new String(connection.getInputStream().readAllBytes(), UTF_8);
    }

    private static String log(NodeProcess node) {
        try {
            return Files.readString(node.home().resolve("node-output.log"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The node's PostgreSQL message store of owner 'node' is registered (the node owns the queues). */
    private static boolean registered(NodeProcess node) {
        return log(node).lines().anyMatch(line -> line.contains("PostgreSQL message store of 'node' at ") && line.endsWith("registered"));
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        awaitCondition(condition, 60);
    }
}
