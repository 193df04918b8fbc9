package dev.patchbay.snakemq;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.patchbay.framing.Uint32LengthFrameEncoder;
import dev.patchbay.snakemq.wire.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.BeforeClass;
import org.junit.Test;

/** Each frame builder, through the packet encoder, against snakeMQ's own frame builders (part A). */
public class FramesTest {

    private static final Map<String, String> VECTORS = new HashMap<>();
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final UUID ID = UUID.fromString("00010203-0405-0607-0809-0a0b0c0d0e0f");

    @BeforeClass
    public static void loadVectors() throws Exception {
        JsonNode root = new ObjectMapper().readTree(
                Files.readString(Path.of(System.getProperty("patchbay.vectors"), "snakemq.json")));
        root.get("vectors").forEach(v -> VECTORS.put(v.get("name").asText(), v.get("hex").asText()));
    }

    private static String packet(ByteBuf frame) {
        EmbeddedChannel channel = new EmbeddedChannel(Uint32LengthFrameEncoder.INSTANCE);
        channel.writeOutbound(frame);
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.hexDump(out);
        } finally {
            out.release();
        }
    }

    @Test
    public void everyFrameMatchesItsGoldenVector() {
        assertEquals(VECTORS.get("A1_protocol_version"), packet(Frames.protocolVersion(ALLOC)));
        assertEquals(VECTORS.get("A2_identification_alice"), packet(Frames.identification(ALLOC, "alice")));
        assertEquals(VECTORS.get("A3_identification_utf8"), packet(Frames.identification(ALLOC, "žluť-peer")));
        assertEquals(VECTORS.get("A4_incompatible"), packet(Frames.single(ALLOC, Frames.INCOMPATIBLE_PROTOCOL)));
        assertEquals(VECTORS.get("A5_message_ttl60_persistent"), packet(Frames.message(ALLOC, ID, 60, 1,
                "hello snakemq".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        assertEquals(VECTORS.get("A6_message_ttl_infinite"), packet(Frames.message(ALLOC, ID, Frames.wireTtl(-1), 0,
                new byte[] {'x'})));
        assertEquals(VECTORS.get("A7_message_ttl_fraction"), packet(Frames.message(ALLOC, ID,
                Frames.wireTtl(2_900_000_000L), 0, new byte[0])));
        assertEquals(VECTORS.get("A8_message_default_ttl0"), packet(Frames.message(ALLOC, ID, Frames.wireTtl(0), 0,
                new byte[] {0, (byte) 0xff})));
    }

    @Test
    public void wireTtlTruncatesAndCapsBelowInfinite() {
        assertEquals(2, Frames.wireTtl(2_999_999_999L));
        assertEquals(Frames.TTL_INFINITE, Frames.wireTtl(-1));
        assertEquals(Frames.TTL_INFINITE - 1, Frames.wireTtl(Long.MAX_VALUE));
    }
}
