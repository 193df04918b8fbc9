package dev.patchbay.framing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class EomDelimiterFrameDecoderTest {

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String next(EmbeddedChannel channel) {
        ByteBuf frame = channel.readInbound();
        if (frame == null) {
            return null;
        }
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }

    @Test
    public void splitsEveryFrameOfARead() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(100));
        channel.writeInbound(ascii("F1_EOM_F2_EOM_{\"data\":{\"ev"));
        assertEquals("F1", next(channel));
        assertEquals("F2", next(channel));
        assertNull(next(channel));
        // nucosMQ throws the tail away; it is the start of the next frame
        channel.writeInbound(ascii("ent\":\"a\"}}_EOM_"));
        assertEquals("{\"data\":{\"event\":\"a\"}}", next(channel));
        assertFalse(channel.finishAndReleaseAll());
    }

    @Test
    public void findsADelimiterSplitAcrossReads() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(100));
        for (String piece : new String[] {"abc_", "E", "OM", "_def_EO", "M_"}) {
            channel.writeInbound(ascii(piece));
        }
        assertEquals("abc", next(channel));
        assertEquals("def", next(channel));
        assertNull(next(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    public void keepsUnderscoresThatAreNotADelimiter() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(100));
        channel.writeInbound(ascii("a_b__EOM_EOM__EOM_"));
        assertEquals("a_b_", next(channel));
        assertEquals("EOM_", next(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    public void emptyFramesAreFrames() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(100));
        channel.writeInbound(ascii("_EOM_x_EOM_"));
        assertEquals("", next(channel));
        assertEquals("x", next(channel));
        channel.finishAndReleaseAll();
    }

    @Test
    public void refusesAFrameAboveTheLimitBeforeItsEnd() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(8));
        channel.writeInbound(ascii("12345678_EOM_"));
        assertEquals("12345678", next(channel));
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(ascii("123456789abcd")));
        channel.finishAndReleaseAll();
    }

    @Test
    public void refusesAnOversizedFrameThatArrivesWhole() {
        EmbeddedChannel channel = new EmbeddedChannel(new EomDelimiterFrameDecoder(8));
        assertThrows(TooLongFrameException.class, () -> channel.writeInbound(ascii("123456789_EOM_")));
        channel.finishAndReleaseAll();
    }

    @Test
    public void encoderAppendsTheDelimiterInOneBuffer() {
        EmbeddedChannel channel = new EmbeddedChannel(EomDelimiterFrameEncoder.INSTANCE);
        channel.writeOutbound(ascii("{}"));
        assertEquals(1, channel.outboundMessages().size());
        ByteBuf out = channel.readOutbound();
        assertEquals("{}_EOM_", out.toString(StandardCharsets.US_ASCII));
        out.release();
        channel.finishAndReleaseAll();
    }
}
