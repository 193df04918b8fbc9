package dev.patchbay.rpc.osgi;

import dev.patchbay.api.metrics.LatencyHistogram;
import dev.patchbay.api.metrics.LatencySource;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.rpc.SnakeMqRpc;
import dev.patchbay.rpc.codec.RpcCodec;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPC on the node's snakeMQ peer, and the whiteboard: every service registered with
 * {@value #NAME_PROPERTY} (any service interface) is callable by remote peers under that name
 * for as long as it is registered ({@value #BLOCKING_PROPERTY}{@code =false}: its methods never
 * block and may run on I/O threads). The {@link SnakeMqRpc} itself is registered as a service for
 * calling other peers; the component publishes its counters and call latencies.
 */
// SnakeMqRpc is a class made on activation, not an interface this component could implement, so
// it is registered by hand; bnd cannot see that, so the capability is declared for resolvers.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.rpc.SnakeMqRpc\"")
@Component(immediate = true, configurationPid = RpcExportComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
           service = {MetricSource.class, LatencySource.class})
@Designate(ocd = RpcExportComponent.Config.class)
public final class RpcExportComponent implements MetricSource, LatencySource {

    public static final String PID = "dev.patchbay.rpc";
    /** Service property: the name remote peers call the service by. */
    public static final String NAME_PROPERTY = "patchbay.rpc.name";
    /** Service property: {@code false} promises methods that never block (they then run on I/O threads). */
    public static final String BLOCKING_PROPERTY = "patchbay.rpc.blocking";

    private static final Logger LOG = LoggerFactory.getLogger(RpcExportComponent.class);

    @ObjectClassDefinition(name = "Patchbay RPC")
    public @interface Config {
        @AttributeDefinition(description = "Serve a repeated request id from the remembered reply instead of running it again")
        boolean deduplicate() default false;

        @AttributeDefinition(description = "Encoding of our calls: pickle (any snakeMQ peer) or json (Patchbay peers)")
        String codec() default "pickle";

        @AttributeDefinition(description = "Default call timeout in milliseconds")
        long call_timeout_ms() default 30_000;

        @AttributeDefinition(description = "Calls waiting for replies at once")
        int max_calls_in_flight() default 10_000;

        @AttributeDefinition(description = "Threads running incoming requests; 0 = 2 x cores (at least 4)")
        int worker_threads() default 0;

        @AttributeDefinition(required = false, description = "LDAP filter selecting the PeerMessaging service")
        String peer_target();
    }

    private final SnakeMqRpc rpc;
    private final ServiceTracker<Object, Exported> exported;

    private record Exported(String name, Object service) {
    }
    private final ServiceRegistration<SnakeMqRpc> registration;

    @Activate
    public RpcExportComponent(BundleContext context, Config config, @Reference(name = "peer") PeerMessaging peer)
            throws InvalidSyntaxException {
        SnakeMqRpc.Builder builder = SnakeMqRpc.builder(peer)
                .deduplicate(config.deduplicate())
                .codec(RpcCodec.valueOf(config.codec().trim().toUpperCase(Locale.ROOT)))
                .defaultTimeout(Duration.ofMillis(config.call_timeout_ms()))
                .maxCallsInFlight(config.max_calls_in_flight());
        if (config.worker_threads() > 0) {
            builder.workerThreads(config.worker_threads());
        }
        rpc = builder.build();
        exported = new ServiceTracker<>(context, context.createFilter("(" + NAME_PROPERTY + "=*)"), null) {
            @Override
            public Exported addingService(ServiceReference<Object> reference) {
                String name = String.valueOf(reference.getProperty(NAME_PROPERTY));
                Object service = context.getService(reference);
                if (service == null) {
                    return null;
                }
                boolean mayBlock = !"false".equals(String.valueOf(reference.getProperty(BLOCKING_PROPERTY)));
                rpc.register(name, service, mayBlock);
                LOG.info("RPC object '{}' exported ({})", name, service.getClass().getName());
                return new Exported(name, service);
            }

            @Override
            public void removedService(ServiceReference<Object> reference, Exported exported) {
                rpc.unregister(exported.name(), exported.service());
                context.ungetService(reference);
                LOG.info("RPC object '{}' withdrawn", exported.name());
            }
        };
        exported.open(true);
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("patchbay.snakemq.identity", peer.identity());
        registration = context.registerService(SnakeMqRpc.class, rpc, properties);
    }

    @Override
    public List<MetricValue> metrics() {
        return rpc.metrics();
    }

    @Override
    public List<LatencyHistogram> latencies() {
        return rpc.latencies();
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
        exported.close();
        rpc.close();
    }
}
