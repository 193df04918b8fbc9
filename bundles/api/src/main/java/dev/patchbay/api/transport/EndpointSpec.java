package dev.patchbay.api.transport;

import java.util.Objects;

/**
 * Where and how to listen.
 *
 * @param name endpoint name used in logs, metrics and throttle configuration
 * @param host address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port TCP port; {@code 0} picks a free one
 * @param tls  TLS settings, or {@code null} for plain TCP
 */
public record EndpointSpec(String name, String host, int port, TlsSettings tls) {

    public EndpointSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    public boolean isTls() {
        return tls != null;
    }
}
