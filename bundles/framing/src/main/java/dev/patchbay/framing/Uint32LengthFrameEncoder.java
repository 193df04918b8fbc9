package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes each outbound {@link ByteBuf} as one packet: its length as a 4-byte big-endian
 * unsigned integer, then the bytes. Header and body go out in one buffer, so a burst of small
 * packets costs one copy each and no extra writes.
 */
@ChannelHandler.Sharable
public final class Uint32LengthFrameEncoder extends MessageToByteEncoder<ByteBuf> {

    public static final Uint32LengthFrameEncoder INSTANCE = new Uint32LengthFrameEncoder();

    private Uint32LengthFrameEncoder() {
        super(ByteBuf.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ByteBuf msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(Uint32LengthFrameDecoder.HEADER_BYTES + msg.readableBytes());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
        out.writeInt(msg.readableBytes());
        out.writeBytes(msg, msg.readerIndex(), msg.readableBytes());
    }
}
