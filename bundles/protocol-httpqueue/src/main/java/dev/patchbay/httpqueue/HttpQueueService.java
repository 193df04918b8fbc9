package dev.patchbay.httpqueue;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.patchbay.api.auth.AuthResult;
import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.auth.Credentials;
import dev.patchbay.api.queue.PayloadKind;
import dev.patchbay.api.queue.QueueStatus;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.api.store.StoreException;
import dev.patchbay.json.PythonJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scirocco REST API on a {@link StoreSwitch}, without HTTP plumbing: requests in, responses
 * out. Blocks on the store; run it on a worker thread.
 *
 * <p>Checks run in this order: token (403), POST content type (400), body size per type (413),
 * body syntax (400), then the route (404 if none). scirocco checks the body before the token;
 * answering strangers 403 first gives them nothing to probe.
 */
public final class HttpQueueService {

    private static final Logger LOG = LoggerFactory.getLogger(HttpQueueService.class);
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");
    private static final Pattern ID = Pattern.compile("[0-9a-f]+");
    private static final int MAX_NODE_LENGTH = 128;
    private static final byte[] BANNER = PythonJson.encode(Map.of("name", "DDS endpoint.", "author", "eloylp",
            "source", "https://github.com/eloylp/scirocco-server"));

    /**
     * Limits and defaults of the API.
     *
     * @param nodesByPrincipal the node ids a token may act as (source of pushes, puller, acker,
     *                         owner of messages), by the principal its authenticator names it
     *                         ({@code token#1} for the first configured hash); a token not
     *                         listed may act as any node, as every token does in scirocco
     */
    public record Settings(int maxJsonBytes, int maxTextBytes, int maxBinaryBytes, int listCap,
                           Map<String, Set<String>> nodesByPrincipal) {
        public static final Settings DEFAULTS = new Settings(100 << 10, 100 << 10, 1000 << 10, 100);

        public Settings {
            nodesByPrincipal = Map.copyOf(nodesByPrincipal);
        }

        public Settings(int maxJsonBytes, int maxTextBytes, int maxBinaryBytes, int listCap) {
            this(maxJsonBytes, maxTextBytes, maxBinaryBytes, listCap, Map.of());
        }

        /** The largest body of any type: what the HTTP layer must accept before the per-type check. */
        public int maxBodyBytes() {
            return Math.max(maxBinaryBytes, Math.max(maxJsonBytes, maxTextBytes));
        }
    }

    private final StoreSwitch stores;
    private final Supplier<Authenticator> authenticator;
    private final Settings settings;
    private final Supplier<Instant> clock;

    public HttpQueueService(StoreSwitch stores, Supplier<Authenticator> authenticator, Settings settings, Supplier<Instant> clock) {
        this.stores = stores;
        this.authenticator = authenticator;
        this.settings = settings;
        this.clock = clock;
    }

    /** Answers one request: see {@link #handleAll}. */
    public HttpQueueResponse handle(HttpQueueRequest request) {
        return handleAll(List.of(request)).get(0);
    }

    /**
     * Answers requests in order. Token, validation and parsing come first, off the store. Where the
     * store commits batches, the store operations of all of them run as one {@link QueueStore#batch}
     * (one commit for the lot); if that fails, none of it was kept and each request runs again on
     * its own, so a failure is answered (503) only to the request that caused it. A batch of pulls
     * and reads only is answered before its commit ({@link QueueStore.Commit#DEFERRABLE}): a
     * crash can then only leave its claims undone, and those messages are handed out again. Other
     * stores run each request on its own from the start: their batches commit call by call, so
     * running a failed batch again would repeat what it had done.
     */
    public List<HttpQueueResponse> handleAll(List<HttpQueueRequest> requests) {
        List<StoreStep> steps = new ArrayList<>(requests.size());
        for (HttpQueueRequest request : requests) {
            steps.add(plan(request));
        }
        try {
            return stores.with(store -> store.commitsBatches()
                    ? inOneBatch(store, steps, requests)
                    : eachAlone(store, steps, requests));
        } catch (StoreException noStore) {
            List<HttpQueueResponse> responses = new ArrayList<>(requests.size());
            for (HttpQueueRequest request : requests) {
                responses.add(storeFailed(request, noStore));
            }
            return responses;
        }
    }

