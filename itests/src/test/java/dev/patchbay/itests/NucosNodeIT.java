package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitListening;
import static dev.patchbay.itests.PatchbayOptions.freePort;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.itests.customauth.OpenSesameActivator;
import dev.patchbay.itests.customauth.OpenSesameAuthenticator;
import dev.patchbay.nucos.ChallengeSigners;
import dev.patchbay.nucos.NucosCallback;
import dev.patchbay.nucos.NucosClient;
import dev.patchbay.nucos.NucosLink;
import dev.patchbay.nucos.NucosMessage;
import dev.patchbay.nucos.NucosServer;
import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The nucosMQ server in a real Felix: HMAC logins against the default authenticator, rooms
 * through the broker bundle, callbacks from the whiteboard, and a deployment's own authenticator
 * bundle installed at runtime replacing the default until it stops; node links (factory
 * configurations) binding and dialing, their peer joined to a broker room.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NucosNodeIT {

    private static final String CUSTOM_AUTH_BUNDLE = "patchbay.itest.customauth.bundle";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    private int port;

    @Configuration
    public Option[] config() throws IOException {
        return options(PatchbayOptions.core(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-json").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-broker").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-auth-challenge").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-protocol-nucos").versionAsInProject(),
                systemProperty(CUSTOM_AUTH_BUNDLE).value(PatchbayOptions.bundleFile("dev.patchbay.itests.customauth",
                        OpenSesameActivator.class, "org.osgi.framework,dev.patchbay.api.auth",
                        OpenSesameActivator.class, OpenSesameAuthenticator.class)));
    }

    @Test
    public void loginsRoomsAndAnAuthenticatorReplacedAtRunTime() throws Exception {
        Dictionary<String, Object> users = new Hashtable<>();
        users.put(".users", "alice:alice-secret");
        configurationAdmin.getConfiguration("dev.patchbay.auth.challenge", null).update(users);
        port = freePort();
        Dictionary<String, Object> nucos = new Hashtable<>();
        nucos.put("host", "127.0.0.1");
        nucos.put("port", port);
        configurationAdmin.getConfiguration("dev.patchbay.protocol.nucos", null).update(nucos);
        awaitListening(port);

        List<NucosMessage> hellos = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> callbackProperties = new Hashtable<>();
        callbackProperties.put(NucosCallback.EVENT_PROPERTY, "hello");
        bundleContext.registerService(NucosCallback.class, hellos::add, callbackProperties);

        Function<Object, Object> aliceSigner = ChallengeSigners.hmacSha256("alice", "alice-secret".getBytes(UTF_8));
        NucosClient alice = login("alice", aliceSigner);
        PatchbayOptions.assertNoServicePropertyHolds(bundleContext, "alice-secret");
        List<NucosMessage> atAlice = new CopyOnWriteArrayList<>();
        alice.onAll(atAlice::add);
        alice.subscribe("lobby");
        alice.send("hello", "from alice");
        await(() -> hellos.size() == 1);
        assertEquals(new NucosMessage("hello", "from alice", "", "alice"), hellos.get(0));
        NucosServer server = service(NucosServer.class);
        await(() -> server.broker().room("lobby").isPresent());
        assertEquals(1, server.publish("lobby", "news", "for the lobby"));
        await(() -> atAlice.size() == 1);
        alice.close();

        Bundle custom = bundleContext.installBundle(System.getProperty(CUSTOM_AUTH_BUNDLE));
        custom.start();
        Function<Object, Object> sesame = ChallengeSigners.plainPassword("open sesame");
        await(() -> canLogIn("zed", sesame));
        assertTrue("the default no longer decides", !canLogIn("alice", aliceSigner));

        custom.stop();
        await(() -> canLogIn("alice", aliceSigner));
        assertTrue(!canLogIn("zed", sesame));
        custom.uninstall();
    }

    @Test
    public void linksBindAndDialWithTheirPeerJoinedToARoom() throws Exception {
        Dictionary<String, Object> users = new Hashtable<>();
        users.put(".users", "alice:alice-secret");
        configurationAdmin.getConfiguration("dev.patchbay.auth.challenge", null).update(users);
        int linkPort = freePort();
        Dictionary<String, Object> bound = new Hashtable<>();
        bound.put("name", "in");
        bound.put("host", "127.0.0.1");
        bound.put("port", linkPort);
        bound.put("room", "weather");
        configurationAdmin.createFactoryConfiguration("dev.patchbay.protocol.nucos.link", null).update(bound);
        awaitListening(linkPort);

        List<NucosMessage> atDialer = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> callbackProperties = new Hashtable<>();
        callbackProperties.put(NucosCallback.LINK_PROPERTY, "out");
        bundleContext.registerService(NucosCallback.class, atDialer::add, callbackProperties);
        List<RoomMessage> inRoom = new CopyOnWriteArrayList<>();
        Broker broker = service(Broker.class);
        broker.subscribe("weather", new RoomSubscriber() {
            @Override
            public String name() {
                return "itest";
            }

            @Override
            public boolean deliver(RoomMessage message) {
                return inRoom.add(message);
            }
        });

        // the node dials its own bound link, logging in as alice
        Dictionary<String, Object> dialing = new Hashtable<>();
        dialing.put("name", "out");
        dialing.put("mode", "dial");
        dialing.put("host", "127.0.0.1");
        dialing.put("port", linkPort);
        dialing.put("uid", "alice");
        dialing.put(".secret", "alice-secret");
        configurationAdmin.createFactoryConfiguration("dev.patchbay.protocol.nucos.link", null).update(dialing);
        NucosLink out = linkNamed("out");
        await(out::isConnected);

        assertTrue(out.send("rain", "over the link"));
        await(() -> inRoom.size() == 1);
        assertEquals("over the link", inRoom.get(0).content());
        assertEquals("link:in", inRoom.get(0).sender());

        broker.publish(new RoomMessage("weather", "sun", "from the room", "bob"));
        await(() -> atDialer.size() == 1);
        assertEquals(new NucosMessage("sun", "from the room", "", ""), atDialer.get(0));
    }

    private NucosLink linkNamed(String name) throws Exception {
        ServiceTracker<NucosLink, NucosLink> tracker = new ServiceTracker<>(bundleContext,
                bundleContext.createFilter("(&(objectClass=" + NucosLink.class.getName() + ")(patchbay.endpoint=" + name + "))"), null);
        tracker.open();
        try {
            NucosLink link = tracker.waitForService(20_000);
            assertNotNull("no link '" + name + "'", link);
            return link;
        } finally {
            tracker.close();
        }
    }

    private NucosClient login(String uid, Function<Object, Object> signer) throws Exception {
        NucosClient client = NucosClient.builder().transport(service(Transport.class))
                .framing(bundleContext.getService(bundleContext.getServiceReferences(Framing.class,
                        "(patchbay.framing=eom-delimiter)").iterator().next()))
                .login(uid, signer).build();
        client.connect(new ConnectSpec("nucos", "127.0.0.1", port, null, Duration.ofSeconds(5)))
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        return client;
    }

    private boolean canLogIn(String uid, Function<Object, Object> signer) {
        try {
            login(uid, signer).close();
            return true;
        } catch (Exception refused) {
            return false;
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private <T> T service(Class<T> type) throws InterruptedException {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(bundleContext, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(20_000);
            assertNotNull("no " + type.getSimpleName() + " service", service);
            return service;
        } finally {
            tracker.close();
        }
    }
}
