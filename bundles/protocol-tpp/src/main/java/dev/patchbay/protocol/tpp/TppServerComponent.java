package dev.patchbay.protocol.tpp;

import dev.patchbay.api.auth.Authenticator;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.tpp.TppActionHandler;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.support.TlsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A TPP listener per configuration ({@code dev.patchbay.protocol.tpp} for one, factory
 * configurations {@code dev.patchbay.protocol.tpp~name} for several). Action handlers are
 * picked up from the whiteboard as they come and go; the authenticator can be replaced at
 * runtime without closing the listener.
 */
@Component(immediate = true, configurationPid = TppServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
           service = MetricSource.class)
@Designate(ocd = TppServerComponent.Config.class, factory = true)
public final class TppServerComponent implements MetricSource {

    public static final String PID = "dev.patchbay.protocol.tpp";

    @ObjectClassDefinition(name = "Patchbay TPP listener")
    public @interface Config {
        @AttributeDefinition(description = "Endpoint name used in logs and throttle settings")
        String name() default "tpp";

        @AttributeDefinition(description = "Address to bind")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "TCP port; 0 picks a free one")
        int port() default TppServerSettings.DEFAULT_PORT;

        @AttributeDefinition(description = "Largest request frame in bytes; larger ones get code 1 and a close")
        int max_frame_bytes() default 1 << 20;

        @AttributeDefinition(description = "Milliseconds from connect until the whole request must have arrived")
        long request_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Seconds without traffic after which a connection is closed")
        long idle_timeout_seconds() default 300;

        @AttributeDefinition(description = "Threads verifying tokens and running actions; 0 = 2 x cores (at least 4)")
        int worker_threads() default 0;

        @AttributeDefinition(description = "Requests waiting for a worker before new ones are answered 'server busy'")
        int max_queued_requests() default 10_000;

        @AttributeDefinition(description = "Serve TLS instead of plain TCP")
        boolean tls_enabled() default false;

        @AttributeDefinition(description = "PEM certificate chain (TLS)")
        String tls_certificate() default "";

        @AttributeDefinition(description = "PEM PKCS#8 private key (TLS)")
        String tls_private_key() default "";

        @AttributeDefinition(description = "Password of an encrypted private key", type = AttributeType.PASSWORD)
        String _tls_private_key_password() default "";

        @AttributeDefinition(required = false,
                description = "LDAP filter selecting the Authenticator service; default (patchbay.auth=token)")
        String authenticator_target();

        @AttributeDefinition(required = false,
                description = "LDAP filter selecting the Framing service; default (patchbay.framing=decimal-length-line)")
        String framing_target();
    }

    private final TppActionRegistry actions = new TppActionRegistry();
    private final TppServerSettings settings;
    private final Transport transport;
    private final Framing framing;
    private volatile TppServer server;

    // Dynamic: replacing the authenticator (another bundle, new settings) keeps the listener up.
    @Reference(name = "authenticator", target = "(patchbay.auth=token)",
               policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile Authenticator authenticator;

    @Activate
    public TppServerComponent(Config config, Map<String, Object> properties, @Reference(name = "transport") Transport transport,
                              @Reference(name = "framing", target = "(patchbay.framing=decimal-length-line)") Framing framing) {
        this.settings = settings(config, properties);
        this.transport = transport;
        this.framing = framing;
    }

    /**
     * Runs after SCR bound the dynamic references (the authenticator, the actions): a listener
     * opened in the constructor took requests it could only answer "no authenticator available".
     */
    @Activate
    void activate() {
        server = new TppServer(settings, transport, framing, () -> authenticator, actions);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addAction(TppActionHandler handler, Map<String, Object> properties) {
        boolean blocking = !"false".equals(String.valueOf(properties.get(TppActionHandler.BLOCKING_PROPERTY)));
        actionNames(properties).forEach(action -> actions.add(action, handler, blocking));
    }

    void removeAction(TppActionHandler handler, Map<String, Object> properties) {
        actionNames(properties).forEach(action -> actions.remove(action, handler));
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    /** This listener's requests by action and code. */
    @Override
    public List<MetricValue> metrics() {
        return server.requestCounts().metrics(server.endpoint().spec().name());
    }

    private static List<String> actionNames(Map<String, Object> properties) {
        Object value = properties.get(TppActionHandler.ACTION_PROPERTY);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof String[] many) {
            return List.of(many);
        }
        return List.of();
    }

    /** @param properties the component's, for the TLS settings ({@link TlsConfig}) */
    static TppServerSettings settings(Config config, Map<String, ?> properties) {
        TlsSettings tls = TlsConfig.listener(properties);
        int workers = config.worker_threads() > 0 ? config.worker_threads()
                : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        return new TppServerSettings(new EndpointSpec(config.name(), config.host(), config.port(), tls),
                config.max_frame_bytes(), Duration.ofMillis(config.request_timeout_ms()),
                Duration.ofSeconds(config.idle_timeout_seconds()), workers, config.max_queued_requests());
    }
}
