package dev.patchbay.framing;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.File;
import java.io.IOException;
import org.junit.Test;

public class DecimalLengthFrameDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));

    @Test
    public void decodesEveryReferenceDecoderVectorThatTheReferenceDecodes() throws IOException {
        JsonNode vectors = new ObjectMapper().readTree(new File(System.getProperty("patchbay.vectors"), "tpp.json"));
        int checked = 0;
        for (JsonNode vector : vectors.get("decode")) {
            byte[] input = ByteBufUtil.decodeHexDump(vector.at("/input/hex").asText());
            boolean referenceReturns = vector.has("result");
            boolean negative = input.length > 0 && input[0] == '-';
            if (!referenceReturns || negative || input.length == 0) {
                continue; // errors, hangs, "read to EOF" and bare EOF are covered by the tests below
            }
            EmbeddedChannel ch = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));
            ch.writeInbound(Unpooled.wrappedBuffer(input));
            ByteBuf frame = ch.readInbound();
            assertEquals(vector.get("name").asText(), vector.at("/result/hex").asText(), ByteBufUtil.hexDump(frame));
            frame.release();
            checked++;
        }
        assertEquals(9, checked);
    }

    @Test
    public void splitAndMergedReadsGiveTheSameFrames() {
        byte[] stream = "2\n{}17\n{\"action\": \"bla\"}\n".getBytes(US_ASCII);
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertFrame("{}");
        assertFrame("{\"action\": \"bla\"}");
        assertFrame("");
        assertNull(channel.readInbound());

        EmbeddedChannel merged = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));
        merged.writeInbound(Unpooled.wrappedBuffer(stream));
        assertEquals(3, merged.inboundMessages().size());
    }

    @Test
    public void prefixCountsBytesNotCharacters() {
        channel.writeInbound(Unpooled.wrappedBuffer("11\n{\"a\": \"ž\"}".getBytes(UTF_8)));
        assertFrame("{\"a\": \"ž\"}");
    }

    @Test
    public void lengthAboveTheLimitFailsBeforeThePayloadArrives() {
        EmbeddedChannel small = new EmbeddedChannel(new DecimalLengthFrameDecoder(100));
        DecoderException e = assertThrows(DecoderException.class,
                () -> small.writeInbound(Unpooled.copiedBuffer("2147483648000\n", US_ASCII)));
        assertTrue(e instanceof TooLongFrameException);
        // Everything after the failure is discarded, never decoded as a frame.
        small.writeInbound(Unpooled.copiedBuffer("2\n{}", US_ASCII));
        assertNull(small.readInbound());
    }

    @Test
    public void frameOfExactlyTheLimitIsAccepted() {
        EmbeddedChannel small = new EmbeddedChannel(new DecimalLengthFrameDecoder(3));
        small.writeInbound(Unpooled.copiedBuffer("3\nabc", US_ASCII));
        ByteBuf frame = small.readInbound();
        assertEquals("abc", frame.toString(US_ASCII));
        frame.release();
    }

    @Test
    public void malformedPrefixesAreCorruptFrames() {
        for (String bad : new String[] {"abc\n{}", "-1\nabcdef", "1__0\n", "_1\n", "1_\n", "+\n", " \n", "1 2\n",
                                        "999999999999999999999999999999999"}) {
            EmbeddedChannel ch = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));
            DecoderException e = assertThrows(bad, DecoderException.class,
                    () -> ch.writeInbound(Unpooled.copiedBuffer(bad, US_ASCII)));
            assertTrue(bad + " gave " + e, e instanceof CorruptedFrameException);
        }
    }

    @Test
    public void connectionEndingInsideAFrameEmitsNothing() {
        channel.writeInbound(Unpooled.copiedBuffer("10\n{}", US_ASCII));
        assertFalse(channel.finish());
        EmbeddedChannel inPrefix = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));
        inPrefix.writeInbound(Unpooled.copiedBuffer("12", US_ASCII));
        assertFalse(inPrefix.finish());
    }

    @Test
    public void encoderWritesDecimalByteCountAndLf() {
        EmbeddedChannel out = new EmbeddedChannel(DecimalLengthFrameEncoder.INSTANCE);
        out.writeOutbound(Unpooled.copiedBuffer("{\"a\": \"ž\"}", UTF_8));
        ByteBuf wire = Unpooled.buffer();
        for (Object part; (part = out.readOutbound()) != null; ) {
            wire.writeBytes((ByteBuf) part);
            ((ByteBuf) part).release();
        }
        assertEquals("11\n{\"a\": \"ž\"}", wire.toString(UTF_8));
    }

    @Test
    public void theEndOfTheInputAtAFrameStartIsAnEmptyFrameAsInTheReferenceReader() {
        channel.writeInbound(Unpooled.copiedBuffer("2\n{}", US_ASCII));
        assertFrame("{}");
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertFrame("");
    }

    @Test
    public void theEndOfTheInputInsideAFrameYieldsNothing() {
        channel.writeInbound(Unpooled.copiedBuffer("12", US_ASCII));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertNull("inside the prefix", channel.readInbound());
        EmbeddedChannel payload = new EmbeddedChannel(new DecimalLengthFrameDecoder(1 << 20));
        payload.writeInbound(Unpooled.copiedBuffer("10\n{}", US_ASCII));
        payload.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertNull("inside the payload", payload.readInbound());
    }

    private void assertFrame(String expected) {
        ByteBuf frame = channel.readInbound();
        assertEquals(expected, frame.toString(UTF_8));
        frame.release();
    }
}
