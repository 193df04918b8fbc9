package dev.patchbay.protocol.tpp;

import dev.patchbay.api.tpp.TppReply;
import java.util.ArrayList;
import java.util.List;

/** Collects reply frames as the bytes the server would write. */
final class RecordingReplies implements ReplyChannel {
    final List<byte[]> frames = new ArrayList<>();
    boolean closed;

    @Override
    public String connectionId() {
        return "test";
    }

    @Override
    public String remoteAddress() {
        return "127.0.0.1:1";
    }

    @Override
    public void send(TppReply reply) {
        frames.add(ChannelReplies.encode(reply));
    }

    @Override
    public void sendAndClose(TppReply reply) {
        send(reply);
        close();
    }

    @Override
    public void close() {
        closed = true;
    }
}
