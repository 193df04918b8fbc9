package dev.patchbay.framing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.function.Supplier;

/**
 * Jazzer fuzz tests of the frame decoders: any bytes, split into any chunks, either decode into
 * frames no larger than the limit or fail with a framing error. Nothing else may escape, and
 * no buffer may leak.
 *
 * <p>In a normal build these run as regression tests over the inputs in
 * {@code src/test/resources/dev/patchbay/framing/FramingFuzzTestInputs}; to fuzz for real:
 * {@code JAZZER_FUZZ=1 mvn test -pl bundles/framing -Dtest=FramingFuzzTest -Djazzer.max_duration=5m}.
 */
class FramingFuzzTest {

    private static final int MAX_FRAME = 256;

    @FuzzTest
    void decimalLengthLine(FuzzedDataProvider data) {
        decode(data, () -> new DecimalLengthFrameDecoder(MAX_FRAME));
    }

    @FuzzTest
    void uint32Length(FuzzedDataProvider data) {
        decode(data, () -> new Uint32LengthFrameDecoder(MAX_FRAME));
    }

    @FuzzTest
    void eomDelimiter(FuzzedDataProvider data) {
        decode(data, () -> new EomDelimiterFrameDecoder(MAX_FRAME));
    }

    private static void decode(FuzzedDataProvider data, Supplier<ChannelHandler> decoder) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder.get());
        try {
            while (data.remainingBytes() > 0) {
                int chunk = data.consumeInt(1, 64);
                byte[] bytes = data.consumeBytes(chunk);
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
                } catch (TooLongFrameException | CorruptedFrameException expected) {
                    // a framing error: the connection would be closed here
                }
                for (ByteBuf frame; (frame = channel.readInbound()) != null; ) {
                    try {
                        assertTrue(frame.readableBytes() <= MAX_FRAME, "frame of " + frame.readableBytes() + " bytes");
                    } finally {
                        frame.release();
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
