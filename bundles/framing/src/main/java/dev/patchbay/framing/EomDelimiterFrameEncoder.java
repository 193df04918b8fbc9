package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each outbound {@link ByteBuf} followed by {@code _EOM_}, in one buffer: nucosMQ's
 * receiver loses frames that reach it in pieces, so a frame is never split across writes. The
 * payload must not contain the delimiter (the nucos codec escapes it).
 */
@ChannelHandler.Sharable
public final class EomDelimiterFrameEncoder extends MessageToByteEncoder<ByteBuf> {

    public static final EomDelimiterFrameEncoder INSTANCE = new EomDelimiterFrameEncoder();

    private EomDelimiterFrameEncoder() {
        super(ByteBuf.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(msg.readableBytes() + EomDelimiterFrameDecoder.DELIMITER.length);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
        out.writeBytes(msg, msg.readerIndex(), msg.readableBytes());
        out.writeBytes(EomDelimiterFrameDecoder.DELIMITER);
    }
}
