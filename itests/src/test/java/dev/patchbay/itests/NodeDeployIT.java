package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;

import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.client.tpp.TppErrorException;
import dev.patchbay.itests.reverse.ReverseAction;
import dev.patchbay.itests.reverse.ReverseActivator;
import dev.patchbay.itests.reverse.ShoutActivator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.After;
import org.junit.Test;

/**
 * Issue 16.2: a bundle dropped into the assembled node's deploy/ is served while the node runs;
 * a newer file updates it; deleting the file removes it.
 */
public class NodeDeployIT {

    private static final String TPP = "dev.patchbay.protocol.tpp-main";
    private static final String IMPORTS = "dev.patchbay.api.tpp;version=\"[1.0,2)\",org.osgi.framework";

    private NodeProcess node;

    @After
    public void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void bundlesInDeployAreInstalledUpdatedAndRemovedWhileTheNodeRuns() throws Exception {
        node = new NodeProcess();
        node.start(TPP);
        Path deployed = node.home().resolve("deploy/reverse.jar");
        copy(PatchbayOptions.bundleFile("dev.patchbay.itests.reverse", ReverseActivator.class, IMPORTS,
                ReverseAction.class, ReverseActivator.class), deployed);
        assertEquals("cba", PatchbayOptions.eventually(() -> call("abc")));

        copy(PatchbayOptions.bundleFile("dev.patchbay.itests.reverse", ShoutActivator.class, IMPORTS,
                ShoutActivator.class), deployed);
        assertEquals("ABC", PatchbayOptions.eventually(() -> {
            Object answer = call("abc");
            return answer.equals("ABC") ? answer : null;
        }));

        Files.delete(deployed);
        assertEquals("gone", PatchbayOptions.eventually(() -> {
            try {
                call("abc");
                return null;
            } catch (TppErrorException noSuchAction) {
                return "gone";
            }
        }));
    }

    private Object call(String body) throws Exception {
        return TppClient.builder("127.0.0.1", node.port(TPP)).build()
                .request("reverse", body, "patchbay-dev-token", Duration.ofSeconds(10));
    }

    /** Copies through a temporary file, so the watcher never sees half a jar. */
    private static void copy(String uri, Path target) throws Exception {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        Files.copy(Path.of(URI.create(uri)), partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