    private static List<HttpQueueResponse> inOneBatch(QueueStore store, List<StoreStep> steps, List<HttpQueueRequest> requests) {
        Supplier<List<HttpQueueResponse>> operations = () -> {
            List<HttpQueueResponse> responses = new ArrayList<>(steps.size());
            for (StoreStep step : steps) {
                responses.add(step.apply(store));
            }
            return responses;
        };
        try {
            return inTransaction(store, steps.stream().anyMatch(StoreStep::answersAfterCommit), operations);
        } catch (StoreException batchFailed) {
            return steps.size() == 1 ? List.of(storeFailed(requests.get(0), batchFailed)) : eachAlone(store, steps, requests);
        }
    }

    /** Commits the claims of answered pulls that are not committed yet; for when the server has nothing to do. */
    public void commitDeferred() {
        try {
            stores.with(store -> {
                // a durable batch commits what deferrable ones left; this one has nothing else to do
                return store.batch(QueueStore.Commit.DURABLE, () -> null);
            });
        } catch (StoreException e) {
            LOG.warn("committing answered pulls failed (their messages are pending again): {}", e.getMessage());
        }
    }

    private static List<HttpQueueResponse> eachAlone(QueueStore store, List<StoreStep> steps, List<HttpQueueRequest> requests) {
        List<HttpQueueResponse> responses = new ArrayList<>(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            StoreStep step = steps.get(i);
            try {
                responses.add(inTransaction(store, step.answersAfterCommit(), () -> step.apply(store)));
            } catch (StoreException e) {
                responses.add(storeFailed(requests.get(i), e));
            }
        }
        return responses;
    }

    /** Runs {@code operations} as one batch; one that promises no durability may be answered before its commit. */
    private static <T> T inTransaction(QueueStore store, boolean promisesDurability, Supplier<T> operations) {
        return store.batch(promisesDurability ? QueueStore.Commit.DURABLE : QueueStore.Commit.DEFERRABLE, operations);
    }

    private static HttpQueueResponse storeFailed(HttpQueueRequest request, StoreException e) {
        LOG.warn("queue store failed on {} {}: {}", request.method(), request.path(), e.getMessage());
        return error(503, "The message store is unavailable: " + e.getMessage());
    }

    /** What a request does with the store and answers; the answer alone for requests that need no store. */
    @FunctionalInterface
    private interface StoreStep {
        HttpQueueResponse apply(QueueStore store);

        /** Whether the answer promises that the step's changes are durable (pushes, acks, edits). */
        default boolean answersAfterCommit() {
            return true;
        }

        static StoreStep answer(HttpQueueResponse response) {
            return beforeCommit(store -> response);
        }

        /** A step whose loss in a crash breaks no promise: a read, or a pull's claim (handed out again). */
        static StoreStep beforeCommit(StoreStep step) {
            return new StoreStep() {
                @Override
                public HttpQueueResponse apply(QueueStore store) {
                    return step.apply(store);
                }

                @Override
                public boolean answersAfterCommit() {
                    return false;
                }
            };
        }
    }

