package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a stream on the 5-byte delimiter {@code _EOM_} (nucosMQ) and emits each frame without
 * it. A frame may arrive in any number of pieces and a read may hold any number of frames; the
 * remainder after the last delimiter is kept for the next read (nucosMQ throws it away).
 *
 * <p>Bounded: once more than {@code maxFrameBytes} have arrived without a delimiter, it raises
 * {@link TooLongFrameException} without waiting for the rest. Bytes already searched are not
 * searched again, so a large frame in many small reads costs linear time.
 */
public final class EomDelimiterFrameDecoder extends ByteToMessageDecoder {

    static final byte[] DELIMITER = "_EOM_".getBytes(StandardCharsets.US_ASCII);

    private final int maxFrameBytes;
    /** Bytes after the reader index known not to start a delimiter. */
    private int searched;

    public EomDelimiterFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive");
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int delimiter = findDelimiter(in, start + searched, in.writerIndex());
            if (delimiter < 0) {
                int readable = in.readableBytes();
                searched = Math.max(0, readable - (DELIMITER.length - 1));
                if (searched > maxFrameBytes) {
                    fail(in, readable);
                }
                return;
            }
            int length = delimiter - start;
            searched = 0;
            if (length > maxFrameBytes) {
                fail(in, length);
            }
            out.add(in.readRetainedSlice(length));
            in.skipBytes(DELIMITER.length);
        }
    }

    private void fail(ByteBuf in, int length) throws TooLongFrameException {
        in.skipBytes(in.readableBytes());
        searched = 0;
        throw new TooLongFrameException("frame of more than " + maxFrameBytes + " bytes (" + length + " without a delimiter)");
    }

    private static int findDelimiter(ByteBuf in, int from, int end) {
        int lastStart = end - DELIMITER.length;
        for (int i = from; i <= lastStart; ) {
            int underscore = in.indexOf(i, lastStart + 1, DELIMITER[0]);
            if (underscore < 0) {
                return -1;
            }
            if (in.getByte(underscore + 1) == 'E' && in.getByte(underscore + 2) == 'O'
                    && in.getByte(underscore + 3) == 'M' && in.getByte(underscore + 4) == '_') {
                return underscore;
            }
            i = underscore + 1;
        }
        return -1;
    }
}
