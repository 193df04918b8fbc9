package dev.patchbay.snakemq.osgi;

import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.peer.PeerRouter;
import dev.patchbay.api.peer.PeerStats;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.snakemq.SnakeMqMetrics;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.support.ConfigChanges;
import dev.patchbay.support.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's snakeMQ peer: listens (and connects) as configured, keeps persistent messages in
 * the selected {@link MessageStore}, hands every event to the {@link PeerListener} services, and
 * is the node's {@link PeerMessaging} service for other bundles to send with (its service
 * properties include the configuration's {@code identity}) and a {@link MetricSource}.
 *
 * <p>The store is followed live: when it changes (another store bundle, or a new
 * {@code store.target}), the queued persistent messages move to the new one. Other settings
 * restart the peer; persistent messages are reloaded from the store.
 */
@Component(immediate = true, configurationPid = SnakeMqPeerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
           service = {PeerMessaging.class, MetricSource.class},
           property = "identity=" + SnakeMqPeerComponent.DEFAULT_IDENTITY)
@Designate(ocd = SnakeMqPeerComponent.Config.class)
public final class SnakeMqPeerComponent implements PeerMessaging, MetricSource {

    public static final String PID = "dev.patchbay.protocol.snakemq";
    /** snakeMQ has no standard port; its examples use 4000. */
    public static final int DEFAULT_PORT = 4000;
    public static final String DEFAULT_IDENTITY = "patchbay";

    private static final Logger LOG = LoggerFactory.getLogger(SnakeMqPeerComponent.class);

    @ObjectClassDefinition(name = "Patchbay snakeMQ peer")
    public @interface Config {
        @AttributeDefinition(description = "Our identity (at most 50 characters are sent)")
        String identity() default DEFAULT_IDENTITY;

        @AttributeDefinition(description = "Address to listen on; empty: do not listen")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "Port to listen on; 0 picks a free one")
        int port() default DEFAULT_PORT;

        @AttributeDefinition(required = false, description = "Peers to connect to, as host:port (comma separated)")
        String[] connectors() default {};

        @AttributeDefinition(description = "Milliseconds between connection attempts of a connector")
        long reconnect_interval_ms() default 3000;

        @AttributeDefinition(description = "Largest packet accepted, in bytes")
        int max_packet_bytes() default 16 << 20;

        @AttributeDefinition(description = "Acknowledged delivery with other Patchbay peers")
        boolean acknowledgements() default false;

        @AttributeDefinition(description = "Most messages queued per destination")
        int max_queued_messages() default 1_000_000;

        @AttributeDefinition(description = "Ping a silent connection after this many ms; 0 = off")
        long keepalive_interval_ms() default 60_000;

        @AttributeDefinition(description = "Close if the ping is not answered within this many ms")
        long keepalive_wait_ms() default 10_000;

        @AttributeDefinition(description = "Close a connection that has not identified itself within this many ms")
        long identification_timeout_ms() default 5_000;

        @AttributeDefinition(description = "Most identities with a queue at once (connected, or away with messages waiting)")
        int max_identities() default 10_000;

        @AttributeDefinition(description = "Milliseconds non-persistent messages wait for an identity that is away")
        long transient_retention_ms() default 600_000;

        @AttributeDefinition(description = "TLS on the listener")
        boolean tls_enabled() default false;

        @AttributeDefinition(description = "TLS on the connectors")
        boolean connector_tls_enabled() default false;

        @AttributeDefinition(description = "PEM certificate chain (listener; connectors present it as client certificate)")
        String tls_certificate() default "";

        @AttributeDefinition(description = "PEM PKCS#8 private key")
        String tls_private_key() default "";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Password of an encrypted key")
        String _tls_private_key_password() default "";

        @AttributeDefinition(description = "PEM CA certificates that peers' certificates must chain to; "
                + "empty: connectors accept any server (snakeMQ's default) and the listener asks for none")
        String tls_trusted() default "";

        @AttributeDefinition(description = "Listener: none, optional or require a client certificate")
        String tls_client_auth() default "none";

        @AttributeDefinition(description = "Listener with tls.client.auth=require: a peer may only announce an identity "
                + "its certificate names (subject CN or a subject alternative name)")
        boolean tls_bind_identity() default false;

        @AttributeDefinition(description = "Connectors with tls.trusted check that the server's certificate names the host they connect to")
        boolean connector_tls_verify_hostname() default true;

