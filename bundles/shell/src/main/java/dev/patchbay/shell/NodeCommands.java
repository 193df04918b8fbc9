package dev.patchbay.shell;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomInfo;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.TrafficStats;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the {@code patchbay:*} shell commands do, in plain Java: the services they work on are
 * handed in, so the commands are tested without a framework.
 */
public final class NodeCommands {

    private final Supplier<Collection<PeerMessaging>> peers;
    private final Supplier<Map<String, MessageStore>> stores;
    private final Supplier<Collection<Endpoint>> endpoints;
    private final Supplier<Collection<Broker>> brokers;

    /**
     * @param peers  the snakeMQ peers of the node
     * @param stores    the message stores, by a display name
     * @param endpoints the listeners of the node's transports
     * @param brokers   the routing cores holding rooms (normally one)
     */
    public NodeCommands(Supplier<Collection<PeerMessaging>> peers, Supplier<Map<String, MessageStore>> stores,
                        Supplier<Collection<Endpoint>> endpoints, Supplier<Collection<Broker>> brokers) {
        this.peers = peers;
        this.stores = stores;
        this.endpoints = endpoints;
        this.brokers = brokers;
    }

    /** Every listener with its address and counters. */
    public String endpoints() {
        Table table = new Table("ENDPOINT", "ADDRESS", "TLS", "OPEN", "ACCEPTED", "BYTES IN", "BYTES OUT");
        for (Endpoint endpoint : endpoints.get()) {
            TrafficStats stats = endpoint.stats();
            table.row(endpoint.spec().name(), endpoint.localAddress(), endpoint.spec().isTls() ? "yes" : "no",
                    stats.openConnections(), stats.acceptedConnections(), stats.bytesRead(), stats.bytesWritten());
        }
        return table.size() == 0 ? "no listeners\n" : table.toString();
    }

    /** Every destination of every peer: connected or not, messages waiting, the connection. */
    public String peers() {
        Table table = new Table("PEER", "DESTINATION", "STATE", "QUEUED", "CONNECTION");
        for (PeerMessaging peer : peers.get()) {
            Map<String, Integer> depths = peer.queueDepths();
            TreeSet<String> identities = new TreeSet<>(depths.keySet());
            identities.addAll(peer.connectedPeers());
            for (String identity : identities) {
                PeerConnection connection = peer.connection(identity);
                table.row(peer.identity(), identity, connection == null ? "away" : "connected",
                        depths.getOrDefault(identity, 0),
                        connection == null ? "-" : connection.remoteAddress()
                                + (connection.accepted() ? " (accepted)" : " (connected out)")
                                + (connection.acknowledged() ? ", acknowledged" : ""));
            }
        }
        return table.size() == 0 ? "no snakeMQ destinations\n" : table.toString();
    }

    /** Every queue of every store with its depth. */
    public String queues() {
        Table table = new Table("STORE", "QUEUE", "DEPTH");
        stores.get().forEach((name, store) -> {
            for (String queue : new TreeSet<>(store.queues())) {
                table.row(name, queue, store.depth(queue));
            }
        });
        return table.size() == 0 ? "no stored messages\n" : table.toString();
    }

    /** Every room with its members, depth (messages accepted by members, not yet written) and counters. */
    public String rooms() {
        Table table = new Table("ROOM", "MEMBERS", "DEPTH", "PUBLISHED", "DELIVERED", "DROPPED", "REFUSED");
        for (Broker broker : brokers.get()) {
            for (RoomInfo room : broker.rooms()) {
                table.row(room.name(), room.members(), room.pendingMessages(), room.published(), room.delivered(), room.refused(),
                        room.refusedPublishes());
            }
        }
        return table.size() == 0 ? "no rooms\n" : table.toString();
    }

    /**
     * Queues a text message (UTF-8) on the first peer; persistent messages wait for the store.
     * Text typed into Felix's console is repaired first (see {@link ConsoleText}).
     */
    public String send(String destination, String text, boolean persistent) throws Exception {
        PeerMessaging peer = firstPeer();
        PeerMessage message = PeerMessage.of(ConsoleText.decode(text).getBytes(StandardCharsets.UTF_8)).persistent(persistent);
        peer.send(destination, message).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "queued " + message.id() + " for '" + destination + "'"
                + (peer.connection(destination) == null ? " (away: it waits)" : "") + "\n";
    }

    /**
     * Publishes an event into a room of the broker, as a member would (nucosMQ clients in that
     * room receive {@code {"event": EVENT, "content": TEXT, "room": ROOM}}); for tests and
     * operations. The sender is {@code node}.
     */
    public String publish(String room, String event, String text) {
        Collection<Broker> all = brokers.get();
        if (all.isEmpty()) {
            return "no broker: nothing has rooms\n";
        }
        int delivered = all.iterator().next().publish(new RoomMessage(room, event, ConsoleText.decode(text), "node"));
        return "published '" + event + "' to " + delivered + " member(s) of '" + room + "'\n";
    }

    /** Closes the connection to an identity; a connector on either side reconnects. */
    public String drop(String identity) {
        for (PeerMessaging peer : peers.get()) {
            PeerConnection connection = peer.connection(identity);
            if (connection != null) {
                connection.close();
                return "closed " + connection.remoteAddress() + " ('" + identity + "')\n";
            }
        }
        return "'" + identity + "' is not connected\n";
    }

    private PeerMessaging firstPeer() {
        return peers.get().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no snakeMQ peer is running (etc/dev.patchbay.protocol.snakemq.cfg)"));
    }
}
