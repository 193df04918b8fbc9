package dev.patchbay.api.peer;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * A snakeMQ message.
 *
 * @param id    16-byte message id, carried unchanged to the receiver (random by default)
 * @param data  the application payload
 * @param ttl   how long the message may wait while its destination is disconnected;
 *              {@code null} = forever. On receipt: the remaining TTL the sender put on the wire
 * @param flags snakeMQ flag bits; bit 0 ({@link #FLAG_PERSISTENT}) keeps the message in storage
 *              while it is queued. Other bits are carried unchanged.
 */
public record PeerMessage(UUID id, byte[] data, Duration ttl, int flags) {

    public static final int FLAG_PERSISTENT = 0x1;

    public PeerMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        if (ttl != null && ttl.isNegative()) {
            throw new IllegalArgumentException("negative ttl " + ttl);
        }
    }

    /** A transient message that never expires, with a random id. */
    public static PeerMessage of(byte[] data) {
        return new PeerMessage(UUID.randomUUID(), data, null, 0);
    }

    /** This message with a time to live ({@code null}: forever). */
    public PeerMessage withTtl(Duration ttl) {
        return new PeerMessage(id, data, ttl, flags);
    }

    /** This message marked persistent (or not). */
    public PeerMessage persistent(boolean persistent) {
        return new PeerMessage(id, data, ttl, persistent ? flags | FLAG_PERSISTENT : flags & ~FLAG_PERSISTENT);
    }

    public boolean isPersistent() {
        return (flags & FLAG_PERSISTENT) != 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PeerMessage m && id.equals(m.id) && java.util.Arrays.equals(data, m.data)
                && Objects.equals(ttl, m.ttl) && flags == m.flags;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "PeerMessage[" + id + ", " + data.length + " bytes, ttl " + (ttl == null ? "forever" : ttl)
                + ", flags " + flags + "]";
    }
}
