package dev.patchbay.cluster.nats;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomFederation;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.json.PythonJson;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's rooms joined to the other nodes' over NATS. Every message published on this node goes
 * out on one subject, over this node's one connection, so the other nodes receive each node's
 * messages in the order they were published (NATS keeps a publisher's order); what arrives from
 * the others goes to the local broker's members only. A publisher's rights were checked by the
 * node it is connected to; the others trust them.
 *
 * <p>Messages published while the NATS connection is down are buffered by the client (up to its
 * reconnect buffer) and sent once it is back; beyond that they do not reach the other nodes, and
 * are counted. The local members always get them.
 */
public final class NatsRoomFederation implements RoomFederation, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NatsRoomFederation.class);
    /** Messages a subscription may hold before NATS drops (counted as dropped): far above a burst. */
    private static final int PENDING_MESSAGES = 1_000_000;
    private static final long PENDING_BYTES = 512L << 20;

    private final String node;
    private final String subject;
    private final Broker broker;
    private final Connection connection;
    private final Dispatcher dispatcher;
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder unsent = new LongAdder();
    private final LongAdder unreadable = new LongAdder();

    private NatsRoomFederation(String node, String subject, Broker broker, Connection connection) {
        this.node = node;
        this.subject = subject;
        this.broker = broker;
        this.connection = connection;
        this.dispatcher = connection.createDispatcher(message -> arrived(message.getData()));
        dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
        dispatcher.subscribe(subject);
    }

    /**
     * Connects to NATS (retrying in the background if it is not there yet) and starts carrying
     * rooms.
     *
     * @param node    this node's name, unique in the deployment: its own messages are not taken back
     * @param subject the subject the deployment's rooms travel on
     */
    public static NatsRoomFederation start(List<String> servers, String node, String subject, Broker broker)
            throws InterruptedException {
        return new NatsRoomFederation(node, subject, broker, NatsConnections.connect(servers, "patchbay rooms " + node));
    }

    @Override
    public void published(RoomMessage message) {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("node", node);
        wire.put("room", message.room());
        wire.put("event", message.event());
        wire.put("content", message.content());
        wire.put("sender", message.sender());
        try {
            connection.publish(subject, PythonJson.encode(wire));
            sent.increment();
        } catch (IllegalStateException full) {
            // the reconnect buffer is full, or the connection closed: this one does not get out
            unsent.increment();
            LOG.debug("NATS ({}): a message of room '{}' was not sent: {}", node, message.room(), full.getMessage());
        }
    }

    private void arrived(byte[] data) {
        Map<?, ?> wire;
        try {
            wire = PythonJson.decode(data) instanceof Map<?, ?> map ? map : null;
        } catch (IOException e) {
            wire = null;
        }
        if (wire == null || !(wire.get("room") instanceof String room) || !(wire.get("event") instanceof String event)) {
            unreadable.increment();
            return;
        }
        if (node.equals(wire.get("node"))) {
            return; // our own, back from the subject
        }
        received.increment();
        Object sender = wire.get("sender");
        broker.publishFromRemote(new RoomMessage(room, event, wire.get("content"), sender == null ? "" : sender.toString()));
    }

    /** Whether the NATS connection is up now. */
    public boolean isConnected() {
        return connection.getStatus() == Connection.Status.CONNECTED;
    }

    public List<MetricValue> metrics() {
        Map<String, String> labels = Map.of("node", node);
        return List.of(
                MetricValue.gauge("patchbay_cluster_nats_connected", "1 while the NATS connection is up", labels, isConnected() ? 1 : 0),
                MetricValue.counter("patchbay_cluster_nats_sent_total", "Room messages sent to the other nodes", labels, sent.sum()),
                MetricValue.counter("patchbay_cluster_nats_received_total", "Room messages received from the other nodes", labels,
                        received.sum()),
                MetricValue.counter("patchbay_cluster_nats_unsent_total", "Room messages that could not be sent (NATS down too long)",
                        labels, unsent.sum()),
                MetricValue.counter("patchbay_cluster_nats_dropped_total", "Room messages NATS dropped before this node read them",
                        labels, dispatcher.getDroppedCount()),
                MetricValue.counter("patchbay_cluster_nats_unreadable_total", "Messages on the subject that were not room messages",
                        labels, unreadable.sum()));
    }

    @Override
    public void close() {
        try {
            connection.flush(Duration.ofSeconds(2));
        } catch (Exception e) {
            LOG.debug("NATS ({}): flush before close failed: {}", node, e.toString());
        }
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
