package dev.patchbay.cluster.nats;

import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.peer.PeerRouter;
import dev.patchbay.json.PythonJson;
import dev.patchbay.support.Workers;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * snakeMQ identities across the nodes of a deployment, over NATS. Each node announces the
 * identities connected to it (on every change, and every {@value #ANNOUNCE_SECONDS} s so that a
 * node that died is forgotten after {@value #FORGET_SECONDS} s), and a message for an identity
 * connected to another node is handed to that node with a NATS request: the other node queues it
 * ({@link PeerMessaging#sendHere}, stored if persistent) and answers; the sender lets go of its
 * copy only then, so a message is never in neither node (it may be in both after a crash, and
 * acknowledged delivery drops the second by its id).
 */
public final class NatsPeerRouter implements PeerRouter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsPeerRouter.class);
    static final int ANNOUNCE_SECONDS = 2;
    static final int FORGET_SECONDS = 10;
    /** Identities taken from one announcement, and nodes remembered: the names come from the network. */
    private static final int MAX_IDENTITIES_PER_NODE = 100_000;
    private static final int MAX_NODES = 1_000;
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
    static final long COALESCE_MILLIS = 50;

    private record Announced(Set<String> identities, long atNanos) {
    }

    private final String node;
    private final String prefix;
    private final PeerMessaging local;
    private final Connection connection;
    private final Dispatcher dispatcher;
    private final Map<String, Announced> nodes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile Set<String> here = Set.of();
    private final AtomicBoolean announcePending = new AtomicBoolean();

    private NatsPeerRouter(String node, String prefix, PeerMessaging local, Connection connection) {
        this.node = node;
        this.prefix = prefix;
        this.local = local;
        this.connection = connection;
        this.dispatcher = connection.createDispatcher();
        dispatcher.subscribe(prefix + ".where", message -> announced(message.getData()));
        dispatcher.subscribe(prefix + ".to." + node, this::handed);
        this.timer = Executors.newSingleThreadScheduledExecutor(Workers.named("nats-peers-" + node, false));
        timer.scheduleWithFixedDelay(this::announce, ANNOUNCE_SECONDS, ANNOUNCE_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * @param node   this node's name in the deployment: letters, digits, {@code -} and {@code _}
     * @param prefix the subjects' prefix, one per deployment
     * @param local  this node's peer, which takes the messages other nodes hand it
     */
    public static NatsPeerRouter start(List<String> servers, String node, String prefix, PeerMessaging local)
            throws InterruptedException {
        if (!node.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("node name '" + node + "' must be 1-64 letters, digits, '-' or '_' (it is a NATS subject token)");
        }
        return new NatsPeerRouter(node, prefix, local, NatsConnections.connect(servers, "patchbay peers " + node));
    }

    // --- where identities are

    /**
     * Remembers the set and announces it within {@value #COALESCE_MILLIS} ms: many connects in a
     * burst make one announcement, not one each.
     */
    @Override
    public void connectedHere(Set<String> identities) {
        here = Set.copyOf(identities);
        if (announcePending.compareAndSet(false, true)) {
            try {
                timer.schedule(this::announce, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                announcePending.set(false);
            }
        }
    }

    private void announce() {
        announcePending.set(false);
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node", node);
        wire.put("identities", new ArrayList<>(here));
        try {
            connection.publish(prefix + ".where", PythonJson.encode(wire));
        } catch (RuntimeException notNow) { // not connected, or more identities than NATS takes in one message
            LOG.debug("NATS ({}): announcement not sent: {}", node, notNow.getMessage());
        }
    }

    private void announced(byte[] data) {
        Map<?, ?> wire = decode(data);
        if (wire == null || !(wire.get("node") instanceof String from) || from.equals(node)
                || !(wire.get("identities") instanceof List<?> list)) {
            return;
        }
        if (!nodes.containsKey(from) && nodes.size() >= MAX_NODES) {
            return;
        }
        Set<String> identities = ConcurrentHashMap.newKeySet();
        for (Object identity : list) {
            if (identity instanceof String name && identities.size() < MAX_IDENTITIES_PER_NODE) {
                identities.add(name);
            }
        }
        nodes.put(from, new Announced(identities, System.nanoTime()));
    }

    @Override
    public String nodeOf(String identity) {
        long now = System.nanoTime();
        String found = null;
        long newest = Long.MIN_VALUE;
        for (Map.Entry<String, Announced> entry : nodes.entrySet()) {
            Announced announced = entry.getValue();
            if (now - announced.atNanos() > TimeUnit.SECONDS.toNanos(FORGET_SECONDS)) {
                nodes.remove(entry.getKey(), announced); // it stopped announcing: gone
            } else if (announced.identities().contains(identity) && announced.atNanos() > newest) {
                found = entry.getKey();
                newest = announced.atNanos();
            }
        }
        return found;
    }

    // --- handing messages over

    @Override
    public CompletionStage<Void> forward(String toNode, String destination, PeerMessage message) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("destination", destination);
        wire.put("id", message.id().toString());
        wire.put("data", Base64.getEncoder().encodeToString(message.data()));
        wire.put("ttl_ms", message.ttl() == null ? null : message.ttl().toMillis());
        wire.put("flags", message.flags());
        CompletableFuture<Message> reply;
        try {
            reply = connection.request(prefix + ".to." + toNode, PythonJson.encode(wire));
        } catch (IllegalStateException notNow) {
            return CompletableFuture.failedFuture(notNow);
        }
        return reply.orTimeout(FORWARD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).thenApply(answer -> {
            String text = new String(answer.getData(), StandardCharsets.UTF_8);
            if (!text.equals("ok")) {
                throw new IllegalStateException("node " + toNode + " did not take the message: " + text);
            }
            return null;
        });
    }

    private void handed(Message request) {
        Map<?, ?> wire = decode(request.getData());
        String replyTo = request.getReplyTo();
        if (wire == null || replyTo == null || !(wire.get("destination") instanceof String destination)
                || !(wire.get("id") instanceof String id) || !(wire.get("data") instanceof String data)) {
            answer(replyTo, "error: not a message");
            return;
        }
        PeerMessage message;
        try {
            Object ttl = wire.get("ttl_ms");
            Object flags = wire.get("flags");
            message = new PeerMessage(UUID.fromString(id), Base64.getDecoder().decode(data),
                    ttl instanceof Number millis ? Duration.ofMillis(millis.longValue()) : null,
                    flags instanceof Number number ? number.intValue() : 0);
        } catch (IllegalArgumentException e) {
            answer(replyTo, "error: " + e.getMessage());
            return;
        }
        try {
            local.sendHere(destination, message).whenComplete((done, failure) ->
                    answer(replyTo, failure == null ? "ok" : "error: " + failure.getMessage()));
        } catch (RuntimeException refused) { // a full queue, a closed peer
            answer(replyTo, "error: " + refused.getMessage());
        }
    }

    private void answer(String replyTo, String text) {
        if (replyTo != null) {
            try {
                connection.publish(replyTo, text.getBytes(StandardCharsets.UTF_8));
            } catch (IllegalStateException notNow) {
                LOG.debug("NATS ({}): answer not sent: {}", node, notNow.getMessage());
            }
        }
    }

    private static Map<?, ?> decode(byte[] data) {
        try {
            return PythonJson.decode(data) instanceof Map<?, ?> map ? map : null;
        } catch (IOException e) {
            return null;
        }
    }

    public boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
