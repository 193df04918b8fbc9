package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;

import dev.patchbay.client.tpp.TppClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
        int internal = PatchbayOptions.freePort();
        Path etc = node.home().resolve("etc");
        Files.writeString(etc.resolve("dev.patchbay.protocol.tpp-internal.cfg"),
                "name = tpp-internal\nhost = 127.0.0.1\nport = " + internal + "\n");
        node.start(MAIN);
        PatchbayOptions.awaitListening(internal);
        assertEquals("main", echo(node.port(MAIN), "main"));
        assertEquals("internal", echo(internal, "internal"));

        int late = PatchbayOptions.freePort();
        Path lateFile = etc.resolve("dev.patchbay.protocol.tpp-late.cfg");
        Files.writeString(lateFile, "name = tpp-late\nhost = 127.0.0.1\nport = " + late + "\n");
        PatchbayOptions.awaitListening(late);
        assertEquals("late", echo(late, "late"));
        Files.delete(lateFile);
        PatchbayOptions.awaitClosed(late);
        assertEquals("the others stay", "main", echo(node.port(MAIN), "main"));
        PatchbayOptions.awaitListening(internal);
    }

    private static Object echo(int port, String body) throws Exception {
        return TppClient.builder("127.0.0.1", port).build().request("echo", body, "patchbay-dev-token", TIMEOUT);
    }
}
