package dev.patchbay.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import dev.patchbay.client.queue.HttpQueueClient;
import dev.patchbay.client.queue.HttpQueueException;
import dev.patchbay.client.queue.QueueMessage;
import dev.patchbay.client.queue.QueuePayload;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private NodeProcess node;
    private int queuePort;

    @Before
    public void prepareNode() throws Exception {
        node = new NodeProcess();
        queuePort = node.port("dev.patchbay.protocol.httpqueue");
        // unacked messages come back after 2 s instead of 5 minutes
        node.edit("etc/dev.patchbay.protocol.httpqueue.cfg",
                text -> text.replaceAll("(?m)^visibility\\.timeout\\.seconds\\s*=.*$", "visibility.timeout.seconds = 2"));
    }

    @After
    public void stopNode() throws Exception {
        node.close();
    }

    private void startNode() throws Exception {
        node.start("dev.patchbay.protocol.httpqueue");
        // the listener is up; the store may take a moment longer
        HttpQueueClient probe = client("af01");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                probe.listJson(1);
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
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
        node.kill(); // mid-stream

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
