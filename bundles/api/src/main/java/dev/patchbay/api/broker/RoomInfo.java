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
 */
public record RoomInfo(String name, int members, long pendingMessages, long published, long delivered, long refused) {
}
