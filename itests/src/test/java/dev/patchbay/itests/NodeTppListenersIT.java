package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.client.tpp.TppClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Test;

/**
 * Issue 16.1: the shipped TPP file and added ones are all listeners, at start and while the node
 * runs. (The node used to ship a singleton configuration of the factory PID: with a second file
 * present at start, the main listener was silently missing.)
 */
public class NodeTppListenersIT {

    private static final String MAIN = "dev.patchbay.protocol.tpp-main";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private NodeProcess node;

    @After
    public void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void theShippedListenerAndAddedOnesAllServeAtStartAndLive() throws Exception {
        node = new NodeProcess();
        int internal = NodeProcess.freePort();
        Path etc = node.home().resolve("etc");
        Files.writeString(etc.resolve("dev.patchbay.protocol.tpp-internal.cfg"),
                "name = tpp-internal\nhost = 127.0.0.1\nport = " + internal + "\n");
        node.start(MAIN);
        waitFor(() -> accepts(internal));
        assertEquals("main", echo(node.port(MAIN), "main"));
        assertEquals("internal", echo(internal, "internal"));

        int late = NodeProcess.freePort();
        Path lateFile = etc.resolve("dev.patchbay.protocol.tpp-late.cfg");
        Files.writeString(lateFile, "name = tpp-late\nhost = 127.0.0.1\nport = " + late + "\n");
        waitFor(() -> accepts(late));
        assertEquals("late", echo(late, "late"));
        Files.delete(lateFile);
        waitFor(() -> !accepts(late));
        assertEquals("the others stay", "main", echo(node.port(MAIN), "main"));
        assertTrue(accepts(internal));
    }

    private static Object echo(int port, String body) throws Exception {
        return TppClient.builder("127.0.0.1", port).build().request("echo", body, "patchbay-dev-token", TIMEOUT);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue("condition not met within 60 s", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }
}
