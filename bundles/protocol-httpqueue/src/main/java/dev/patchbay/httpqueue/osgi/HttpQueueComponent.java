package dev.patchbay.httpqueue.osgi;

import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.LatencySource;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.httpqueue.HttpQueueServer;
import dev.patchbay.httpqueue.HttpQueueService;
import dev.patchbay.httpqueue.StoreSwitch;
import dev.patchbay.support.ConfigChanges;
import dev.patchbay.support.TlsConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP queue. The store is followed live: changing {@code store.target} (say from
 * SQLite to PostgreSQL) sends new requests to the new store and moves every message of the old
 * one over, without closing the listener. The token authenticator is followed live too.
 */
@Component(immediate = true, service = {LatencySource.class, MetricSource.class}, configurationPid = HttpQueueComponent.PID,
           configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HttpQueueComponent.Config.class)
public final class HttpQueueComponent implements LatencySource, MetricSource {

    public static final String PID = "dev.patchbay.protocol.httpqueue";
    private static final Logger LOG = LoggerFactory.getLogger(HttpQueueComponent.class);

    @ObjectClassDefinition(name = "Patchbay HTTP queue (scirocco)")
    public @interface Config {
        @AttributeDefinition(description = "Endpoint name used in logs, metrics and throttle settings")
        String name() default "http-queue";

        @AttributeDefinition(description = "Address to bind")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "TCP port (scirocco-server's default is 8000); 0 picks a free one")
        int port() default 8000;

        @AttributeDefinition(description = "Largest JSON body in bytes")
        int max_json_bytes() default 100 << 10;

        @AttributeDefinition(description = "Largest text body in bytes")
        int max_text_bytes() default 100 << 10;

        @AttributeDefinition(description = "Largest binary body in bytes")
        int max_binary_bytes() default 1000 << 10;

        @AttributeDefinition(description = "Most messages GET /messages returns")
        int list_cap() default 100;

        @AttributeDefinition(description = "Seconds a pulled message may stay unacknowledged before it is pending again")
        long visibility_timeout_seconds() default 300;

        @AttributeDefinition(description = "Pulls without an ack after which a message is dead (never delivered again)")
        int max_tries() default 5;

        @AttributeDefinition(description = "Threads running requests against the store")
        int worker_threads() default 16;

        @AttributeDefinition(description = "Close connections idle this many seconds")
        long idle_timeout_seconds() default 60;

        @AttributeDefinition(required = false, description = "Node ids a token may act as: principal=node node ... "
                + "(the token authenticator names its Nth hash token#N); tokens not listed may act as any node")
        String[] token_node_ids() default {};

        @AttributeDefinition(description = "Serve HTTPS")
        boolean tls_enabled() default false;

        @AttributeDefinition(description = "PEM certificate chain (TLS)")
        String tls_certificate() default "";

        @AttributeDefinition(description = "PEM PKCS#8 private key (TLS)")
        String tls_private_key() default "";

        @AttributeDefinition(description = "Password of an encrypted private key", type = AttributeType.PASSWORD)
        String _tls_private_key_password() default "";

        @AttributeDefinition(required = false, description = "LDAP filter selecting the QueueStore; default (patchbay.store=sqlite)")
        String store_target();
    }

    private final StoreSwitch stores = new StoreSwitch();
    private final Transport transport;
    private volatile HttpQueueServer server;
    private Config listening;
    private Map<String, Object> listeningProperties;
    private TlsSettings listeningTls;

    @Reference(name = "authenticator", target = "(patchbay.auth=token)",
               policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Activate
    public HttpQueueComponent(Config config, Map<String, Object> properties, @Reference(name = "transport") Transport transport) {
        this.transport = transport;
        this.listening = config;
        this.listeningProperties = properties;
    }

    /**
     * Runs after SCR bound the dynamic references (the store, the authenticator): a listener
     * opened in the constructor took requests it could only answer "no queue store is available".
     */
    @Activate
    synchronized void activate() {
        start(listening, listeningProperties);
    }

    /**
     * A new {@code store.target} is applied by SCR through the store reference (a live switch,
     * the listener stays up); any other change restarts the listener.
     */
    @Modified
    synchronized void modified(Config config, Map<String, Object> properties) {
        // tls.trusted and tls.client.auth are read by TlsConfig without being declared here
        if (ConfigChanges.differ(Config.class, listening, config, Set.of("store_target"))
                || !Objects.equals(listeningTls, TlsConfig.listener(properties))) {
            server.close();
            start(config, properties);
        }
    }

    /**
     * {@code principal=node node ...} entries ({@code token#2=af123 bf456}); a .cfg file gives
     * them as one comma-separated string.
     */
    static Map<String, Set<String>> nodesByPrincipal(String[] entries) {
        Map<String, Set<String>> nodes = new LinkedHashMap<>();
        for (String entry : String.join(",", entries).split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("token.node.ids entry '" + entry.trim() + "' is not principal=node node ...");
            }
            Set<String> ids = new LinkedHashSet<>(Arrays.asList(entry.substring(equals + 1).trim().split("\\s+")));
            ids.remove("");
            nodes.put(entry.substring(0, equals).trim(), ids);
        }
        return nodes;
    }

    private void start(Config config, Map<String, Object> properties) {
        server = new HttpQueueServer(transport, stores, () -> authenticator,
                new HttpQueueService.Settings(config.max_json_bytes(), config.max_text_bytes(), config.max_binary_bytes(),
                        config.list_cap(), nodesByPrincipal(config.token_node_ids())),
                config.worker_threads(), Duration.ofSeconds(config.visibility_timeout_seconds()), config.max_tries(),
                Duration.ofSeconds(config.idle_timeout_seconds()));
        listeningTls = TlsConfig.listener(properties);
        server.listen(new EndpointSpec(config.name(), config.host(), config.port(), listeningTls));
        listening = config;
        LOG.info("HTTP queue '{}' on {}:{}", config.name(), config.host(), server.endpoints().get(0).localAddress().getPort());
    }

    // Dynamic and greedy: a new store.target (or a better-ranked store) switches stores live.
    @Reference(name = "store", target = "(patchbay.store=sqlite)", policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(QueueStore store) {
        int moved = stores.use(store);
        LOG.info("HTTP queue uses {}{}", store, moved > 0 ? " (" + moved + " message(s) moved from the previous store)" : "");
    }

    void unbindStore(QueueStore store) {
        stores.forget(store);
    }

    /** The metrics bundle reads answer times through this service. */
    @Override
    public List<LatencyHistogram> latencies() {
        return server.latencies();
    }

    @Override
    public synchronized List<MetricValue> metrics() {
        return server.answerCounts(listening.name());
    }

    @Deactivate
    synchronized void deactivate() {
        server.close();
    }
}
