package dev.patchbay.nucos;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.framing.EomDelimiterFrameDecoder;
import dev.patchbay.nucos.wire.NucosCodec;
import dev.patchbay.nucos.wire.NucosFrameException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The codec against the golden vectors captured from nucosMQ (docs/vectors/nucosmq.json). */
public class NucosCodecTest {

    private static final JsonNode VECTORS = load();

    private static JsonNode load() {
        try {
            return new ObjectMapper().readTree(new File("../../docs/vectors/nucosmq.json"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode encoderVector(String name) {
        for (JsonNode vector : VECTORS.get("encoder")) {
            if (vector.get("name").asText().equals(name)) {
                return vector;
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String frame(byte[] payload) {
        return new String(payload, StandardCharsets.ISO_8859_1) + "_EOM_";
    }

    @Test
    public void encodesEveryVectorByteForByte() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", 1);
        object.put("b", java.util.Arrays.asList(1, 2.5, null, true, false));
        Object[][] cases = {
            {"ping", "ping", "", ""}, {"pong", "pong", "", ""}, {"start_auth", "start_auth", "", ""},
            {"send_string", "test-event", "hello", ""}, {"send_object", "data", object, ""},
            {"send_integer", "n", 42, ""}, {"send_null", "n", null, ""}, {"publish_room", "today", "sunny", "weather"},
            {"non_ascii", "x", "\u00e4\u20ac\uD83D\uDE00", ""}, {"escapes", "x", "q\"b\\s/n\nt\tc\u0001", ""},
            {"nan", "x", Double.NaN, ""},
        };
        for (Object[] c : cases) {
            JsonNode vector = encoderVector((String) c[0]);
            byte[] payload = NucosCodec.encode((String) c[1], c[2], (String) c[3], "");
            assertEquals((String) c[0], vector.get("hex").asText(), ByteBufUtil.hexDump(payload) + "5f454f4d5f");
        }
    }

    @Test
    public void escapesTheDelimiterInsideContent() throws Exception {
        byte[] payload = NucosCodec.encode("x", "a_EOM_b");
        String text = new String(payload, StandardCharsets.US_ASCII);
        assertEquals("{\"data\": {\"event\": \"x\", \"content\": \"a\\u005fEOM\\u005fb\"}}", text);
        assertFalse(text.contains("_EOM_"));
        assertEquals("a_EOM_b", NucosCodec.decode(payload).content());
        // adjacent and overlapping occurrences, and in room names and keys too
        byte[] tricky = NucosCodec.encode("_EOM_EOM_", Map.of("k_EOM_", "\\_EOM__EOM_"), "r_EOM_", "");
        assertFalse(new String(tricky, StandardCharsets.US_ASCII).contains("_EOM_"));
        NucosMessage back = NucosCodec.decode(tricky);
        assertEquals("_EOM_EOM_", back.event());
        assertEquals(Map.of("k_EOM_", "\\_EOM__EOM_"), back.content());
        assertEquals("r_EOM_", back.room());
    }

    @Test
    public void pythonDecodesTheEscapedDelimiter() throws Exception {
        byte[] payload = NucosCodec.encode("x", "a_EOM_b");
        Process python = new ProcessBuilder("python3", "-c",
                "import json,sys; print(json.loads(sys.stdin.read())['data']['content'])").start();
        python.getOutputStream().write(payload);
        python.getOutputStream().close();
        assertEquals("a_EOM_b", new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
        assertEquals(0, python.waitFor());
    }

    /** Every decoder vector through the real framing: unlike nucosMQ, a bad frame costs only itself. */
    @Test
    public void decodesTheDecoderVectorsLosingOnlyBadFrames() {
        Map<String, List<String>> expected = Map.of(
                "two_frames_and_partial_tail", List.of("a=1", "b=2"),
                "missing_content", List.of("!"),
                "bad_json_in_middle", List.of("a=1", "!", "c=3"),
                "eom_inside_content", List.of("!", "!"),
                "no_data_wrapper", List.of("!"),
                "compact_reordered", List.of("e=c@r"),
                "raw_utf8", List.of("x=\u00e4"));
        for (JsonNode vector : VECTORS.get("decoder")) {
            String name = vector.get("name").asText();
            EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(1 << 16));
            channel.writeInbound(Unpooled.copiedBuffer(vector.get("input").asText(), StandardCharsets.UTF_8));
            List<String> decoded = new ArrayList<>();
            for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
                try {
                    NucosMessage message = NucosCodec.decode(ByteBufUtil.getBytes(frame));
                    decoded.add(message.event() + "=" + message.content() + (message.hasRoom() ? "@" + message.room() : ""));
                } catch (NucosFrameException e) {
                    decoded.add("!");
                } finally {
                    frame.release();
                }
            }
            channel.finishAndReleaseAll();
            assertEquals(name, expected.get(name), decoded);
        }
    }

    @Test
    public void refusesInvalidUtf8AndNonStringFields() {
        assertThrows(NucosFrameException.class, () -> NucosCodec.decode(new byte[] {'{', '"', (byte) 0xff, '"', '}'}));
        assertThrows(NucosFrameException.class, () -> NucosCodec.decode(
                "{\"data\": {\"event\": 1, \"content\": 1}}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NucosFrameException.class, () -> NucosCodec.decode(
                "{\"data\": {\"event\": \"e\", \"content\": 1, \"room\": 5}}".getBytes(StandardCharsets.UTF_8)));
        assertThrows(NucosFrameException.class, () -> NucosCodec.decode(
                "{\"data\": {\"event\": \"e\", \"content\": 1}} trailing".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void emptyRoomMeansNoRoomAndSenderIsOptional() throws Exception {
        NucosMessage message = NucosCodec.decode(
                "{\"data\": {\"event\": \"e\", \"content\": 1, \"room\": \"\", \"from\": \"alice\"}}".getBytes(StandardCharsets.UTF_8));
        assertFalse(message.hasRoom());
        assertEquals("alice", message.sender());
        byte[] withSender = NucosCodec.encode("rain", "yesterday", "weather", "alice");
        assertEquals("{\"data\": {\"event\": \"rain\", \"content\": \"yesterday\", \"room\": \"weather\", \"from\": \"alice\"}}",
                new String(withSender, StandardCharsets.US_ASCII));
        assertArrayEquals(NucosCodec.encode("e", "c"), NucosCodec.encode("e", "c", "", ""));
        assertTrue(frame(NucosCodec.encode("e", "c")).endsWith("_EOM_"));
    }
}
