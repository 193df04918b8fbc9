package dev.patchbay.client.queue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's view of the queue: every request carries this node's id and the token. Works with
 * Patchbay's HTTP queue and with scirocco-server. Blocking and thread safe; connections are
 * kept alive and reused (JDK {@link HttpClient}).
 */
public final class HttpQueueClient {

    private static final String PREFIX = "scirocco-";
    private static final Pattern COUNT = Pattern.compile("\"n\"\\s*:\\s*(\\d+)");

    private final HttpClient http;
    private final URI base;
    private final String node;
    private final String token;
    private final Duration timeout;

    /**
     * @param base  the server, e.g. {@code http://127.0.0.1:8000}
     * @param node  this node's id (hexadecimal)
     * @param token the server's token, sent as {@code Authorization}
     */
    public HttpQueueClient(URI base, String node, String token, Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.base = base;
        this.node = node;
        this.token = token;
        this.timeout = timeout;
    }

    /** Pushes for {@code destination}; pending at once. */
    public QueueMessage push(String destination, QueuePayload payload) {
        return push(destination, payload, null, null);
    }

    /**
     * @param scheduledTime when it becomes pullable ({@code null}: at once)
     * @param payloadType   metadata to store instead of the content type ({@code null}: none)
     */
    public QueueMessage push(String destination, QueuePayload payload, Instant scheduledTime, String payloadType) {
        HttpRequest.Builder request = request("/messageQueue").header("Content-Type", payload.contentType())
                .header("Scirocco-Node-Destination", destination)
                .header("Scirocco-Status", scheduledTime == null ? "pending" : "scheduled")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()));
        if (scheduledTime != null) {
            request.header("Scirocco-Scheduled-Time", DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(scheduledTime.atOffset(ZoneOffset.UTC)));
        }
        if (payloadType != null) {
            request.header("Scirocco-Payload-Type", payloadType);
        }
        return expect(send(request), 201);
    }

    /** Claims the oldest message for this node, if any. */
    public Optional<QueueMessage> pull() {
        HttpResponse<byte[]> response = send(request("/messageQueue").GET());
        return response.statusCode() == 204 ? Optional.empty() : Optional.of(expect(response, 200));
    }

    public QueueMessage ack(String id) {
        return expect(send(request("/messageQueue/" + id + "/ack").method("PATCH", HttpRequest.BodyPublishers.noBody())), 200);
    }

    public QueueMessage get(String id) {
        return expect(send(request("/messages/" + id).GET()), 200);
    }

    /** The messages this node sent or receives, oldest first, as the server's JSON array ({@code ""} if none). */
    public String listJson(int limit) {
        HttpResponse<byte[]> response = send(request("/messages?limit=" + limit).GET());
        return response.statusCode() == 204 ? "" : expect(response, 200).text();
    }

    public QueueMessage update(String id, QueuePayload payload) {
        return expect(send(request("/messages/" + id).header("Content-Type", payload.contentType())
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(payload.bytes()))), 200);
    }

    /** Deletes a waiting message this node pushed; returns how many (0 or 1). */
    public int delete(String id) {
        return count(expect(send(request("/messages/" + id).DELETE()), 200));
    }

    /** Deletes every waiting message this node pushed. */
    public int deleteAll() {
        return count(expect(send(request("/messages").DELETE()), 200));
    }

    /** Deletes every message of every node (scirocco's test reset). */
    public int deleteEverything() {
        return count(expect(send(request("/globalDataSpace").DELETE()), 200));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Authorization", token).header("Scirocco-Node-Source", node);
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new HttpQueueException(0, "cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpQueueException(0, "interrupted", e);
        }
    }

    private static QueueMessage expect(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw new HttpQueueException(response.statusCode(), "HTTP " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8), null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
                metadata.put(capitalized(name.substring(PREFIX.length())), values.get(0));
            }
        });
        return new QueueMessage(metadata, response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    /** {@code node-source} -> {@code Node-Source}, whatever case the transport delivered. */
    private static String capitalized(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("-")) {
            if (out.length() > 0) {
                out.append('-');
            }
            out.append(word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1).toLowerCase());
        }
        return out.toString();
    }

    private static int count(QueueMessage answer) {
        Matcher matcher = COUNT.matcher(answer.text());
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}
