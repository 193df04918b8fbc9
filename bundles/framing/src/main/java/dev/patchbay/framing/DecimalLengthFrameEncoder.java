package dev.patchbay.framing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Prefixes each outbound payload with its byte count in ASCII decimal and an LF, as the
 * reference writer does (no leading zeros, no whitespace). The payload is passed on without
 * copying.
 */
@Sharable
public final class DecimalLengthFrameEncoder extends MessageToMessageEncoder<ByteBuf> {

    public static final DecimalLengthFrameEncoder INSTANCE = new DecimalLengthFrameEncoder();

    private DecimalLengthFrameEncoder() {
        super(ByteBuf.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf payload, List<Object> out) {
        String prefix = payload.readableBytes() + "\n";
        ByteBuf header = ctx.alloc().buffer(prefix.length());
        ByteBufUtil.writeAscii(header, prefix);
        out.add(header);
        out.add(payload.retain());
    }
}
