package dev.patchbay.nucos.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.patchbay.json.PythonJson;
import dev.patchbay.nucos.NucosMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * nucosMQ frame payloads (without the {@code _EOM_} delimiter, which the framing adds).
 *
 * <p>Encoding is byte-for-byte Python's {@code json.dumps({"data": {...}})}: keys {@code event},
 * {@code content}, then {@code room} when there is one, {@code ", "}/{@code ": "} separators,
 * ASCII with lower-case {@code \}{@code u} escapes. One difference, on purpose: {@code _EOM_}
 * inside a string is written as {@code \}{@code u005fEOM\}{@code u005f}, which Python decodes to the
 * same text, so content can never split a frame.
 *
 * <p>Decoding is lenient where nucosMQ is (any key order, whitespace, raw UTF-8, extra keys,
 * {@code NaN}) and strict where it must be: invalid UTF-8, a missing {@code data} object, a
 * non-string event or room, or a missing {@code content} make the frame invalid.
 */
public final class NucosCodec {

    /** Events that steer a connection; never relayed through rooms (nucosMQ weakness W4). */
    public static final Set<String> CONTROL_EVENTS = Set.of("start_auth", "uid", "challenge_auth", "signature",
            "auth_final", "subscripe", "unsubscripe", "ping", "pong", "shutdown");

    /** Extra key naming the publisher of a relayed message; Python peers ignore unknown keys. */
    public static final String SENDER_KEY = "from";

    private static final byte[] DELIMITER = "_EOM_".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ESCAPED_DELIMITER = "\\u005fEOM\\u005f".getBytes(StandardCharsets.US_ASCII);

    private NucosCodec() {
    }

    /** A frame without a room and without a sender. */
    public static byte[] encode(String event, Object content) {
        return encode(event, content, "", "");
    }

    /**
     * @param room   {@code ""} for none
     * @param sender {@code ""} to leave the {@code from} key out
     */
    public static byte[] encode(String event, Object content, String room, String sender) {
        Map<String, Object> data = new LinkedHashMap<>(8);
        data.put("event", event);
        data.put("content", content);
        if (room != null && !room.isEmpty()) {
            data.put("room", room);
        }
        if (sender != null && !sender.isEmpty()) {
            data.put(SENDER_KEY, sender);
        }
        return escapeDelimiter(PythonJson.encode(Map.of("data", data)));
    }

    /**
     * Rewrites each {@code _EOM_} of the JSON text as {@code \}{@code u005fEOM\}{@code u005f}. In
     * {@code json.dumps} output an underscore can only stand inside a string, as itself, so the
     * rewrite keeps the decoded value unchanged.
     */
    static byte[] escapeDelimiter(byte[] json) {
        int at = indexOf(json, 0);
        if (at < 0) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 32);
        int from = 0;
        while (at >= 0) {
            out.write(json, from, at - from);
            out.writeBytes(ESCAPED_DELIMITER);
            from = at + DELIMITER.length;
            at = indexOf(json, from);
        }
        out.write(json, from, json.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        outer:
        for (int i = from; i <= bytes.length - DELIMITER.length; i++) {
            for (int j = 0; j < DELIMITER.length; j++) {
                if (bytes[i + j] != DELIMITER[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Decodes one frame payload.
     *
     * @throws NucosFrameException if it is not a nucosMQ message
     */
    public static NucosMessage decode(byte[] payload) throws NucosFrameException {
        Object value;
        try {
            value = PythonJson.decode(payload);
        } catch (IOException e) {
            throw new NucosFrameException("not JSON (" + firstLine(e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()) + ")", e);
        }
        if (!(value instanceof Map<?, ?> outer) || !(outer.get("data") instanceof Map<?, ?> data)) {
            throw new NucosFrameException("no \"data\" object");
        }
        if (!(data.get("event") instanceof String event)) {
            throw new NucosFrameException("no string \"event\"");
        }
        if (!data.containsKey("content")) {
            throw new NucosFrameException("no \"content\" in event '" + printable(event) + "'");
        }
        Object room = data.get("room");
        if (room != null && !(room instanceof String)) {
            throw new NucosFrameException("\"room\" is not a string in event '" + printable(event) + "'");
        }
        Object sender = data.get(SENDER_KEY);
        return new NucosMessage(event, data.get("content"), (String) room, sender instanceof String s ? s : "");
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    /** An event name fit for a log line: at most 64 characters, control characters replaced. */
    public static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        char[] chars = cut.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isISOControl(chars[i])) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }
}
