package dev.patchbay.transport.netty;

import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TrafficStats;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A bound server channel and the connections it accepted. */
final class NettyEndpoint implements Endpoint {

    private static final Logger LOG = LoggerFactory.getLogger(NettyEndpoint.class);

    private final EndpointSpec spec;
    private final Channel serverChannel;
    private final ChannelGroup connections;
    private final ByteCounter counter;
    private final ConnectionCaps caps;
    private final Runnable onClose;

    NettyEndpoint(EndpointSpec spec, Channel serverChannel, ChannelGroup connections, ByteCounter counter,
                  ConnectionCaps caps, Runnable onClose) {
        this.spec = spec;
        this.serverChannel = serverChannel;
        this.connections = connections;
        this.counter = counter;
        this.caps = caps;
        this.onClose = onClose;
    }

    @Override
    public TrafficStats stats() {
        long queued = 0;
        for (Channel connection : connections) {
            queued += OutboundBackpressure.queuedBytes(connection);
        }
        return new TrafficStats(connections.size(), counter.accepted.sum(), counter.read.sum(), counter.written.sum(),
                caps.refused(), queued);
    }

    @Override
    public EndpointSpec spec() {
        return spec;
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    @Override
    public int openConnections() {
        return connections.size();
    }

    @Override
    public void close() {
        if (!serverChannel.isOpen() && connections.isEmpty()) {
            return;
        }
        InetSocketAddress address = localAddress();
        serverChannel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        onClose.run();
        LOG.info("endpoint {} stopped listening on {}", spec.name(), address);
    }

    @Override
    public String toString() {
        return "Endpoint[" + spec.name() + " on " + serverChannel.localAddress() + (spec.isTls() ? ", TLS" : "") + "]";
    }
}