    private StoreStep plan(HttpQueueRequest request) {
        String principal = request.principal() != null ? request.principal()
                : authorized(request.header("Authorization"), request.remoteAddress());
        if (principal == null) {
            return StoreStep.answer(error(403, "Incorrect auth token."));
        }
        String[] parts = segments(request.path());
        String first = parts.length > 0 ? parts[0].toLowerCase(Locale.ROOT) : "";
        String node = request.header("Scirocco-Node-Source");
        Set<String> mayActAs = settings.nodesByPrincipal().get(principal);
        if (mayActAs != null) {
            if (node == null || !mayActAs.contains(node) || first.equals("globaldataspace")) {
                return StoreStep.answer(error(403, "This token may not act as node " + node + "."));
            }
        }
        String method = request.method();
        PayloadKind kind = null;
        if (method.equals("POST") || method.equals("PATCH")) {
            String contentType = request.header("Content-Type");
            kind = contentType == null ? null : SciroccoFormat.kindOf(contentType);
            if (method.equals("POST") && kind == null) {
                return StoreStep.answer(error(400, "Please, specify a valid Content-Type values. Valid choices are .. "
                        + "text/plain, application/json, application/octet-stream"));
            }
            if (kind != null) {
                HttpQueueResponse invalid = checkBody(kind, request.body());
                if (invalid != null) {
                    return StoreStep.answer(invalid);
                }
            }
        }
        if (parts.length == 0 && method.equals("GET")) {
            return StoreStep.answer(HttpQueueResponse.json(200, BANNER));
        }
        if (first.equals("messagequeue")) {
            if (parts.length == 1 && method.equals("POST")) {
                return push(request, node, kind);
            }
            if (parts.length == 1 && method.equals("GET")) {
                return pull(node);
            }
            if (parts.length == 3 && method.equals("PATCH") && parts[2].equalsIgnoreCase("ack") && ID.matcher(parts[1]).matches()) {
                return ack(parts[1], node);
            }
        } else if (first.equals("messages")) {
            if (parts.length == 1 && method.equals("GET")) {
                return list(node, request.query().get("limit"));
            }
            if (parts.length == 1 && method.equals("DELETE")) {
                return node == null ? StoreStep.answer(deleted(0)) : store -> deleted(store.deleteAll(node));
            }
            if (parts.length == 2 && ID.matcher(parts[1]).matches()) {
                String id = parts[1];
                if (node == null && (method.equals("GET") || method.equals("PATCH"))) {
                    return StoreStep.answer(found(Optional.empty()));
                }
                switch (method) {
                    case "GET" -> {
                        return StoreStep.beforeCommit(store -> found(store.get(id, node)));
                    }
                    case "PATCH" -> {
                        // scirocco stores {} for a body of any other content type
                        PayloadKind stored = kind == null ? PayloadKind.JSON : kind;
                        byte[] payload = kind == null ? "{}".getBytes(StandardCharsets.UTF_8) : request.body();
                        Instant now = now();
                        return store -> found(store.updatePayload(id, node, stored, payload, now));
                    }
                    case "DELETE" -> {
                        return node == null ? StoreStep.answer(deleted(0)) : store -> deleted(store.delete(id, node));
                    }
                    default -> {
                        return StoreStep.answer(error(404, "Not Found"));
                    }
                }
            }
        } else if (first.equals("globaldataspace") && parts.length == 1 && method.equals("DELETE")) {
            return store -> {
                int count = store.deleteEverything();
                LOG.info("DELETE /globalDataSpace from {} removed {} message(s)", request.remoteAddress(), count);
                return deleted(count);
            };
        }
        return StoreStep.answer(error(404, "Not Found"));
    }

    /** @return the principal the token is accepted as, or {@code null} if it is not */
    private String authorized(String token, String remoteAddress) {
        Authenticator check = authenticator.get();
        if (check == null || token == null) {
            return null;
        }
        Credentials credentials = new Credentials("token", "", token.getBytes(StandardCharsets.UTF_8), remoteAddress);
        AuthResult quick = check.tryAuthenticateNow(credentials);
        AuthResult result = quick != null ? quick : check.authenticate(credentials);
        return result.accepted() ? result.principal() : null;
    }

    private HttpQueueResponse checkBody(PayloadKind kind, byte[] body) {
        int limit = switch (kind) {
            case JSON -> settings.maxJsonBytes();
            case TEXT -> settings.maxTextBytes();
            case BINARY -> settings.maxBinaryBytes();
        };
        if (body.length > limit) {
            return error(413, "request entity too large");
        }
        if (kind == PayloadKind.JSON) {
            try {
                Object value = PythonJson.decode(body);
                if (!(value instanceof Map) && !(value instanceof List)) {
                    return error(400, "invalid json");
                }
            } catch (IOException e) {
                String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
                return error(400, "Unexpected JSON: " + reason);
            }
        }
        return null;
    }

