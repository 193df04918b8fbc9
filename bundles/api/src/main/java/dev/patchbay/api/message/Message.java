package dev.patchbay.api.message;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One message as Patchbay routes and stores it, whatever wire family it came from.
 *
 * @param id          unique id; receivers use it to drop duplicates of a redelivered message
 * @param destination where the message goes: a peer identity, a room, a queue or node id
 * @param payload     the application bytes, never interpreted by the platform
 * @param headers     small string metadata (content type, reply-to...), never {@code null}
 * @param createdAt   when the message entered the platform
 * @param expiresAt   after this instant the message is dropped instead of delivered;
 *                    {@code null} means it never expires
 * @param persistent  whether the message must survive a restart of the node
 */
public record Message(UUID id, String destination, byte[] payload, Map<String, String> headers,
                      Instant createdAt, Instant expiresAt, boolean persistent) {

    public Message {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        if (expiresAt != null && expiresAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is before createdAt " + createdAt);
        }
    }

    /** A transient message without expiry, created now with a random id. */
    public static Message of(String destination, byte[] payload) {
        return new Message(UUID.randomUUID(), destination, payload, Map.of(), Instant.now(), null, false);
    }

    /** This message with a time to live counted from its creation. */
    public Message withTtl(Duration ttl) {
        return new Message(id, destination, payload, headers, createdAt, createdAt.plus(ttl), persistent);
    }

    /** This message marked to survive restarts (or not). */
    public Message withPersistent(boolean persistent) {
        return new Message(id, destination, payload, headers, createdAt, expiresAt, persistent);
    }

    public boolean isExpired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    // Records compare arrays by identity; messages are equal when their contents are.
    @Override
    public boolean equals(Object other) {
        return other instanceof Message m
                && id.equals(m.id) && destination.equals(m.destination) && Arrays.equals(payload, m.payload)
                && headers.equals(m.headers) && createdAt.equals(m.createdAt)
                && Objects.equals(expiresAt, m.expiresAt) && persistent == m.persistent;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Message[" + id + " -> " + destination + ", " + payload.length + " bytes"
                + (persistent ? ", persistent" : "") + (expiresAt != null ? ", expires " + expiresAt : "") + "]";
    }
}
