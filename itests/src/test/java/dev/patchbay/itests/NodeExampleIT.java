package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.nucos.NucosClient;
import dev.patchbay.rpc.SnakeMqRpc;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.transport.netty.NettyTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * Issue 16.3: the example project (examples/patchbay-example-bundle, built by the main build)
 * deployed into the assembled node as a user would: its TPP actions, its RPC object called with
 * keyword arguments, and its authenticator for nucosMQ logins.
 */
public class NodeExampleIT {

    private static final String TPP = "dev.patchbay.protocol.tpp-main";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NodeProcess node;
    private NettyTransport transport;

    @After
    public void stop() throws Exception {
        if (transport != null) {
            transport.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void theExampleBundleServesItsActionsItsRpcObjectAndItsLogins() throws Exception {
        node = new NodeProcess();
        Files.writeString(node.home().resolve("etc/com.example.patchbay.auth.cfg"), ".passphrase = open sesame\n");
        node.start(TPP);
        Path deployed = node.home().resolve("deploy/example.jar");
        Path partial = node.home().resolve("deploy/example.part");
        Files.copy(exampleJar(), partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, deployed, StandardCopyOption.ATOMIC_MOVE);

        // Each of the example's components registers its service on its own, in no set order, as the
        // bundle starts: the first use of each waits until it is there.
        TppClient tpp = TppClient.builder("127.0.0.1", node.port(TPP)).build();
        assertEquals(42L, ((Number) PatchbayOptions.eventually(() -> tpp.request("add", Map.of("a", 40, "b", 2), "patchbay-dev-token", TIMEOUT))).longValue());
        List<Object> frames = PatchbayOptions.eventually(() -> {
            List<Object> streamed = new ArrayList<>();
            tpp.stream("stream", Map.of("count", 3), "patchbay-dev-token", TIMEOUT, frame -> streamed.add(frame.body()));
            return streamed;
        });
        assertEquals(List.of(Map.of("stream", 1), Map.of("stream", 2), Map.of("stream", 3), Map.of("stream", "done")), frames);
        assertEquals("slept 0.1 s", PatchbayOptions.eventually(() -> tpp.request("sleep", Map.of("seconds", 0.1), "patchbay-dev-token", TIMEOUT)));

        transport = new NettyTransport(1, null);
        SnakeMqPeer caller = SnakeMqPeer.builder("example-caller").transport(transport).framing(new Uint32LengthFraming()).build();
        CountDownLatch connected = new CountDownLatch(1);
        caller.addListener(new PeerListener() {
            @Override
            public void connected(PeerConnection connection) {
                connected.countDown();
            }
        });
        caller.connect(new ConnectSpec("node", "127.0.0.1", node.port("dev.patchbay.protocol.snakemq"), null, TIMEOUT),
                Duration.ofMillis(200));
        assertTrue(connected.await(20, TimeUnit.SECONDS));
        SnakeMqRpc rpc = SnakeMqRpc.builder(caller).build();
        assertEquals("Hello, Ada!", PatchbayOptions.eventually(() -> rpc.call("patchbay", "greeter", "greet", TIMEOUT, List.of(), Map.of("name", "Ada"))));

        NucosClient ada = PatchbayOptions.eventually(() -> {
            NucosClient client = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming())
                    .login("ada", challenge -> answer(String.valueOf(challenge), "ada", "open sesame")).build();
            try {
                client.connect(new ConnectSpec("nucos", "127.0.0.1", node.port("dev.patchbay.protocol.nucos"), null, TIMEOUT))
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException refused) {
                client.close();
                throw refused;
            }
            if (client.isConnected()) {
                return client;
            }
            client.close();
            return null;
        });
        assertTrue("logged in with the example's passphrase", ada.isConnected());
        ada.close();
        rpc.close();
        caller.close();
    }

    private static Path exampleJar() throws Exception {
        Path target = Path.of(System.getProperty("user.dir")).resolveSibling("examples/patchbay-example-bundle/target");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "patchbay-example-bundle-*.jar")) {
            return jars.iterator().next();
        }
    }

    private static String answer(String challenge, String uid, String passphrase) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((challenge + ":" + uid + ":").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest(passphrase.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
