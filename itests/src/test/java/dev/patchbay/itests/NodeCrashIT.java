package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.patchbay.client.queue.HttpQueueClient;
import dev.patchbay.client.queue.HttpQueueException;
import dev.patchbay.client.queue.QueueMessage;
import dev.patchbay.client.queue.QueuePayload;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The assembled node (distribution/target/patchbay-node, as users run it) killed with SIGKILL
 * while a producer pushes persistent messages over the HTTP queue and a consumer pulls and acks
 * them. After a restart on the same data directory: every push the node acknowledged (201) is
 * delivered, no message acked before the kill is delivered again, and no message is acked twice.
 * Messages pulled but not acked when the node died come back after the visibility timeout,
 * which is the at-least-once promise of a pull/ack queue.
 */
public class NodeCrashIT {

    private static final String TOKEN = "patchbay-dev-token";
    private static final Pattern PORT = Pattern.compile("(?m)^(\\s*(?:http\\.)?port\\s*=\\s*)\\d+\\s*$");

    private Path home;
    private Process node;
    private int queuePort;

    @Before
    public void copyNode() throws IOException {
        Path built = Path.of(System.getProperty("patchbay.node.home", "../distribution/target/patchbay-node"));
        assertTrue("build the distribution first: " + built.toAbsolutePath(), Files.isDirectory(built.resolve("bin")));
        home = Files.createTempDirectory("patchbay-crash-node-");
        try (Stream<Path> files = Files.walk(built)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path relative = built.relativize(source);
                if (relative.startsWith("data")) {
                    continue;
                }
                Path target = home.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        // every listener on a free port, so that the test runs beside anything else
        try (Stream<Path> configs = Files.list(home.resolve("etc"))) {
            for (Path config : (Iterable<Path>) configs::iterator) {
                String text = Files.readString(config);
                Matcher port = PORT.matcher(text);
                StringBuilder rewritten = new StringBuilder();
                while (port.find()) {
                    int free = freePort();
                    if (config.getFileName().toString().equals("dev.patchbay.protocol.httpqueue.cfg")) {
                        queuePort = free;
                    }
                    port.appendReplacement(rewritten, port.group(1) + free);
                }
                port.appendTail(rewritten);
                String result = rewritten.toString();
                if (config.getFileName().toString().equals("dev.patchbay.protocol.httpqueue.cfg")) {
                    result = result.replaceAll("(?m)^visibility\\.timeout\\.seconds\\s*=.*$", "visibility.timeout.seconds = 2");
                }
                Files.writeString(config, result);
            }
        }
        assertTrue("no HTTP queue port in the configuration", queuePort > 0);
    }

    @After
    public void stopNode() throws Exception {
        if (node != null) {
            node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void startNode() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("sh", "bin/patchbay").directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("node-output.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        builder.environment().put("JAVA_OPTS", "-Xmx256m");
        node = builder.start();
        HttpQueueClient probe = client("af01");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertTrue("the node died at start; see " + home.resolve("node-output.log"), node.isAlive());
            try (Socket socket = new Socket("127.0.0.1", queuePort)) {
                probe.listJson(1);
                return;
            } catch (IOException | RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    fail("the HTTP queue did not answer within 90 s: " + notYet + "; see " + home.resolve("node-output.log"));
                }
                Thread.sleep(200);
            }
        }
    }

    private HttpQueueClient client(String nodeId) {
        return new HttpQueueClient(URI.create("http://127.0.0.1:" + queuePort), nodeId, TOKEN, Duration.ofSeconds(10));
    }

    @Test
    public void killedNodeLosesNoAcknowledgedPushAndRedeliversNoAckedMessage() throws Exception {
        startNode();
        Set<String> acknowledgedPushes = Collections.synchronizedSet(new LinkedHashSet<>());
        Set<String> ackedBeforeKill = Collections.synchronizedSet(new HashSet<>());
        // pulled, then the node died before the ack was answered: processed or not, nobody can tell
        Set<String> ackInDoubt = Collections.synchronizedSet(new HashSet<>());
        AtomicBoolean running = new AtomicBoolean(true);
        HttpQueueClient producer = client("af01");
        HttpQueueClient consumer = client("bf02");
        Thread pushing = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                try {
                    acknowledgedPushes.add(producer.push("bf02", QueuePayload.text("message " + i)).id());
                } catch (RuntimeException nodeGone) {
                    return;
                }
            }
        });
        Thread consuming = new Thread(() -> {
            while (running.get()) {
                try {
                    Optional<QueueMessage> next = consumer.pull();
                    if (next.isPresent()) {
                        ackInDoubt.add(next.get().id());
                        consumer.ack(next.get().id());
                        ackedBeforeKill.add(next.get().id());
                        ackInDoubt.remove(next.get().id());
                    }
                } catch (RuntimeException nodeGone) {
                    return;
                }
            }
        });
        pushing.start();
        consuming.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((acknowledgedPushes.size() < 2000 || ackedBeforeKill.size() < 500) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        node.destroyForcibly(); // SIGKILL, mid-stream: no shutdown hook, no final commit
        assertTrue(node.waitFor(30, TimeUnit.SECONDS));
        running.set(false);
        pushing.join(30_000);
        consuming.join(30_000);
        assertTrue("too little traffic before the kill: " + acknowledgedPushes.size() + " pushed, " + ackedBeforeKill.size()
                + " acked", acknowledgedPushes.size() >= 100 && ackedBeforeKill.size() >= 50);

        startNode();
        List<String> deliveredAfter = new ArrayList<>();
        Set<String> ackedAfter = new HashSet<>();
        long quietSince = System.nanoTime();
        // drain until nothing has come for longer than the visibility timeout (2 s)
        while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(5)) {
            Optional<QueueMessage> next = consumer.pull();
            if (next.isEmpty()) {
                Thread.sleep(100);
                continue;
            }
            quietSince = System.nanoTime();
            String id = next.get().id();
            deliveredAfter.add(id);
            try {
                consumer.ack(id);
                assertTrue("acked twice: " + id, ackedAfter.add(id));
            } catch (HttpQueueException e) {
                fail("ack of a delivered message failed: " + e.getMessage());
            }
        }
        for (String id : deliveredAfter) {
            assertTrue("delivered again after it was acked before the kill: " + id, !ackedBeforeKill.contains(id));
        }
        assertTrue("one ack at most was under way: " + ackInDoubt, ackInDoubt.size() <= 1);
        Set<String> delivered = new HashSet<>(ackedBeforeKill);
        delivered.addAll(ackedAfter);
        delivered.addAll(ackInDoubt);
        List<String> lost = acknowledgedPushes.stream().filter(id -> !delivered.contains(id)).toList();
        assertEquals("acknowledged pushes never delivered", List.of(), lost);
        assertEquals("each delivered once after the restart", deliveredAfter.size(), new HashSet<>(deliveredAfter).size());
        System.out.printf("crash test: %d pushes acknowledged, %d acked before the kill, %d delivered after the restart%n",
                acknowledgedPushes.size(), ackedBeforeKill.size(), deliveredAfter.size());
    }
}
