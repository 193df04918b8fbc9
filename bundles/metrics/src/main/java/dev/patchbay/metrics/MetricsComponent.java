package dev.patchbay.metrics;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.metrics.LatencySource;
import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.api.transport.Transport;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the node's metrics: the JMX MBean {@code dev.patchbay:type=Metrics}, and (unless
 * disabled) a Prometheus text endpoint {@code http://host:port/metrics} on the node's transport.
 */
@Component(immediate = true, configurationPid = MetricsComponent.PID)
@Designate(ocd = MetricsComponent.Config.class)
public final class MetricsComponent {

    public static final String PID = "dev.patchbay.metrics";
    public static final String OBJECT_NAME = "dev.patchbay:type=Metrics";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    @ObjectClassDefinition(name = "Patchbay metrics")
    public @interface Config {
        @AttributeDefinition(description = "Serve the Prometheus text endpoint")
        boolean http_enabled() default true;

        @AttributeDefinition(description = "Address of the metrics endpoint (loopback by default: metrics are not for everyone)")
        String http_host() default "127.0.0.1";

        @AttributeDefinition(description = "Port of the metrics endpoint")
        int http_port() default 9464;

        @AttributeDefinition(description = "Register the JMX MBean " + OBJECT_NAME)
        boolean jmx_enabled() default true;
    }

    private final NodeMetrics metrics;
    private final Endpoint endpoint;
    private final ObjectName objectName;

    // What is measured, kept current by SCR as services come and go.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Transport> transports = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, MessageStore>> stores = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Broker> brokers = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, QueueStore>> queueStores = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<LatencySource> latencySources = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<MetricSource> metricSources = List.of();

    /** @param transport where the Prometheus endpoint listens */
    @Activate
    public MetricsComponent(Config config, @Reference(name = "transport") Transport transport) throws JMException {
        this.metrics = new NodeMetrics(
                () -> transports.stream().flatMap(t -> t.endpoints().stream()).toList(),
                () -> named(stores), () -> brokers, () -> named(queueStores),
                () -> latencySources, () -> metricSources);
        this.objectName = config.jmx_enabled() ? new ObjectName(OBJECT_NAME) : null;
        if (objectName != null) {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
            server.registerMBean(new MetricsMBean(metrics::collect), objectName);
        }
        this.endpoint = config.http_enabled()
                ? transport.listen(new EndpointSpec("metrics", config.http_host(), config.http_port(), null),
                        MetricsHttpHandler.setup(metrics::collect))
                : null;
        LOG.info("metrics: JMX {}, Prometheus {}", objectName != null ? OBJECT_NAME : "off",
                endpoint != null ? "http://" + endpoint.localAddress().getHostString() + ":" + endpoint.localAddress().getPort()
                        + "/metrics" : "off");
    }

    @Deactivate
    void deactivate() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (objectName != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(objectName);
            } catch (JMException alreadyGone) {
                LOG.debug("MBean {} already unregistered", objectName);
            }
        }
    }

    /** Stores by {@code <patchbay.store>#<service.id>}, so that two of a kind stay apart. */
    private static <S> Map<String, S> named(List<Map.Entry<Map<String, Object>, S>> stores) {
        Map<String, S> named = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, S> store : stores) {
            named.put(store.getKey().get(MessageStore.NAME_PROPERTY) + "#" + store.getKey().get(Constants.SERVICE_ID),
                    store.getValue());
        }
        return named;
    }
}
