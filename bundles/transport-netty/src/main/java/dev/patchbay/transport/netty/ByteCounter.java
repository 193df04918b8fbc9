package dev.patchbay.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes every connection of one endpoint reads and writes, at the head of the
 * pipeline (wire bytes). Shared by the endpoint's connections; LongAdders keep it cheap on
 * several event loops at once.
 */
@ChannelHandler.Sharable
final class ByteCounter extends ChannelDuplexHandler {

    final LongAdder read = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder accepted = new LongAdder();

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        accepted.increment();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        read.add(size(msg));
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        written.add(size(msg));
        ctx.write(msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf buffer) {
            return buffer.readableBytes();
        }
        if (msg instanceof ByteBufHolder holder) {
            return holder.content().readableBytes();
        }
        return 0;
    }
}