    private StoreStep push(HttpQueueRequest request, String source, PayloadKind kind) {
        String destination = request.header("Scirocco-Node-Destination");
        Map<String, String> problems = new LinkedHashMap<>();
        checkNode("node_source", source, problems);
        checkNode("node_destination", destination, problems);
        String statusHeader = request.header("Scirocco-Status");
        QueueStatus status = QueueStatus.PENDING;
        if (statusHeader != null && !statusHeader.isEmpty()) {
            switch (statusHeader) {
                case "pending", "processing", "processed" -> status = QueueStatus.PENDING;
                case "scheduled" -> status = QueueStatus.SCHEDULED;
                default -> problems.put("status", "Incorrect message status.");
            }
        }
        String scheduledHeader = request.header("Scirocco-Scheduled-Time");
        if (status == QueueStatus.SCHEDULED && (scheduledHeader == null || scheduledHeader.isEmpty())) {
            return StoreStep.answer(error(400, "An scheduled message requires the scheduled time header to be set."));
        }
        Instant now = now();
        Instant scheduled = null;
        if (scheduledHeader != null && !scheduledHeader.isEmpty()) {
            scheduled = SciroccoFormat.parseTime(scheduledHeader);
            if (scheduled == null) {
                problems.put("scheduled_time", "Cast to Date failed for value \"" + scheduledHeader + "\"");
            } else if (scheduled.isBefore(now.minusSeconds(1))) {
                problems.put("scheduled_time", "The scheduled time is in the past.");
            }
        }
        String payloadType = request.header("Scirocco-Payload-Type");
        if (payloadType == null || payloadType.isEmpty()) {
            payloadType = request.header("Content-Type");
        }
        if (payloadType.length() > 30) {
            problems.put("payload_type", "Path `payload_type` is longer than the maximum allowed length (30).");
        }
        if (!problems.isEmpty()) {
            return StoreStep.answer(validationError(problems));
        }
        QueuedMessage message = QueuedMessage.pushed(MessageIds.next(now.getEpochSecond()), source, destination, status,
                payloadType, kind, request.body(), now, scheduled == null ? null : scheduled.truncatedTo(ChronoUnit.MILLIS));
        return store -> {
            store.push(message);
            HttpQueueResponse response = SciroccoFormat.message(201, message, true);
            response.headers().put("Location", "/messages/" + message.id());
            return response;
        };
    }

    private static void checkNode(String field, String value, Map<String, String> problems) {
        if (value == null || value.isEmpty()) {
            problems.put(field, "Path `" + field + "` is required.");
        } else if (value.length() > MAX_NODE_LENGTH || !HEX.matcher(value).matches()) {
            problems.put(field, "Validator failed for path `" + field + "`: node ids are hexadecimal (at most "
                    + MAX_NODE_LENGTH + " characters)");
        }
    }

    private StoreStep pull(String node) {
        if (node == null) {
            return StoreStep.answer(HttpQueueResponse.noContent());
        }
        Instant now = now();
        return StoreStep.beforeCommit(store -> store.pull(node, now).map(m -> SciroccoFormat.message(200, m, false))
                .orElseGet(HttpQueueResponse::noContent));
    }

    private StoreStep ack(String id, String node) {
        if (node == null) {
            return StoreStep.answer(found(Optional.empty()));
        }
        Instant now = now();
        return store -> found(store.ack(id, node, now));
    }

    private StoreStep list(String node, String limitText) {
        if (node == null) {
            return StoreStep.answer(HttpQueueResponse.noContent());
        }
        int limit = settings.listCap();
        try {
            int asked = limitText == null ? 0 : Integer.parseInt(limitText.trim());
            if (asked > 0 && asked < limit) {
                limit = asked;
            }
        } catch (NumberFormatException notANumber) {
            // scirocco: a limit that is not a number means the cap
        }
        int max = limit;
        return StoreStep.beforeCommit(store -> {
            List<QueuedMessage> messages = store.list(node, max);
            return messages.isEmpty() ? HttpQueueResponse.noContent() : HttpQueueResponse.json(200, SciroccoFormat.list(messages));
        });
    }

    /** Binary payloads as base64 JSON strings: only the push answers them raw. */
    private static HttpQueueResponse found(Optional<QueuedMessage> message) {
        return message.map(m -> SciroccoFormat.message(200, m, false)).orElseGet(() -> error(404, "Resource not found."));
    }

    private static HttpQueueResponse deleted(int count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("n", count);
        body.put("ok", 1);
        return HttpQueueResponse.json(200, PythonJson.encode(body));
    }

    static HttpQueueResponse error(int status, String message) {
        return HttpQueueResponse.json(status, PythonJson.encode(Map.of("message", message)));
    }

    private static HttpQueueResponse validationError(Map<String, String> problems) {
        Map<String, Object> errors = new LinkedHashMap<>();
        StringBuilder text = new StringBuilder("Message validation failed: ");
        problems.forEach((field, reason) -> {
            if (text.length() > "Message validation failed: ".length()) {
                text.append(", ");
            }
            text.append(field).append(": ").append(reason);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("message", reason);
            detail.put("name", "ValidatorError");
            detail.put("path", field);
            errors.put(field, detail);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", text.toString());
        body.put("errors", errors);
        return HttpQueueResponse.json(400, PythonJson.encode(body));
    }

    private static String[] segments(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    private Instant now() {
        return clock.get().truncatedTo(ChronoUnit.MILLIS);
    }
}
