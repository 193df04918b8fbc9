package dev.patchbay.cluster.nats;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How this bundle connects to NATS: named, reconnecting forever every second, events logged. */
final class NatsConnections {

    private static final Logger LOG = LoggerFactory.getLogger(NatsConnections.class);

    private NatsConnections() {
    }

    /** Connects (trying again in the background if no server answers yet). */
    static Connection connect(List<String> servers, String name) throws InterruptedException {
        Options options = new Options.Builder()
                .servers(servers.toArray(new String[0]))
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionListener((conn, event) -> LOG.info("NATS ({}): {}", name, event))
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        LOG.warn("NATS ({}): {}", name, error);
                    }
                })
                .build();
        try {
            return Nats.connectReconnectOnConnect(options);
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to NATS at " + servers + ": " + e.getMessage(), e);
        }
    }
}
