package dev.patchbay.api.transport;

import java.net.InetSocketAddress;
import org.osgi.annotation.versioning.ProviderType;

/** A bound listener. */
@ProviderType
public interface Endpoint extends AutoCloseable {

    EndpointSpec spec();

    /** The bound address; its port is the real one when the spec asked for port 0. */
    InetSocketAddress localAddress();

    /** Connections accepted by this listener that are still open. */
    int openConnections();

    /** Connection and byte counters since the endpoint opened. */
    TrafficStats stats();

    /** Stops accepting, closes the open connections and waits until the port is released. */
    @Override
    void close();
}
