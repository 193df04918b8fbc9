package dev.patchbay.api.tpp;

import org.osgi.annotation.versioning.ProviderType;

/** Sends intermediate reply frames of one request while its handler runs. */
@ProviderType
public interface TppReplyStream {

    /**
     * Writes one frame now. Blocks while the client is slower than the handler, so a streaming
     * handler cannot fill the server's memory.
     *
     * @throws java.io.UncheckedIOException if the client has gone away
     */
    void send(TppReply reply);
}