        @AttributeDefinition(required = false, description = "LDAP filter selecting the MessageStore")
        String store_target();
    }

    private final Transport transport;
    private final Framing framing;
    private volatile MessageStore store;
    private volatile Config config;
    /** The same configuration as a map, for the TLS settings ({@link TlsConfig}). */
    private volatile Map<String, Object> properties;
    private volatile SnakeMqPeer peer;
    private volatile PeerRouter router;
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public SnakeMqPeerComponent(Config config, Map<String, Object> properties,
                                @Reference(name = "transport") Transport transport,
                                @Reference(name = "framing", target = "(patchbay.framing=uint32-length)") Framing framing) {
        this.transport = transport;
        this.framing = framing;
        this.config = config;
        this.properties = properties;
    }

    /**
     * Runs after SCR bound the dynamic references, so the peer starts with its store (and loads
     * the queued messages) before its service becomes visible.
     */
    @Activate
    void activate() {
        start();
    }

    private synchronized void start() {
        Config c = config;
        Map<String, Object> p = properties;
        SnakeMqPeer.Builder builder = SnakeMqPeer.builder(c.identity())
                .transport(transport).framing(framing).store(store)
                .maxPacketBytes(c.max_packet_bytes())
                .acknowledgements(c.acknowledgements())
                .maxQueuedMessages(c.max_queued_messages())
                .identificationTimeout(Duration.ofMillis(c.identification_timeout_ms()))
                .maxIdentities(c.max_identities())
                .transientRetention(Duration.ofMillis(c.transient_retention_ms()))
                .identitiesBoundToCertificates(c.tls_bind_identity());
        if (c.tls_bind_identity() && (!c.tls_enabled() || !c.tls_client_auth().trim().equalsIgnoreCase("require"))) {
            throw new IllegalArgumentException("tls.bind.identity needs tls.enabled = true and tls.client.auth = require: "
                    + "without a required client certificate there is nothing to bind an identity to");
        }
        if (c.keepalive_interval_ms() > 0) {
            builder.keepalive(Duration.ofMillis(c.keepalive_interval_ms()), Duration.ofMillis(c.keepalive_wait_ms()));
        }
        SnakeMqPeer started = builder.build();
        listeners.forEach(started::addListener);
        started.setRouter(router);
        try {
            if (!c.host().isBlank()) {
                started.listen(new EndpointSpec("snakemq", c.host(), c.port(), TlsConfig.listener(p)));
            }
            for (String target : c.connectors()) {
                if (!target.isBlank()) {
                    started.connect(connectSpec(target.trim(), p), Duration.ofMillis(c.reconnect_interval_ms()));
                }
            }
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        peer = started;
    }

    private synchronized void stop() {
        if (peer != null) {
            peer.close();
            peer = null;
        }
    }

    @Modified
    void modified(Config changed, Map<String, Object> changedProperties) {
        synchronized (this) {
            boolean restart = ConfigChanges.differ(Config.class, config, changed, Set.of("store_target"));
            config = changed;
            properties = changedProperties;
            if (!restart) {
                // Only store.target changed: SCR rebinds the store reference, and the peer moves
                // its queued messages over without dropping a connection.
                return;
            }
            LOG.info("snakeMQ peer configuration changed; restarting the peer");
            stop();
            start();
        }
    }

    @Deactivate
    void deactivate() {
        stop();
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, target = "(patchbay.store=sqlite)")
    void bindStore(MessageStore newStore) {
        store = newStore;
        SnakeMqPeer current = peer;
        if (current != null) {
            current.useStore(newStore);
        }
    }

    void unbindStore(MessageStore oldStore) {
        if (store == oldStore) {
            store = null;
        }
        SnakeMqPeer current = peer;
        if (current != null) {
            current.storeGone(oldStore);
        }
    }

    // --- PeerMessaging, on the peer of the moment (a configuration change restarts it)

    private SnakeMqPeer running() {
        SnakeMqPeer current = peer;
        if (current == null) {
            throw new IllegalStateException("the snakeMQ peer is restarting");
        }
        return current;
    }

    @Override
    public String identity() {
        SnakeMqPeer current = peer;
        return current != null ? current.identity() : config.identity(); // the peer's is cut to 50 characters
    }

    @Override
    public CompletionStage<Void> send(String destination, PeerMessage message) {
        return running().send(destination, message);
    }

    @Override
    public CompletionStage<Void> sendHere(String destination, PeerMessage message) {
        return running().sendHere(destination, message);
    }

    // Dynamic and greedy: a deployment's router (cluster-nats) may come and go while the peer runs.
    @Reference(name = "router", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY)
    void bindRouter(PeerRouter bound) {
        router = bound;
        SnakeMqPeer current = peer;
        if (current != null) {
            current.setRouter(bound);
        }
    }

    void unbindRouter(PeerRouter unbound) {
        if (router == unbound) {
            router = null;
            SnakeMqPeer current = peer;
            if (current != null) {
                current.setRouter(null);
            }
        }
    }

    @Override
    public Set<String> connectedPeers() {
        SnakeMqPeer current = peer;
        return current == null ? Set.of() : current.connectedPeers();
    }

    @Override
    public PeerConnection connection(String identity) {
        SnakeMqPeer current = peer;
        return current == null ? null : current.connection(identity);
    }

    @Override
    public int queued(String destination) {
        SnakeMqPeer current = peer;
        return current == null ? 0 : current.queued(destination);
    }

    @Override
    public Map<String, Integer> queueDepths() {
        SnakeMqPeer current = peer;
        return current == null ? Map.of() : current.queueDepths();
    }

    @Override
    public PeerStats stats() {
        SnakeMqPeer current = peer;
        return current == null ? new PeerStats(0, 0, 0, 0) : current.stats();
    }

    @Override
    public List<MetricValue> metrics() {
        SnakeMqPeer current = peer;
        return current == null ? List.of() : SnakeMqMetrics.of(current);
    }

    /**
     * Listener services (the whiteboard) and listeners added through {@link PeerMessaging} alike:
     * kept here, so they stay across restarts of the peer.
     */
    @Override
    @Reference(name = "listener", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(PeerListener listener) {
        listeners.add(listener);
        SnakeMqPeer current = peer;
        if (current != null) {
            current.addListener(listener);
        }
    }

    @Override
    public void removeListener(PeerListener listener) {
        listeners.remove(listener);
        SnakeMqPeer current = peer;
        if (current != null) {
            current.removeListener(listener);
        }
    }

    private static ConnectSpec connectSpec(String target, Map<String, ?> properties) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("connector '" + target + "' is not host:port");
        }
        return new ConnectSpec("snakemq-" + target, target.substring(0, colon),
                Integer.parseInt(target.substring(colon + 1)), TlsConfig.connector(properties), Duration.ofSeconds(10));
    }
}
