package dev.patchbay.nucos.osgi;

import dev.patchbay.api.auth.ChallengeAuthenticator;
import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Framing;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.nucos.ChallengeSigners;
import dev.patchbay.nucos.LinkRoomBridge;
import dev.patchbay.nucos.NucosCallback;
import dev.patchbay.nucos.NucosLink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
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
 * A nucosMQ one-to-one link of the node, one per factory configuration
 * ({@code etc/dev.patchbay.protocol.nucos.link-<name>.cfg}): it either binds and waits for a
 * peer (Python {@code NucosLink.connect}) or dials one (Python {@code NucosLink.bind}) and keeps
 * dialing when the link is lost. What the peer sends reaches {@link NucosCallback} services with
 * {@code patchbay.nucos.link=<name>} and, with {@code room} set, is published into that broker
 * room, whose messages go to the peer. The link is registered as a {@link NucosLink} service
 * ({@code patchbay.endpoint=<name>}) for bundles that send over it.
 */
// Registered by hand (the link is made on activation), so bnd cannot see it; resolvers such as
// Karaf's need the capability.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.nucos.NucosLink\"")
@Component(immediate = true, configurationPid = NucosLinkComponent.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NucosLinkComponent.Config.class, factory = true)
public final class NucosLinkComponent implements MetricSource {

    public static final String FACTORY_PID = "dev.patchbay.protocol.nucos.link";
    public static final int DEFAULT_PORT = 4101;

    private static final Logger LOG = LoggerFactory.getLogger(NucosLinkComponent.class);

    @ObjectClassDefinition(name = "Patchbay nucosMQ link", description = "One-to-one nucosMQ link: bind and wait, or dial and keep dialing")
    public @interface Config {
        @AttributeDefinition(description = "Link name used in logs, metrics, callbacks' patchbay.nucos.link and the bridge's sender")
        String name() default "link";

        @AttributeDefinition(description = "bind: listen for one peer at a time; dial: connect to a peer and reconnect when lost")
        String mode() default "bind";

        @AttributeDefinition(description = "bind: address to listen on; dial: the peer's host")
        String host() default "0.0.0.0";

        @AttributeDefinition(description = "bind: TCP port (0 picks a free one); dial: the peer's port")
        int port() default DEFAULT_PORT;

        @AttributeDefinition(description = "bind: the peer must log in, checked by the node's challenge authenticator")
        boolean authentication() default true;

        @AttributeDefinition(description = "dial: the uid to log in as when the peer asks; empty: no login")
        String uid() default "";

        @AttributeDefinition(description = "dial: the login secret (hmac) or password (plain)", type = AttributeType.PASSWORD)
        String _secret() default "";

        @AttributeDefinition(description = "dial: how the challenge is answered: hmac (Patchbay's default) or plain (nucosMQ's documented scheme)")
        String login_scheme() default "hmac";

        @AttributeDefinition(description = "dial: milliseconds before the first new attempt; doubled while attempts fail, up to 30 s")
        long retry_delay_ms() default 1000;

        @AttributeDefinition(description = "Largest frame in bytes; a larger one closes the link")
        int max_frame_bytes() default 1 << 20;

        @AttributeDefinition(description = "Broker room joined to the link (peer's events published there, room messages sent to the peer); empty: none")
        String room() default "";
    }

    private final Transport transport;
    private final Framing framing;
    private final Broker broker;
    private final CallbackWhiteboard callbacks = new CallbackWhiteboard();
    private volatile ChallengeAuthenticator authenticator;
    private NucosLink link;
    private LinkRoomBridge bridge;
    private String name;
    private ServiceRegistration<NucosLink> registration;

    @Activate
    public NucosLinkComponent(@Reference(name = "transport") Transport transport,
                              @Reference(name = "framing", target = "(patchbay.framing=eom-delimiter)") Framing framing,
                              @Reference(name = "broker") Broker broker) {
        this.transport = transport;
        this.framing = framing;
        this.broker = broker;
    }

