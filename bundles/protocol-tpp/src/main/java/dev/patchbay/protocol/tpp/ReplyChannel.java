package dev.patchbay.protocol.tpp;

import dev.patchbay.api.tpp.TppReply;

/** Where the reply frames of one request go: the client connection, or a list in unit tests. */
public interface ReplyChannel {

    String connectionId();

    String remoteAddress();

    /**
     * Writes one frame and waits until it left, so that a streaming handler is held to the
     * client's pace.
     *
     * @throws java.io.UncheckedIOException if the connection is gone or the write timed out
     */
    void send(TppReply reply);

    /** Writes a last frame, then closes the connection; does not wait. */
    void sendAndClose(TppReply reply);

    void close();
}
