package dev.patchbay.nucos.osgi;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.TlsSettings;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.NucosCallback;
import dev.patchbay.nucos.NucosServer;
import dev.patchbay.nucos.SlowSubscriberPolicy;
import dev.patchbay.support.TlsConfig;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's nucosMQ server. Rooms live in the {@link Broker} service; logins are checked by the
 * highest-ranked {@link ChallengeAuthenticator} with {@code patchbay.auth=challenge}, followed
 * live (a bundle registering a better-ranked one takes over for the next login, and its
 * departure hands back to the default). {@link NucosCallback} services receive client events,
 * filtered by their {@code patchbay.nucos.event} / {@code patchbay.nucos.room} properties. The
 * server is registered as a {@link NucosServer} service for other bundles to publish with.
 */
// Registered by hand (it is not the component object), so bnd cannot see it; resolvers such as
// Karaf's need the capability.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.nucos.NucosServer\"")
@Component(immediate = true, configurationPid = NucosServerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NucosServerComponent.Config.class)
public final class NucosServerComponent implements MetricSource {

    public static final String PID = "dev.patchbay.protocol.nucos";
    /** nucosMQ has no standard port; its tests use 4000-4100 and snakeMQ's examples take 4000. */
    public static final int DEFAULT_PORT = 4100;

    private static final Logger LOG = LoggerFactory.getLogger(NucosServerComponent.class);

    @ObjectClassDefinition(name = "Patchbay nucosMQ server")
    public @interface Config {
        @AttributeDefinition(description = "Endpoint name used in logs, metrics and throttle settings")
        String name() default "nucos";

        @AttributeDefinition(description = "Address to bind")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "TCP port; 0 picks a free one")
        int port() default DEFAULT_PORT;

        @AttributeDefinition(description = "Clients must log in (challenge-response); false: everyone is 'anonymous'")
        boolean authentication() default true;

        @AttributeDefinition(description = "Largest frame in bytes; a larger one closes the connection")
        int max_frame_bytes() default 1 << 20;

        @AttributeDefinition(description = "Milliseconds the server waits for each login answer")
        long login_timeout_ms() default 5000;

        @AttributeDefinition(description = "Close a connection silent for this many seconds; 0 = never")
        long idle_timeout_seconds() default 300;

        @AttributeDefinition(description = "Bytes queued for a slow reader before the slow-subscriber policy applies")
        long outbox_bytes() default 8L << 20;

        @AttributeDefinition(description = "disconnect (close the slow reader) or drop (drop what does not fit)")
        String slow_subscriber() default "disconnect";

        @AttributeDefinition(description = "Connections still logging in beyond which new ones are closed at once")
        int max_pending_logins() default 1000;

        @AttributeDefinition(description = "Connections from one IP address still logging in beyond which its new ones are closed")
        int max_pending_logins_per_address() default 16;

        @AttributeDefinition(description = "Rooms one connection may be a member of at once")
        int max_rooms_per_connection() default 1000;

        @AttributeDefinition(description = "Name the publisher in relayed frames (\"from\"; Python clients ignore it)")
        boolean relay_sender() default false;

        @AttributeDefinition(description = "Serve TLS instead of plain TCP (Python nucosMQ clients cannot)")
        boolean tls_enabled() default false;

        @AttributeDefinition(description = "PEM certificate chain (TLS)")
        String tls_certificate() default "";

        @AttributeDefinition(description = "PEM PKCS#8 private key (TLS)")
        String tls_private_key() default "";

