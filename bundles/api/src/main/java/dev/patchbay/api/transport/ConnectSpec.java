package dev.patchbay.api.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect.
 *
 * @param name           connection name used in logs and throttle configuration
 * @param host           remote host
 * @param port           remote port
 * @param tls            TLS settings (trust store, optional client certificate), or {@code null}
 * @param connectTimeout how long to wait for the TCP connection (and TLS handshake)
 */
public record ConnectSpec(String name, String host, int port, TlsSettings tls, Duration connectTimeout) {

    public ConnectSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1..65535");
        }
    }

    public boolean isTls() {
        return tls != null;
    }
}
