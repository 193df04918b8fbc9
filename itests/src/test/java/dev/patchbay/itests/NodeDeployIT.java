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
import java.util.concurrent.Callable;
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
        assertEquals("cba", eventually(() -> call("abc")));

        copy(PatchbayOptions.bundleFile("dev.patchbay.itests.reverse", ShoutActivator.class, IMPORTS,
                ShoutActivator.class), deployed);
        assertEquals("ABC", eventually(() -> {
            Object answer = call("abc");
            return answer.equals("ABC") ? answer : null;
        }));

        Files.delete(deployed);
        assertEquals("gone", eventually(() -> {
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

    /** The first non-null answer of {@code attempt} within 60 s (errors count as not yet). */
    private static Object eventually(Callable<Object> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Object answer = attempt.call();
                if (answer != null) {
                    return answer;
                }
            } catch (Exception notYet) {
                last = notYet;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer within 60 s" + (last == null ? "" : ": " + last));
    }
}
