package dev.patchbay.itests;

import static dev.patchbay.itests.PatchbayOptions.awaitClosed;
import static dev.patchbay.itests.PatchbayOptions.awaitListening;
import static dev.patchbay.itests.PatchbayOptions.freePort;
import static dev.patchbay.itests.PatchbayOptions.resourceFile;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.client.tpp.TppErrorException;
import dev.patchbay.itests.reverse.ReverseAction;
import dev.patchbay.itests.reverse.ReverseActivator;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
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
import org.osgi.service.cm.ConfigurationAdmin;

/** A TPP node of real bundles in Felix, driven over real sockets on 127.0.0.1. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TppNodeIT {

    private static final String TOKEN = "tpp-secret-token";
    // bcrypt (cost 4) of TOKEN, made with glibc's crypt(3).
    private static final String TOKEN_HASH = "$2b$04$N9qo8uLOickgx2ZMRZoMyeUhJZKXKu95HMDF4wl0VfDNMB..nOiZe";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String REVERSE_BUNDLE = "patchbay.itest.reverse.bundle";

    private static int plainPort;
    private static int tlsPort;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @Inject
    private BundleContext bundleContext;

    @Configuration
    public Option[] config() throws IOException {
        return options(PatchbayOptions.tppNode(), systemProperty(REVERSE_BUNDLE).value(
                PatchbayOptions.bundleFile("dev.patchbay.itests.reverse", ReverseActivator.class,
                        "dev.patchbay.api.tpp;version=\"[1.0,2)\",org.osgi.framework", ReverseAction.class, ReverseActivator.class)));
    }

    @Before
    public void configureNodeOnce() throws Exception {
        if (plainPort != 0) {
            return;
        }
        plainPort = freePort();
        tlsPort = freePort();
        update(configurationAdmin.getConfiguration("dev.patchbay.auth.token", "?"), Map.of(".token.hashes", TOKEN_HASH));
        update(configurationAdmin.getFactoryConfiguration("dev.patchbay.protocol.tpp", "plain", "?"), Map.of(
                "name", "tpp-plain", "host", "127.0.0.1", "port", plainPort, "max.frame.bytes", 4096));
        update(configurationAdmin.getFactoryConfiguration("dev.patchbay.protocol.tpp", "tls", "?"), Map.of(
                "name", "tpp-tls", "host", "127.0.0.1", "port", tlsPort, "tls.enabled", true,
                "tls.certificate", resourceFile(getClass(), "server-cert.pem").toString(),
                "tls.private.key", resourceFile(getClass(), "server-key.pem").toString()));
        awaitListening(plainPort);
        awaitListening(tlsPort);
    }

    @Test
    public void goldenEchoRequestGetsTheGoldenReply() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", plainPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(
                    "65\n{\"action\": \"echo\", \"body\": {\"x\": 1}, \"token\": \"tpp-secret-token\"}".getBytes(US_ASCII));
            assertArrayEquals("39\n{\"code\": 0, \"body\": {\"echo\": {\"x\": 1}}}".getBytes(US_ASCII),
                    socket.getInputStream().readAllBytes());
        }
    }

    @Test
    public void builtInPingAnswersPong() throws IOException {
        assertEquals("pong", plain().request("ping", null, TOKEN, TIMEOUT));
    }

    @Test
    public void theTokenHashIsNotPublishedAsAServiceProperty() throws Exception {
        assertEquals("pong", plain().request("ping", null, TOKEN, TIMEOUT)); // the authenticator has the hash
        PatchbayOptions.assertNoServicePropertyHolds(bundleContext, TOKEN_HASH);
    }

    @Test
    public void wrongTokenGetsCode3AndClose() {
        TppErrorException e = assertThrows(TppErrorException.class, () -> plain().request("echo", 1, "guess", TIMEOUT));
        assertEquals(3, e.code());
        assertEquals("Bad auth token", e.getMessage());
    }

    @Test
    public void unknownActionGetsCode1() {
        TppErrorException e = assertThrows(TppErrorException.class, () -> plain().request("nope", 1, TOKEN, TIMEOUT));
        assertEquals(1, e.code());
        assertEquals("Action nope does not exist", e.getMessage());
    }

    @Test
    public void oversizeFrameGetsCode1AndCloseWhileOthersAreServed() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", plainPort)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("2000000000\n{\"action\"".getBytes(US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), US_ASCII);
            assertTrue(reply, reply.contains("{\"code\": 1, \"body\": {\"error\": \"frame too large: "));
        }
        assertEquals(List.of("still", "here"), plain().request("echo", List.of("still", "here"), TOKEN, TIMEOUT));
    }

    @Test
    public void tlsListenerServesAClientThatTrustsItsCertificate() throws IOException {
        TppClient tls = TppClient.builder("localhost", tlsPort)
                .tlsTrusting(resourceFile(getClass(), "server-cert.pem")).build();
        assertEquals(Map.of("secure", true), tls.request("echo", Map.of("secure", true), TOKEN, TIMEOUT));
    }

    @Test
    public void actionBundleInstalledAtRuntimeIsCalledAndLeavesWithIt() throws Exception {
        assertThrows(TppErrorException.class, () -> plain().request("reverse", "abc", TOKEN, TIMEOUT));
        Bundle reverse = bundleContext.installBundle(System.getProperty(REVERSE_BUNDLE));
        try {
            reverse.start();
            assertEquals("yabhctap", plain().request("reverse", "patchbay", TOKEN, TIMEOUT));
            reverse.stop();
            TppErrorException gone = assertThrows(TppErrorException.class,
                    () -> plain().request("reverse", "abc", TOKEN, TIMEOUT));
            assertEquals("Action reverse does not exist", gone.getMessage());
        } finally {
            reverse.uninstall();
        }
    }

    @Test
    public void configurationChangeMovesTheListenerWhileTheNodeRuns() throws Exception {
        int movedPort = freePort();
        org.osgi.service.cm.Configuration moving =
                configurationAdmin.getFactoryConfiguration("dev.patchbay.protocol.tpp", "moving", "?");
        update(moving, Map.of("name", "tpp-moving", "host", "127.0.0.1", "port", freePortBefore(movedPort)));
        int firstPort = (Integer) moving.getProperties().get("port");
        awaitListening(firstPort);
        update(moving, Map.of("name", "tpp-moving", "host", "127.0.0.1", "port", movedPort));
        awaitListening(movedPort);
        awaitClosed(firstPort);
        assertEquals("moved", TppClient.builder("127.0.0.1", movedPort).build().request("echo", "moved", TOKEN, TIMEOUT));
        moving.delete();
        awaitClosed(movedPort);
    }

    private static int freePortBefore(int taken) throws IOException {
        int port;
        do {
            port = freePort();
        } while (port == taken);
        return port;
    }

    private static TppClient plain() {
        return TppClient.builder("127.0.0.1", plainPort).build();
    }

    private static void update(org.osgi.service.cm.Configuration configuration, Map<String, Object> values)
            throws IOException {
        Dictionary<String, Object> properties = new Hashtable<>(values);
        configuration.update(properties);
    }
}