    @Activate
    synchronized void activate(Config config, BundleContext context) {
        name = config.name();
        String mode = config.mode().trim().toLowerCase(Locale.ROOT);
        switch (mode) {
            case "bind" -> {
                link = NucosLink.bind(transport, framing, new EndpointSpec(name, config.host(), config.port(), null),
                        authenticator, config.authentication(), config.max_frame_bytes());
                LOG.info("nucosMQ link '{}' waits for its peer on {}:{} (login {})", name, config.host(),
                        link.endpoint().localAddress().getPort(), config.authentication() ? "required" : "off");
            }
            case "dial" -> {
                if (config.host().isBlank() || config.host().equals("0.0.0.0")) {
                    throw new IllegalArgumentException("nucosMQ link '" + name + "': mode = dial needs the peer's host");
                }
                ConnectSpec spec = new ConnectSpec(name, config.host(), config.port(), null, Duration.ofSeconds(10));
                link = NucosLink.dial(transport, framing, spec, config.uid(), signer(config), config.max_frame_bytes(),
                        Duration.ofMillis(config.retry_delay_ms()));
                LOG.info("nucosMQ link '{}' dials {}:{}{}", name, config.host(), config.port(),
                        config.uid().isEmpty() ? "" : " as " + config.uid());
            }
            default -> throw new IllegalArgumentException("nucosMQ link '" + name + "': mode must be bind or dial, not '" + config.mode() + "'");
        }
        NucosLink linked = link;
        String linkName = name;
        callbacks.attach((callback, properties) -> {
            if (!linkName.equals(String.valueOf(properties.get(NucosCallback.LINK_PROPERTY)))) {
                return null; // another link's
            }
            Object event = properties.get(NucosCallback.EVENT_PROPERTY);
            return event == null ? linked.onAll(callback) : linked.onEvent(event.toString(), callback);
        });
        if (!config.room().isEmpty()) {
            bridge = new LinkRoomBridge(link, broker, config.room(), "link:" + name);
            LOG.info("nucosMQ link '{}' is joined to room '{}'", name, config.room());
        }
        registration = context.registerService(NucosLink.class, link, new Hashtable<>(Map.of("patchbay.endpoint", name)));
    }

    private static Function<Object, Object> signer(Config config) {
        if (config.uid().isEmpty()) {
            return null;
        }
        return switch (config.login_scheme().trim().toLowerCase(Locale.ROOT)) {
            case "hmac" -> ChallengeSigners.hmacSha256(config.uid(), config._secret().getBytes(StandardCharsets.UTF_8));
            case "plain" -> ChallengeSigners.plainPassword(config._secret());
            default -> throw new IllegalArgumentException("nucosMQ link '" + config.name() + "': login.scheme must be hmac or plain");
        };
    }

    @Deactivate
    synchronized void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (bridge != null) {
            bridge.close();
        }
        callbacks.detach();
        link.close();
    }

    @Override
    public List<MetricValue> metrics() {
        NucosLink current = currentLink();
        if (current == null) {
            return List.of();
        }
        Map<String, String> labels = Map.of("link", name);
        List<MetricValue> values = new ArrayList<>();
        values.add(MetricValue.gauge("patchbay_nucos_link_up", "1 while the link's peer is connected", labels, current.isConnected() ? 1 : 0));
        values.add(MetricValue.counter("patchbay_nucos_link_connections_total", "Connections the link has made (dial side)",
                labels, current.connections()));
        return values;
    }

    private synchronized NucosLink currentLink() {
        return link;
    }

    // Dynamic and greedy: a better-ranked authenticator registered later takes over at once.
    @Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
               policyOption = ReferencePolicyOption.GREEDY, target = "(patchbay.auth=challenge)")
    synchronized void bindAuthenticator(ChallengeAuthenticator bound) {
        authenticator = bound;
        if (link != null && link.endpoint() != null) {
            link.setAuthenticator(bound);
        }
    }

    synchronized void unbindAuthenticator(ChallengeAuthenticator unbound) {
        if (authenticator == unbound) {
            authenticator = null;
            if (link != null && link.endpoint() != null) {
                link.setAuthenticator(null);
            }
        }
    }

    @Reference(name = "callbacks", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
               target = "(" + NucosCallback.LINK_PROPERTY + "=*)")
    void addCallback(NucosCallback callback, Map<String, Object> properties) {
        callbacks.add(callback, properties);
    }

    void removeCallback(NucosCallback callback) {
        callbacks.remove(callback);
    }
}
