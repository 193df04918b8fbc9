package dev.patchbay.framing;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Arrays;
import org.junit.Test;

public class Uint32LengthFrameDecoderTest {

    // snakeMQ golden vector B2: two MESSAGE packets captured from a real connection
    private static final byte[] B2 = ByteBufUtil.decodeHexDump(
            "0000002603000102030405060708090a0b0c0d0e0f0000003c0000000168656c6c6f20736e616b656d71"
            + "000000200300000000000000000000000000000001ffffffff00000000666f7265766572");

    private static EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new Uint32LengthFrameDecoder(max), Uint32LengthFrameEncoder.INSTANCE);
    }

    private static byte[] read(EmbeddedChannel channel) {
        ByteBuf frame = channel.readInbound();
        if (frame == null) {
            return null;
        }
        try {
            return ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    public void packetsArriveWholeWhetherSplitByteByByteOrCoalesced() {
        for (boolean byteByByte : new boolean[] {true, false}) {
            EmbeddedChannel channel = channel(1 << 20);
            if (byteByByte) {
                for (byte b : B2) {
                    channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
                }
            } else {
                channel.writeInbound(Unpooled.wrappedBuffer(B2));
            }
            assertEquals(38, read(channel).length);
            assertArrayEquals(Arrays.copyOfRange(B2, 42 + 4, B2.length), read(channel));
            assertNull(read(channel));
        }
    }

    @Test
    public void encoderWritesTheGoldenBytes() {
        EmbeddedChannel channel = channel(1 << 20);
        channel.writeOutbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0000000001")));
        ByteBuf out = channel.readOutbound();
        assertEquals("000000050000000001", ByteBufUtil.hexDump(out));
        out.release();
    }

    @Test
    public void anEmptyPacketIsCorruptAndNothingAfterItIsDelivered() {
        EmbeddedChannel channel = channel(1 << 20);
        assertThrows(CorruptedFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("000000000000000104"))));
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0000000104")));
        assertNull(read(channel));
    }

    @Test
    public void anAnnouncedLengthAboveTheLimitFailsBeforeBuffering() {
        EmbeddedChannel channel = channel(1024);
        // 0x7FFFFFF0 announced: refused at the header, the body is never waited for
        assertThrows(TooLongFrameException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("7ffffff0aabbcc"))));
        assertThrows(TooLongFrameException.class, () -> channel(1024).writeInbound(
                Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("ffffffff"))));
    }

    @Test
    public void aPacketOfExactlyTheLimitPasses() {
        EmbeddedChannel channel = channel(3);
        channel.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00000003010203")));
        assertArrayEquals(new byte[] {1, 2, 3}, read(channel));
    }
}
