package dev.patchbay.protocol.tpp;

import dev.patchbay.api.tpp.TppReply;
import dev.patchbay.json.PythonJson;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reply frames of one request, written to its Netty channel from a worker thread. */
final class ChannelReplies implements ReplyChannel {

    private final Channel channel;
    private final Duration writeTimeout;

    ChannelReplies(Channel channel, Duration writeTimeout) {
        this.channel = channel;
        this.writeTimeout = writeTimeout;
    }

    @Override
    public String connectionId() {
        return channel.id().asShortText();
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public void send(TppReply reply) {
        ChannelFuture written = channel.writeAndFlush(Unpooled.wrappedBuffer(encode(reply)));
        if (channel.eventLoop().inEventLoop()) {
            // A non-blocking handler on the I/O thread: waiting here would wait forever.
            return;
        }
        if (!written.awaitUninterruptibly(writeTimeout.toMillis())) {
            channel.close();
            throw new UncheckedIOException(new IOException("client did not take a reply frame within " + writeTimeout.toSeconds() + " s"));
        }
        if (!written.isSuccess()) {
            throw new UncheckedIOException(new IOException("cannot write to the client: " + written.cause().getMessage(), written.cause()));
        }
    }

    @Override
    public void sendAndClose(TppReply reply) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(encode(reply))).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        channel.close();
    }

    /** {@code {"code": ..., "body": ...}} in this key order, as the reference writes it. */
    static byte[] encode(TppReply reply) {
        Map<String, Object> frame = new LinkedHashMap<>(4);
        frame.put("code", reply.code());
        frame.put("body", reply.body());
        return PythonJson.encode(frame);
    }
}
