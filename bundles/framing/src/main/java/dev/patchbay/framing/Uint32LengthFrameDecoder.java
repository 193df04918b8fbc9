package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a stream into packets of a 4-byte big-endian unsigned length followed by that many
 * bytes (snakeMQ's packeter), emitting each packet body as a retained slice.
 *
 * <p>A length above {@code maxFrameBytes} fails before anything of the body is buffered, and a
 * length of 0 is a corrupt frame (snakeMQ closes on it too). After a failure the decoder drops
 * everything that follows: the connection is going to be closed, and nothing after a bad frame
 * may reach the protocol.
 */
public final class Uint32LengthFrameDecoder extends ByteToMessageDecoder {

    public static final int HEADER_BYTES = 4;

    private final int maxFrameBytes;
    private boolean failed;

    public Uint32LengthFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= HEADER_BYTES) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length == 0) {
                throw fail(in, new CorruptedFrameException("empty packet"));
            }
            if (length > maxFrameBytes) {
                throw fail(in, new TooLongFrameException("packet of " + length + " bytes announced, the limit is "
                        + maxFrameBytes));
            }
            if (in.readableBytes() < HEADER_BYTES + length) {
                return;
            }
            in.skipBytes(HEADER_BYTES);
            out.add(in.readRetainedSlice((int) length));
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }

    private RuntimeException fail(ByteBuf in, RuntimeException error) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return error;
    }
}
