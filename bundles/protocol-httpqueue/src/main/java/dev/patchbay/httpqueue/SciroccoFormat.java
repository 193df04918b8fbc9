package dev.patchbay.httpqueue;

import dev.patchbay.api.queue.PayloadKind;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.json.PythonJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How scirocco-server writes messages: metadata headers, payload bodies, list items, dates. */
final class SciroccoFormat {

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final DateTimeFormatter LIST_DATE = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter JS_DATE = DateTimeFormatter
            .ofPattern("EEE MMM dd yyyy HH:mm:ss 'GMT'Z", Locale.US);

    private SciroccoFormat() {
    }

    /** The message response of §5: payload as body, metadata as {@code Scirocco-*} headers. */
    static HttpQueueResponse message(int status, QueuedMessage m, boolean rawBinary) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Scirocco-Id", m.id());
        headers.put("Scirocco-Node-Source", m.source());
        headers.put("Scirocco-Node-Destination", m.destination());
        headers.put("Scirocco-Status", m.status().wireName());
        headers.put("Scirocco-Tries", Integer.toString(m.tries()));
        if (m.payloadType() != null) {
            headers.put("Scirocco-Payload-Type", m.payloadType());
        }
        putDate(headers, "Scirocco-Created-Time", m.created());
        putDate(headers, "Scirocco-Update-Time", m.updated());
        putDate(headers, "Scirocco-Scheduled-Time", m.scheduled());
        putDate(headers, "Scirocco-Processing-Time", m.processing());
        putDate(headers, "Scirocco-Processed-Time", m.processed());
        return switch (m.kind()) {
            // scirocco serves text as text/html; its clients do not look at the type
            case TEXT -> new HttpQueueResponse(status, "text/html; charset=utf-8", headers, m.payload());
            case JSON -> new HttpQueueResponse(status, HttpQueueResponse.JSON, headers, m.payload());
            case BINARY -> rawBinary
                    ? new HttpQueueResponse(status, "application/octet-stream", headers, m.payload())
                    : new HttpQueueResponse(status, HttpQueueResponse.JSON, headers,
                            PythonJson.encode(Base64.getEncoder().encodeToString(m.payload())));
        };
    }

    private static void putDate(Map<String, String> headers, String name, Instant time) {
        if (time != null) {
            headers.put(name, headerDate(time));
        }
    }

    /**
     * JavaScript's {@code Date.prototype.toString()} in UTC, as the reference deployment sends:
     * {@code Tue Nov 24 2026 10:15:30 GMT+0000 (Coordinated Universal Time)}. Written by hand:
     * a message answer carries up to five of these, and a pattern formatter cost more than the
     * store's work on the answer.
     */
    static String headerDate(Instant time) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder text = new StringBuilder(64)
                .append(DAYS[t.getDayOfWeek().ordinal()]).append(' ')
                .append(MONTHS[t.getMonthValue() - 1]).append(' ');
        twoDigits(text, t.getDayOfMonth()).append(' ');
        text.append(t.getYear()).append(' '); // four digits: every time here is after 1970
        twoDigits(text, t.getHour()).append(':');
        twoDigits(text, t.getMinute()).append(':');
        twoDigits(text, t.getSecond());
        return text.append(" GMT+0000 (Coordinated Universal Time)").toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** The list of §6: storage field names, ISO dates, binary as base64, nulls left out. */
    static byte[] list(List<QueuedMessage> messages) {
        List<Map<String, Object>> items = messages.stream().map(SciroccoFormat::listItem).toList();
        return PythonJson.encode(items);
    }

    private static Map<String, Object> listItem(QueuedMessage m) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("_id", m.id());
        item.put("node_source", m.source());
        item.put("node_destination", m.destination());
        item.put("status", m.status().wireName());
        item.put("tries", m.tries());
        if (m.payloadType() != null) {
            item.put("payload_type", m.payloadType());
        }
        item.put("payload", payloadValue(m));
        putIso(item, "created_time", m.created());
        putIso(item, "scheduled_time", m.scheduled());
        putIso(item, "processing_time", m.processing());
        putIso(item, "processed_time", m.processed());
        putIso(item, "update_time", m.updated());
        return item;
    }

    private static Object payloadValue(QueuedMessage m) {
        return switch (m.kind()) {
            case TEXT -> new String(m.payload(), StandardCharsets.UTF_8);
            case BINARY -> Base64.getEncoder().encodeToString(m.payload());
            case JSON -> {
                try {
                    yield PythonJson.decode(m.payload());
                } catch (java.io.IOException e) {
                    yield new String(m.payload(), StandardCharsets.UTF_8); // stored JSON is checked at push; never here
                }
            }
        };
    }

    private static void putIso(Map<String, Object> item, String key, Instant time) {
        if (time != null) {
            item.put(key, LIST_DATE.format(time));
        }
    }

    /**
     * Reads a {@code Scirocco-Scheduled-Time} as JavaScript's {@code new Date(text)} would for the
     * forms clients send: ISO-8601 with or without offset (none = UTC), a date alone, RFC 1123,
     * and {@code Date.toString()} output.
     *
     * @return {@code null} if the text is none of these
     */
    static Instant parseTime(String text) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notOffset) {
            // next form
        }
        try {
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notLocal) {
            // next form
        }
        try {
            return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
            // next form
        }
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException notRfc) {
            // next form
        }
        try {
            int paren = value.indexOf(" (");
            return ZonedDateTime.parse(paren < 0 ? value : value.substring(0, paren), JS_DATE).toInstant();
        } catch (DateTimeParseException notJs) {
            return null;
        }
    }

    static PayloadKind kindOf(String contentType) {
        return switch (contentType) {
            case "text/plain" -> PayloadKind.TEXT;
            case "application/json" -> PayloadKind.JSON;
            case "application/octet-stream" -> PayloadKind.BINARY;
            default -> null;
        };
    }
}
