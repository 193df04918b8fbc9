package dev.patchbay.api.broker;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Rooms and their members. A room exists while it has members. Membership is a set: subscribing
 * twice delivers once. Thread safe; {@link #publish} never blocks on a member.
 */
@ProviderType
public interface Broker {

    /**
     * Adds {@code subscriber} to {@code room}, creating the room.
     *
     * @return {@code true} if it was not a member yet
     */
    boolean subscribe(String room, RoomSubscriber subscriber);

    /** @return {@code true} if it was a member */
    boolean unsubscribe(String room, RoomSubscriber subscriber);

    /** Removes {@code subscriber} from every room, as a connection closes. */
    void unsubscribeAll(RoomSubscriber subscriber);

    boolean isMember(String room, RoomSubscriber subscriber);

    /** The members of {@code room} now (empty if the room does not exist). */
    List<RoomSubscriber> members(String room);

    /**
     * Hands {@code message} to every member of its room, in the caller's thread; members queue
     * it without blocking.
     *
     * @return how many members accepted it
     */
    int publish(RoomMessage message);

    /**
     * Counts a publish into {@code room} that the protocol refused (the sender is not a member,
     * or the event may not be relayed), for operations. Rooms that do not exist are not created:
     * the name comes from the network.
     */
    default void publishRefused(String room) {
    }

    /**
     * Hands a message published on another node (see {@link RoomFederation}) to this node's
     * members of its room, without passing it on again.
     *
     * @return how many members accepted it
     */
    default int publishFromRemote(RoomMessage message) {
        return 0;
    }

    /** Every room with its counters, by name. */
    List<RoomInfo> rooms();

    Optional<RoomInfo> room(String name);

    /** How many rooms {@code subscriber} is a member of now. */
    int roomsOf(RoomSubscriber subscriber);
}
