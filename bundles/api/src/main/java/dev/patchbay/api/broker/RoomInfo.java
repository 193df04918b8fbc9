package dev.patchbay.api.broker;

/**
 * A room's state for operations.
 *
 * @param name            the room
 * @param members         how many members it has now
 * @param pendingMessages messages its members have accepted and not yet written out (the room's depth)
 * @param published       messages published into it since it was created
 * @param delivered       deliveries to members (a message counts once per member)
 * @param refused         deliveries members refused because their queue was full
 * @param refusedPublishes publishes the protocol refused for this room (the sender was not a
 *                         member, or sent a control event), reported with {@link Broker#publishRefused}
 */
public record RoomInfo(String name, int members, long pendingMessages, long published, long delivered, long refused,
                       long refusedPublishes) {

    /** A room's state without refused publishes (api broker 1.1). */
    public RoomInfo(String name, int members, long pendingMessages, long published, long delivered, long refused) {
        this(name, members, pendingMessages, published, delivered, refused, 0);
    }
}
