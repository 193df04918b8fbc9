package dev.patchbay.api.transport;

import io.netty.channel.Channel;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Opens listeners and outgoing connections. For each connection the transport installs TLS
 * (when configured) and bandwidth shaping (when a throttle asks for it), then hands the channel
 * to the caller's {@link ChannelSetup} to add framing and protocol handlers.
 */
@ProviderType
public interface Transport {

    /**
     * Binds a listener and returns once it accepts connections.
     *
     * @throws TransportException if the address cannot be bound or the TLS material is unusable
     */
    Endpoint listen(EndpointSpec spec, ChannelSetup setup);

    /**
     * Connects to a remote listener. The stage completes with the active channel (after the TLS
     * handshake when TLS is configured) or fails with a {@link TransportException}.
     */
    CompletionStage<Channel> connect(ConnectSpec spec, ChannelSetup setup);

    /** The listeners open now, for operations (shell commands, metrics). */
    Collection<Endpoint> endpoints();
}
