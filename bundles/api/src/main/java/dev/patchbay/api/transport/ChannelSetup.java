package dev.patchbay.api.transport;

import io.netty.channel.Channel;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Adds a protocol's handlers to a new connection. Called on the channel's event loop, after the
 * transport's own handlers (TLS, shaping) are in place; add handlers with {@code addLast}.
 */
@ConsumerType
@FunctionalInterface
public interface ChannelSetup {
    void initChannel(Channel channel);
}
