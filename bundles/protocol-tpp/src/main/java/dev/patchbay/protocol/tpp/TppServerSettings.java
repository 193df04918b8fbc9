package dev.patchbay.protocol.tpp;

import dev.patchbay.api.transport.EndpointSpec;
import java.time.Duration;
import java.util.Objects;

/**
 * How a TPP server listens and protects itself.
 *
 * @param endpoint          address, port and TLS
 * @param maxFrameBytes     largest request accepted; larger ones get code 1 and a close
 * @param requestTimeout    time from connect until the whole request must have arrived
 * @param idleTimeout       a connection with no traffic either way for this long is closed;
 *                          also the longest a reply frame may wait for a slow client
 * @param workerThreads     threads that verify tokens and run action handlers
 * @param maxQueuedRequests requests waiting for a worker before new ones are refused as busy
 */
public record TppServerSettings(EndpointSpec endpoint, int maxFrameBytes, Duration requestTimeout,
                                Duration idleTimeout, int workerThreads, int maxQueuedRequests) {

    public static final int DEFAULT_PORT = 7111;

    public TppServerSettings {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxFrameBytes < 1 || workerThreads < 1 || maxQueuedRequests < 1) {
            throw new IllegalArgumentException("maxFrameBytes, workerThreads and maxQueuedRequests must be positive");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Defaults for everything but the endpoint. */
    public static TppServerSettings of(EndpointSpec endpoint) {
        return new TppServerSettings(endpoint, 1 << 20, Duration.ofSeconds(10), Duration.ofMinutes(5),
                Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), 10_000);
    }
}
