package dev.patchbay.api.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * A message of a {@link QueueStore}. Times have millisecond precision; absent ones are {@code null}.
 *
 * @param id          24 lower-case hex characters, unique in the store
 * @param source      the pushing node
 * @param destination the node that pulls it
 * @param tries       how many times it was pulled
 * @param payloadType free metadata (1..30 characters)
 */
public record QueuedMessage(String id, String source, String destination, QueueStatus status, int tries,
                            String payloadType, PayloadKind kind, byte[] payload, Instant created, Instant scheduled,
                            Instant processing, Instant processed, Instant updated) {

    public QueuedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(created, "created");
    }

    /** A new message as pushed: no pulls yet. */
    public static QueuedMessage pushed(String id, String source, String destination, QueueStatus status, String payloadType,
                                       PayloadKind kind, byte[] payload, Instant created, Instant scheduled) {
        return new QueuedMessage(id, source, destination, status, 0, payloadType, kind, payload, created, scheduled,
                null, null, null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof QueuedMessage m && id.equals(m.id) && source.equals(m.source)
                && destination.equals(m.destination) && status == m.status && tries == m.tries
                && Objects.equals(payloadType, m.payloadType) && kind == m.kind && java.util.Arrays.equals(payload, m.payload)
                && created.equals(m.created) && Objects.equals(scheduled, m.scheduled)
                && Objects.equals(processing, m.processing) && Objects.equals(processed, m.processed)
                && Objects.equals(updated, m.updated);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "QueuedMessage[" + id + " " + source + "->" + destination + " " + status + " tries=" + tries + "]";
    }
}
