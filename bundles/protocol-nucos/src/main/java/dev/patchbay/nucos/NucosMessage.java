package dev.patchbay.nucos;

import java.util.Objects;

/**
 * One nucosMQ message as callbacks see it.
 *
 * @param event   the event name
 * @param content any JSON value: {@code String}, {@code Number}, {@code Boolean}, {@code List},
 *                {@code Map} or {@code null}
 * @param room    the room it was published into, or {@code ""} for a direct message
 * @param sender  who sent it: on the server the sender's uid ({@code anonymous} without
 *                authentication); on a client the publisher's uid when the server names it
 *                (Patchbay with {@code relay.sender}), else {@code ""}
 */
public record NucosMessage(String event, Object content, String room, String sender) {

    public NucosMessage {
        Objects.requireNonNull(event, "event");
        room = room == null ? "" : room;
        sender = sender == null ? "" : sender;
    }

    public boolean hasRoom() {
        return !room.isEmpty();
    }
}
