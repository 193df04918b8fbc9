package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitListening;
import static dev.patchbay.itests.PatchbayOptions.freePort;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.itests.calc.CalcActivator;
import dev.patchbay.itests.calc.CalcService;
import dev.patchbay.rpc.RemoteException;
import dev.patchbay.rpc.SnakeMqRpc;
import dev.patchbay.snakemq.SnakeMqPeer;
import java.io.IOException;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
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
 * The RPC whiteboard in a real Felix: a bundle installed at runtime exports a plain service as
 * a remote object, a remote peer calls it, and when the bundle stops the call gets a clear
 * "no such object" error.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RpcNodeIT {

    private static final String CALC_BUNDLE = "patchbay.itest.calc.bundle";

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws IOException {
        return options(PatchbayOptions.snakeMqNode(),
                mavenBundle("dev.patchbay", "patchbay-json").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core").versionAsInProject(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-pickle").versionAsInProject(),
                mavenBundle("dev.patchbay", "patchbay-rpc").versionAsInProject(),
                systemProperty(CALC_BUNDLE).value(PatchbayOptions.bundleFile("dev.patchbay.itests.calc",
                        CalcActivator.class, "org.osgi.framework", CalcService.class, CalcActivator.class)));
    }

    @Test
    public void aServiceExportedByABundleIsCallableUntilTheBundleStops() throws Exception {
        int port = freePort();
        Dictionary<String, Object> peer = new Hashtable<>();
        peer.put("identity", "node");
        peer.put("host", "127.0.0.1");
        peer.put("port", port);
        peer.put("store.target", "(patchbay.store=memory)");
        configurationAdmin.getConfiguration("dev.patchbay.protocol.snakemq", null).update(peer);
        awaitListening(port);
        service(SnakeMqRpc.class);

        // the remote caller: a second peer with its own RPC, as another process would have
        SnakeMqPeer caller = SnakeMqPeer.builder("caller").transport(service(Transport.class))
                .framing(bundleContext.getService(bundleContext.getServiceReferences(Framing.class,
                        "(patchbay.framing=uint32-length)").iterator().next()))
                .build();
        SnakeMqRpc rpc = SnakeMqRpc.builder(caller).defaultTimeout(Duration.ofSeconds(10)).build();
        try {
            caller.connect(new ConnectSpec("node", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(100));
            RemoteException before = assertThrows(RemoteException.class, () -> rpc.call("node", "calc", "add", 2, 3));
            assertTrue(before.isNoSuchObject());

            Bundle calc = bundleContext.installBundle(System.getProperty(CALC_BUNDLE));
            calc.start();
            assertEquals(5L, ((Number) awaitCall(rpc)).longValue());

            calc.stop();
            RemoteException after = assertThrows(RemoteException.class, () -> rpc.call("node", "calc", "add", 2, 3));
            assertTrue(after.getMessage(), after.isNoSuchObject());
            assertEquals("snakemq.rpc.NoInstanceError: calc", after.getMessage());
            calc.uninstall();
        } finally {
            rpc.close();
            caller.close();
        }
    }

    /** The export happens on a service event; call until it is there. */
    private static Object awaitCall(SnakeMqRpc rpc) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                return rpc.call("node", "calc", "add", 2, 3);
            } catch (RemoteException notYet) {
                if (!notYet.isNoSuchObject() || System.currentTimeMillis() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
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
