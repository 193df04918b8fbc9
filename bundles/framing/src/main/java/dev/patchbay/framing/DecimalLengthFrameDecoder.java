package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Decodes TPP frames: ASCII decimal byte count, LF, then that many payload bytes. Emits one
 * {@link ByteBuf} per payload (empty for a lone LF or {@code 0\n}).
 *
 * <p>The prefix is parsed as leniently as the reference reader (Python {@code int()}): ASCII
 * whitespace around the number, a leading {@code +} and single {@code _} between digits are
 * accepted. Unlike the reference, the prefix is at most {@value #MAX_PREFIX_BYTES} bytes, a
 * negative length is an error instead of "read until EOF", and a length above
 * {@code maxFrameBytes} fails at once, before any payload is buffered. After the first error the
 * decoder discards everything, so a broken stream is never misread as frames.
 *
 * <p>At the end of the input (the peer closed or half-closed its side), a frame that had not
 * begun is an empty frame, as the reference reader takes EOF at a frame's start; a frame cut
 * off inside its prefix or payload yields nothing (the reference freezes there; the connection
 * is lost).
 */
public final class DecimalLengthFrameDecoder extends ByteToMessageDecoder {

    /** Longest prefix accepted, LF included; far more than any sane length needs. */
    public static final int MAX_PREFIX_BYTES = 32;

    private final int maxFrameBytes;
    private long pendingPayloadBytes = -1;
    private boolean failed;

    public DecimalLengthFrameDecoder(int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && !in.isReadable() && pendingPayloadBytes < 0) {
            out.add(Unpooled.EMPTY_BUFFER);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            if (pendingPayloadBytes < 0) {
                int lf = in.indexOf(in.readerIndex(), in.readerIndex() + Math.min(in.readableBytes(), MAX_PREFIX_BYTES), (byte) '\n');
                if (lf < 0) {
                    if (in.readableBytes() >= MAX_PREFIX_BYTES) {
                        throw fail(in, new CorruptedFrameException(
                                "length prefix without LF in its first " + MAX_PREFIX_BYTES + " bytes"));
                    }
                    return;
                }
                int prefixLength = lf - in.readerIndex();
                long length;
                try {
                    length = parseLength(in, in.readerIndex(), prefixLength);
                } catch (CorruptedFrameException e) {
                    throw fail(in, e);
                }
                if (length > maxFrameBytes) {
                    throw fail(in, new TooLongFrameException(
                            "frame of " + length + " bytes announced; the limit is " + maxFrameBytes));
                }
                in.skipBytes(prefixLength + 1);
                pendingPayloadBytes = length;
            }
            if (in.readableBytes() < pendingPayloadBytes) {
                return;
            }
            out.add(in.readRetainedSlice((int) pendingPayloadBytes));
            pendingPayloadBytes = -1;
        }
    }

    private RuntimeException fail(ByteBuf in, RuntimeException e) {
        failed = true;
        in.skipBytes(in.readableBytes());
        return e;
    }

    /**
     * Python {@code int(bytes)} restricted to non-negative values: optional whitespace, optional
     * {@code +}, digits with single underscores between them, optional whitespace. An empty
     * prefix (a lone LF) is length 0, as the reference reads it.
     */
    static long parseLength(ByteBuf buf, int from, int length) {
        int start = from;
        int end = from + length;
        while (start < end && isPythonWhitespace(buf.getByte(start))) {
            start++;
        }
        while (end > start && isPythonWhitespace(buf.getByte(end - 1))) {
            end--;
        }
        if (start == end) {
            if (length == 0) {
                return 0;
            }
            throw new CorruptedFrameException("length prefix is blank");
        }
        byte sign = buf.getByte(start);
        if (sign == '-') {
            throw new CorruptedFrameException("length prefix is negative");
        }
        if (sign == '+') {
            start++;
        }
        long value = 0;
        boolean lastWasDigit = false;
        for (int i = start; i < end; i++) {
            byte b = buf.getByte(i);
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                if (value > Integer.MAX_VALUE) {
                    // Larger than any frame we could ever accept; keep the number meaningful.
                    value = (long) Integer.MAX_VALUE + 1;
                }
                lastWasDigit = true;
            } else if (b == '_' && lastWasDigit && i + 1 < end) {
                lastWasDigit = false;
            } else {
                throw new CorruptedFrameException("length prefix is not a decimal number");
            }
        }
        if (!lastWasDigit) {
            throw new CorruptedFrameException("length prefix is not a decimal number");
        }
        return value;
    }

    private static boolean isPythonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == 0x0b || b == 0x0c;
    }
}
