package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitListening;
import static dev.patchbay.itests.PatchbayOptions.freePort;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.snakemq.SnakeMqPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The snakeMQ peer of a node made of real bundles in Felix, with the SQLite, memory and
 * PostgreSQL store bundles (a real PostgreSQL server), talking to a second peer in the same
 * framework over a real socket.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SnakeMqNodeIT {

    private static final long WAIT_MS = 20_000;
    private static int port;
    private static Path database;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    private static final String JDBC_URL = "patchbay.itest.postgresql.url";

    @Configuration
    public Option[] config() throws Exception {
        // In the driver: a throwaway PostgreSQL cluster for this test class, gone with the JVM.
        String jdbcUrl = PostgresForTests.start();
        return options(PatchbayOptions.snakeMqNode(),
                mavenBundle("org.checkerframework", "checker-qual").versionAsInProject(),
                mavenBundle("org.postgresql", "postgresql").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-postgresql").versionAsInProject(),
                systemProperty(JDBC_URL).value(jdbcUrl));
    }

    @Before
    public void configureNode() throws Exception {
        if (port != 0) {
            return;
        }
        port = freePort();
        database = Files.createTempDirectory("patchbay-itest-").resolve("node.db");
        Dictionary<String, Object> store = new Hashtable<>();
        store.put("path", database.toString());
        store.put("durability", "NORMAL");
        configurationAdmin.getConfiguration("dev.patchbay.storage.sqlite", null).update(store);
        Dictionary<String, Object> peer = new Hashtable<>();
        peer.put("identity", "node");
        peer.put("host", "127.0.0.1");
        peer.put("port", port);
        peer.put("acknowledgements", true);
        peer.put("store.target", "(patchbay.store=sqlite)");
        configurationAdmin.getConfiguration("dev.patchbay.protocol.snakemq", null).update(peer);
        awaitStore("sqlite", "(path=" + database + ")");
        awaitListening(port);
    }

    @After
    public void closeVisitors() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    @Test
    public void twoPeersInOneFrameworkExchangeMessagesBothWays() throws Exception {
        Events atNode = new Events();
        ServiceRegistration<PeerListener> registration = bundleContext.registerService(PeerListener.class, atNode, null);
        try {
            Events atVisitor = new Events();
            SnakeMqPeer visitor = visitor("visitor", atVisitor);
            assertEquals("node", next(atVisitor.connected).identity());
            visitor.send("node", PeerMessage.of("hello node".getBytes(UTF_8)));
            Events.Received received = next(atNode.received);
            assertEquals("visitor", received.from().identity());
            assertEquals("hello node", new String(received.message().data(), UTF_8));
            assertTrue("both sides are Patchbay peers", received.from().acknowledged());

            nodePeer().send("visitor", PeerMessage.of("hello visitor".getBytes(UTF_8)));
            assertEquals("hello visitor", new String(next(atVisitor.received).message().data(), UTF_8));
        } finally {
            registration.unregister();
        }
    }

    @Test
    public void persistentMessagesSurviveARestartOfThePeerBundle() throws Exception {
        PeerMessaging before = nodePeer();
        for (int i = 0; i < 50; i++) {
            before.send("latecomer", persistent("kept " + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        before.send("latecomer", PeerMessage.of("transient".getBytes(UTF_8)));
        Bundle snakemq = bundle("dev.patchbay.protocol.snakemq");
        snakemq.stop();
        snakemq.start();
        awaitListening(port);
        PeerMessaging after = nodePeer();
        assertNotSame(before, after);
        assertEquals(50, after.queued("latecomer"));

        Events atLatecomer = new Events();
        visitor("latecomer", atLatecomer);
        for (int i = 0; i < 50; i++) {
            assertEquals("kept " + i, new String(next(atLatecomer.received).message().data(), UTF_8));
        }
        assertEquals(null, atLatecomer.received.poll(300, TimeUnit.MILLISECONDS));
        MessageStore sqlite = awaitStore("sqlite", "(path=" + database + ")");
        await(() -> sqlite.depth("latecomer") == 0, "the delivered messages leave the SQLite store");
    }

    @Test
    public void aStoreSwitchedAtRuntimeLosesNothing() throws Exception {
        setStoreTarget("(patchbay.store=memory)");
        MessageStore memory = awaitStore("memory", null);
        PeerMessaging peer = nodePeer();
        // Config Admin delivers the change asynchronously; the first message may still go to
        // SQLite and then move over with the switch.
        peer.send("swapper", persistent("probe")).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await(() -> memory.depth("swapper") == 1, "the peer uses the memory store");
        for (int i = 0; i < 100; i++) {
            peer.send("swapper", persistent("swap " + i));
        }
        await(() -> memory.depth("swapper") == 101, "101 messages in the memory store");

        setStoreTarget("(patchbay.store=sqlite)");
        MessageStore sqlite = awaitStore("sqlite", "(path=" + database + ")");
        await(() -> sqlite.depth("swapper") == 101 && memory.depth("swapper") == 0,
                "the queued messages move from memory to SQLite");
        bundle("dev.patchbay.storage.memory").stop();
        assertTrue("the peer was not restarted", peer == nodePeer());

        Events atSwapper = new Events();
        visitor("swapper", atSwapper);
        assertEquals("probe", new String(next(atSwapper.received).message().data(), UTF_8));
        for (int i = 0; i < 100; i++) {
            assertEquals("swap " + i, new String(next(atSwapper.received).message().data(), UTF_8));
        }
        await(() -> sqlite.depth("swapper") == 0, "the delivered messages leave the SQLite store");
        bundle("dev.patchbay.storage.memory").start();
    }

    @Test
    public void aSwitchToPostgresqlAndBackLosesNothing() throws Exception {
        PeerMessaging peer = nodePeer();
        for (int i = 0; i < 100; i++) {
            peer.send("traveller", persistent("trip " + i)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        MessageStore sqlite = awaitStore("sqlite", "(path=" + database + ")");
        await(() -> sqlite.depth("traveller") == 100, "100 messages in SQLite");

        Dictionary<String, Object> postgres = new Hashtable<>();
        postgres.put("url", System.getProperty(JDBC_URL));
        postgres.put("user", "patchbay");
        postgres.put("owner", "node");
        configurationAdmin.getConfiguration("dev.patchbay.storage.postgresql.peer", null).update(postgres);
        MessageStore onPostgres = awaitStore("postgresql", "(owner=node)");
        setStoreTarget("(patchbay.store=postgresql)");
        await(() -> onPostgres.depth("traveller") == 100 && sqlite.depth("traveller") == 0,
                "the queued messages move from SQLite to PostgreSQL");
        assertTrue("the peer was not restarted", peer == nodePeer());

        setStoreTarget("(patchbay.store=sqlite)");
        await(() -> sqlite.depth("traveller") == 100 && onPostgres.depth("traveller") == 0,
                "and back from PostgreSQL to SQLite");
        Events atTraveller = new Events();
        visitor("traveller", atTraveller);
        for (int i = 0; i < 100; i++) {
            assertEquals("trip " + i, new String(next(atTraveller.received).message().data(), UTF_8));
        }
        await(() -> sqlite.depth("traveller") == 0, "the delivered messages leave the SQLite store");
        configurationAdmin.getConfiguration("dev.patchbay.storage.postgresql.peer", null).delete();
    }

    // --- helpers

    private static PeerMessage persistent(String text) {
        return PeerMessage.of(text.getBytes(UTF_8)).persistent(true);
    }

    private void setStoreTarget(String filter) throws Exception {
        org.osgi.service.cm.Configuration configuration = configurationAdmin.getConfiguration("dev.patchbay.protocol.snakemq", null);
        Dictionary<String, Object> properties = configuration.getProperties();
        properties.put("store.target", filter);
        configuration.update(properties);
    }

    /** A second peer in this framework, built from the node's Transport and Framing services. */
    private SnakeMqPeer visitor(String identity, Events events) throws Exception {
        Transport transport = service(Transport.class, null);
        Framing framing = service(Framing.class, "(patchbay.framing=uint32-length)");
        SnakeMqPeer visitor = SnakeMqPeer.builder(identity).transport(transport).framing(framing)
                .acknowledgements(true).build();
        visitor.addListener(events);
        visitor.connect(new ConnectSpec(identity, "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(200));
        toClose.add(visitor);
        return visitor;
    }

    private PeerMessaging nodePeer() throws Exception {
        return service(PeerMessaging.class, "(identity=node)");
    }

    private MessageStore awaitStore(String name, String extra) throws Exception {
        return service(MessageStore.class, extra == null ? "(patchbay.store=" + name + ")"
                : "(&(patchbay.store=" + name + ")" + extra + ")");
    }

    private <T> T service(Class<T> type, String filter) throws Exception {
        String full = "(&(objectClass=" + type.getName() + ")" + (filter == null ? "" : filter) + ")";
        Filter osgiFilter = bundleContext.createFilter(full);
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, osgiFilter, null);
        tracker.open();
        try {
            T service = tracker.waitForService(WAIT_MS);
            assertNotNull("no service " + full + " within " + WAIT_MS + " ms", service);
            return service;
        } finally {
            tracker.close();
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (bundle.getSymbolicName().equals(symbolicName)) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + WAIT_MS + " ms: " + what);
            }
            Thread.sleep(20);
        }
    }

    private static <T> T next(BlockingQueue<T> events) throws InterruptedException {
        T event = events.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull("no event within " + WAIT_MS + " ms", event);
        return event;
    }

    /** Records a peer's events. */
    static final class Events implements PeerListener {
        record Received(PeerConnection from, PeerMessage message) {
        }

        final BlockingQueue<PeerConnection> connected = new LinkedBlockingQueue<>();
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

        @Override
        public void connected(PeerConnection connection) {
            connected.add(connection);
        }

        @Override
        public void received(PeerConnection from, PeerMessage message) {
            received.add(new Received(from, message));
        }
    }
}
