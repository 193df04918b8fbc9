package dev.patchbay.client.queue;

import java.nio.charset.StandardCharsets;

/** A payload to push: its content type (text, JSON object/array, or bytes) and its bytes. */
public record QueuePayload(String contentType, byte[] bytes) {

    public static QueuePayload text(String text) {
        return new QueuePayload("text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON object or array, as text. */
    public static QueuePayload json(String json) {
        return new QueuePayload("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static QueuePayload binary(byte[] bytes) {
        return new QueuePayload("application/octet-stream", bytes.clone());
    }
}