        @AttributeDefinition(description = "Password of an encrypted private key", type = AttributeType.PASSWORD)
        String _tls_private_key_password() default "";
    }

    private final Transport transport;
    private final Framing framing;
    private final Broker broker;
    private final CallbackWhiteboard callbacks = new CallbackWhiteboard();
    private volatile ChallengeAuthenticator authenticator;
    private volatile NucosServer server;
    private volatile String endpointName;
    private ServiceRegistration<NucosServer> registration;

    @Activate
    public NucosServerComponent(@Reference(name = "transport") Transport transport,
                                @Reference(name = "framing", target = "(patchbay.framing=eom-delimiter)") Framing framing,
                                @Reference(name = "broker") Broker broker) {
        this.transport = transport;
        this.framing = framing;
        this.broker = broker;
    }

    @Activate
    synchronized void activate(Config config, Map<String, Object> properties, BundleContext context) {
        TlsSettings tls = TlsConfig.listener(properties);
        server = NucosServer.builder().transport(transport).framing(framing).broker(broker)
                .authenticator(authenticator).authenticationRequired(config.authentication())
                .maxFrameBytes(config.max_frame_bytes()).loginTimeout(Duration.ofMillis(config.login_timeout_ms()))
                .idleTimeout(Duration.ofSeconds(config.idle_timeout_seconds())).outboxBytes(config.outbox_bytes())
                .slowSubscriberPolicy(SlowSubscriberPolicy.valueOf(config.slow_subscriber().trim().toUpperCase(Locale.ROOT)))
                .maxPendingLogins(config.max_pending_logins())
                .maxPendingLoginsPerAddress(config.max_pending_logins_per_address())
                .maxRoomsPerConnection(config.max_rooms_per_connection()).relaySender(config.relay_sender())
                .build();
        NucosServer built = server;
        callbacks.attach((callback, callbackProperties) -> {
            Object room = callbackProperties.get(NucosCallback.ROOM_PROPERTY);
            Object event = callbackProperties.get(NucosCallback.EVENT_PROPERTY);
            return built.on(room == null ? null : room.toString(), event == null ? null : event.toString(), callback);
        });
        try {
            server.listen(new EndpointSpec(config.name(), config.host(), config.port(), tls));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        registration = context.registerService(NucosServer.class, server, new Hashtable<>(Map.of("patchbay.endpoint", config.name())));
        endpointName = config.name();
        LOG.info("nucosMQ server '{}' on {}:{} (login {})", config.name(), config.host(), server.endpoints().get(0).localAddress().getPort(),
                config.authentication() ? "required" : "off");
    }

    /** The server's counters, for the metrics bundle (this component is a {@link MetricSource}). */
    @Override
    public List<MetricValue> metrics() {
        NucosServer current = server;
        String name = endpointName;
        if (current == null || name == null) {
            return List.of();
        }
        NucosServer.Stats stats = current.stats();
        Map<String, String> labels = Map.of("endpoint", name);
        return List.of(
                MetricValue.gauge("patchbay_nucos_clients", "Clients connected now", labels, current.clients().size()),
                MetricValue.counter("patchbay_nucos_messages_in_total",
                        "Events and room publishes clients sent after their login", labels, stats.messagesIn()),
                MetricValue.counter("patchbay_nucos_refused_publishes_total",
                        "Publishes refused (not a member of the room)", labels, stats.refusedPublishes()),
                MetricValue.counter("patchbay_nucos_refused_joins_total",
                        "Joins refused (another user's private room, too many rooms)", labels, stats.refusedJoins()),
                MetricValue.counter("patchbay_nucos_failed_logins_total", "Logins that failed", labels, stats.failedLogins()),
                MetricValue.counter("patchbay_nucos_bad_frames_total", "Frames that could not be read", labels, stats.badFrames()),
                MetricValue.counter("patchbay_nucos_slow_disconnects_total",
                        "Clients disconnected for reading too slowly", labels, stats.slowDisconnects()));
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        callbacks.detach();
        server.close();
    }

    // Dynamic and greedy: a better-ranked authenticator registered later takes over at once.
    @Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, target = "(patchbay.auth=challenge)")
    void bindAuthenticator(ChallengeAuthenticator bound) {
        authenticator = bound;
        NucosServer current = currentServer();
        if (current != null) {
            current.setAuthenticator(bound);
        }
        LOG.info("nucosMQ logins are checked by {}", bound.getClass().getName());
    }

    void unbindAuthenticator(ChallengeAuthenticator unbound) {
        if (authenticator == unbound) {
            authenticator = null;
            NucosServer current = currentServer();
            if (current != null) {
                current.setAuthenticator(null);
            }
        }
    }

    private synchronized NucosServer currentServer() {
        return server;
    }

    @Reference(name = "callbacks", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
               target = "(!(" + NucosCallback.LINK_PROPERTY + "=*))")
    void addCallback(NucosCallback callback, Map<String, Object> properties) {
        callbacks.add(callback, properties);
    }

    void removeCallback(NucosCallback callback) {
        callbacks.remove(callback);
    }
}
