package dev.patchbay.api.broker;

import java.util.Objects;
import java.util.function.Function;

/**
 * A message published into a room: an event name and JSON-like content ({@code String},
 * {@code Number}, {@code Boolean}, {@code List}, {@code Map} or {@code null}), with the sender's
 * name ({@code ""} for the server itself).
 *
 * <p>Delivered unchanged to every member, so it also memoizes its wire encoding: the first
 * member of a protocol encodes it and the others reuse the bytes ({@link #encoded}).
 */
public final class RoomMessage {

    private final String room;
    private final String event;
    private final Object content;
    private final String sender;
    private volatile Encoding encoding;

    private record Encoding(String format, Object value) {
    }

    public RoomMessage(String room, String event, Object content, String sender) {
        this.room = Objects.requireNonNull(room, "room");
        this.event = Objects.requireNonNull(event, "event");
        this.content = content;
        this.sender = sender == null ? "" : sender;
    }

    public String room() {
        return room;
    }

    public String event() {
        return event;
    }

    public Object content() {
        return content;
    }

    public String sender() {
        return sender;
    }

    /**
     * The message encoded in {@code format}: computed by {@code encoder} the first time, then
     * shared by every caller asking for the same format. The encoder must be pure, since two
     * threads may both run it; the result must be immutable (or treated so).
     */
    @SuppressWarnings("unchecked")
    public <T> T encoded(String format, Function<RoomMessage, T> encoder) {
        Encoding current = encoding;
        if (current != null && current.format.equals(format)) {
            return (T) current.value;
        }
        T value = encoder.apply(this);
        if (current == null) {
            // One slot: messages are almost always delivered in one protocol's format.
            encoding = new Encoding(format, value);
        }
        return value;
    }

    @Override
    public String toString() {
        return "RoomMessage[room=" + room + ", event=" + event + ", sender=" + sender + "]";
    }
}
