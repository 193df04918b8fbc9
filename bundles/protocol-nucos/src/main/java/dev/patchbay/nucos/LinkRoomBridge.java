package dev.patchbay.nucos;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import java.util.Objects;

/**
 * Joins a {@link NucosLink} to a broker room: each event the linked peer sends is published into
 * the room (sender {@link #name()}), and each message others publish there is sent to the peer.
 * Messages the bridge published itself are not sent back, so two nodes bridged both ways do not
 * echo each other.
 *
 * <p>While the peer is away or reads too slowly, room messages for it are refused (counted in the
 * room's dropped figure), never queued without bound: the link's outbox is the only buffer.
 */
public final class LinkRoomBridge implements RoomSubscriber, AutoCloseable {

    private final NucosLink link;
    private final Broker broker;
    private final String room;
    private final String name;
    private final AutoCloseable fromPeer;

    /** @param name the bridge's member name in the room and the sender of what it publishes ({@code link:<endpoint>}) */
    public LinkRoomBridge(NucosLink link, Broker broker, String room, String name) {
        this.link = Objects.requireNonNull(link, "link");
        this.broker = Objects.requireNonNull(broker, "broker");
        if (room == null || room.isEmpty()) {
            throw new IllegalArgumentException("a room name is required");
        }
        this.room = room;
        this.name = Objects.requireNonNull(name, "name");
        this.fromPeer = link.onAll(message -> broker.publish(new RoomMessage(room, message.event(), message.content(), name)));
        broker.subscribe(room, this);
    }

    public String room() {
        return room;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean deliver(RoomMessage message) {
        if (name.equals(message.sender())) {
            return true; // what the peer sent: it has it already
        }
        return link.send(message.event(), message.content());
    }

    @Override
    public void close() {
        broker.unsubscribe(room, this);
        try {
            fromPeer.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
