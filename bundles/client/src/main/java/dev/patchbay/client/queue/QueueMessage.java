package dev.patchbay.client.queue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A message as the server answered: its metadata (from the {@code Scirocco-*} headers, by
 * header name without the prefix, e.g. {@code Id}, {@code Status}, {@code Tries}) and the body.
 */
public record QueueMessage(Map<String, String> metadata, String contentType, byte[] body) {

    public String id() {
        return metadata.get("Id");
    }

    public String status() {
        return metadata.get("Status");
    }

    public int tries() {
        return Integer.parseInt(metadata.getOrDefault("Tries", "0"));
    }

    public String source() {
        return metadata.get("Node-Source");
    }

    public String destination() {
        return metadata.get("Node-Destination");
    }

    public String payloadType() {
        return metadata.get("Payload-Type");
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The payload bytes of a binary message: a push answers them raw, every other route as a JSON
     * string of their base64 (scirocco's convention); both are handled.
     */
    public byte[] binary() {
        String text = text();
        if (contentType != null && contentType.startsWith("application/json") && text.startsWith("\"") && text.endsWith("\"")) {
            return Base64.getDecoder().decode(text.substring(1, text.length() - 1));
        }
        return body.clone();
    }
}
