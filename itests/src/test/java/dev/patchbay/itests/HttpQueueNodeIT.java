package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitListening;
import static dev.patchbay.itests.PatchbayOptions.freePort;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.client.queue.HttpQueueClient;
import dev.patchbay.client.queue.QueueMessage;
import dev.patchbay.client.queue.QueuePayload;
import dev.patchbay.httpqueue.HttpQueueServer;
import dev.patchbay.httpqueue.HttpQueueService;
import dev.patchbay.httpqueue.StoreSwitch;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.jdbc.PooledRunner;
import dev.patchbay.storage.jdbc.SqlDialect;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The HTTP queue in a real Felix with a real PostgreSQL server: a running node is switched from
 * SQLite to PostgreSQL through Config Admin while a client keeps pushing, then a second node on
 * the same database serves pulls alongside it. Every pushed message is pulled exactly once.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HttpQueueNodeIT {

    private static final String JDBC_URL = "patchbay.itest.postgresql.url";
    private static final String TOKEN = "DEFAULT_TOKEN";
    private static final Authenticator TOKEN_AUTHENTICATOR = credentials ->
            TOKEN.equals(new String(credentials.secret(), UTF_8)) ? AuthResult.accept("") : AuthResult.reject("wrong token");

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws Exception {
        // In the driver: a throwaway PostgreSQL cluster for this test class, gone with the JVM.
        String jdbcUrl = PostgresForTests.start();
        return options(PatchbayOptions.core(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-json").versionAsInProject(),
                mavenBundle("io.netty", "netty-codec-compression").versionAsInProject(),
                mavenBundle("io.netty", "netty-codec-http").versionAsInProject(),
                mavenBundle("org.xerial", "sqlite-jdbc").versionAsInProject(),
                mavenBundle("org.checkerframework", "checker-qual").versionAsInProject(),
                mavenBundle("org.postgresql", "postgresql").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-jdbc").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-sqlite").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-storage-postgresql").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-protocol-httpqueue").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-client").versionAsInProject(),
                systemProperty(JDBC_URL).value(jdbcUrl));
    }

    @Test
    public void switchingToPostgresqlWhilePushingThenTwoNodesShareIt() throws Exception {
        Hashtable<String, Object> tokenProperties = new Hashtable<>();
        tokenProperties.put("patchbay.auth", "token");
        bundleContext.registerService(Authenticator.class, TOKEN_AUTHENTICATOR, tokenProperties);
        Dictionary<String, Object> sqlite = new Hashtable<>();
        sqlite.put("path", Files.createTempDirectory("patchbay-itest-queue-").resolve("queue.db").toString());
        sqlite.put("durability", "NORMAL");
        configurationAdmin.getConfiguration("dev.patchbay.storage.sqlite.queue", null).update(sqlite);
        Dictionary<String, Object> postgres = new Hashtable<>();
        postgres.put("url", System.getProperty(JDBC_URL));
        postgres.put("user", "patchbay");
        configurationAdmin.getConfiguration("dev.patchbay.storage.postgresql", null).update(postgres);
        int port = freePort();
        Dictionary<String, Object> queue = new Hashtable<>();
        queue.put("host", "127.0.0.1");
        queue.put("port", port);
        queue.put("store.target", "(patchbay.store=sqlite)");
        configurationAdmin.getConfiguration("dev.patchbay.protocol.httpqueue", null).update(queue);
        awaitListening(port);

        HttpQueueClient producer = client(port, "af123");
        awaitPushable(producer);
        Set<String> pushed = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean pushing = new AtomicBoolean(true);
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread pusher = new Thread(() -> {
            try {
                while (pushing.get()) {
                    pushed.add(producer.push("bf456", QueuePayload.text("m")).id());
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        pusher.start();
        awaitCount(pushed, 300);

        queue.put("store.target", "(patchbay.store=postgresql)");
        configurationAdmin.getConfiguration("dev.patchbay.protocol.httpqueue", null).update(queue);
        QueueStore sqliteStore = store("(patchbay.store=sqlite)");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!sqliteStore.oldest(1).isEmpty() || pushed.size() < 600) {
            assertTrue("the switch did not empty the SQLite store", System.nanoTime() < deadline);
            Thread.sleep(20);
        }
        pushing.set(false);
        pusher.join();
        assertEquals("pushes failed during the switch", List.of(), failures);
        assertTrue(sqliteStore.oldest(10).isEmpty());

        // a second node on the same database, as another process would be
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(System.getProperty(JDBC_URL));
        source.setUser("patchbay");
        StoreSwitch secondStores = new StoreSwitch();
        try (JdbcQueueStore secondStore = new JdbcQueueStore(new PooledRunner(source::getConnection, 4, Duration.ofSeconds(10)),
                SqlDialect.POSTGRESQL);
             HttpQueueServer second = new HttpQueueServer(service(Transport.class), secondStores, () -> TOKEN_AUTHENTICATOR,
                     HttpQueueService.Settings.DEFAULTS, 4, Duration.ofMinutes(5), 5, Duration.ofSeconds(60))) {
            secondStores.use(secondStore);
            int secondPort = second.listen(new EndpointSpec("second", "127.0.0.1", 0, null)).localAddress().getPort();

            Set<String> pulled = Collections.synchronizedSet(new HashSet<>());
            AtomicInteger duplicates = new AtomicInteger();
            ExecutorService pullers = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                HttpQueueClient consumer = client(p % 2 == 0 ? port : secondPort, "bf456");
                done.add(pullers.submit(() -> {
                    for (Optional<QueueMessage> next; (next = consumer.pull()).isPresent(); ) {
                        if (!pulled.add(next.get().id())) {
                            duplicates.incrementAndGet();
                        }
                        consumer.ack(next.get().id());
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pullers.shutdown();
            assertEquals(0, duplicates.get());
            assertEquals(pushed, pulled);
        }
    }

    private static HttpQueueClient client(int port, String node) {
        return new HttpQueueClient(URI.create("http://127.0.0.1:" + port), node, TOKEN, Duration.ofSeconds(20));
    }

    /** The listener is up before the store is bound; wait until a push succeeds (and drop that message). */
    private static void awaitPushable(HttpQueueClient producer) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                String id = producer.push("bf456", QueuePayload.text("probe")).id();
                producer.delete(id);
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void awaitCount(Set<String> set, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (set.size() < count) {
            assertTrue("only " + set.size() + " pushes", System.nanoTime() < deadline);
            Thread.sleep(10);
        }
    }

    private QueueStore store(String filter) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            var references = bundleContext.getServiceReferences(QueueStore.class, filter);
            if (!references.isEmpty()) {
                return bundleContext.getService(references.iterator().next());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no QueueStore " + filter);
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            return tracker.waitForService(20_000);
        } finally {
            tracker.close();
        }
    }
}
