package dev.patchbay.storage.postgresql;

import dev.patchbay.api.metrics.MetricSource;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.store.MessageStore;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snakeMQ peer's persistent queues in PostgreSQL: registers a {@link MessageStore} with
 * {@code patchbay.store=postgresql} while it owns the configured owner's queues. Opening happens
 * in the background and is retried while the database is unreachable or another node owns those
 * queues, so a standby node configured like the active one takes over when that one dies; if the
 * connection breaks, the service goes away and opening starts again.
 */
// Registered by hand: only while the owner's lock is held, which is not the component's lifetime.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.api.store.MessageStore\"")
@Component(immediate = true, configurationPid = PostgresMessageStoreComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
           service = MetricSource.class)
@Designate(ocd = PostgresMessageStoreComponent.Config.class)
public final class PostgresMessageStoreComponent implements MetricSource {

    public static final String PID = "dev.patchbay.storage.postgresql.peer";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresMessageStoreComponent.class);
    /** The longest pause between attempts: how long a standby may wait after the owner died. */
    static final Duration STANDBY_PAUSE = Duration.ofSeconds(5);

    @ObjectClassDefinition(name = "Patchbay PostgreSQL message store (snakeMQ persistent queues)")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/patchbay")
        String url();

        @AttributeDefinition(description = "Database user")
        String user() default "patchbay";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password (empty: none, e.g. peer or trust auth)")
        String _password() default "";

        @AttributeDefinition(description = "Whose queues these are: the snakeMQ identity of the node (one node owns them at a time)")
        String owner() default "patchbay";

        @AttributeDefinition(description = "Service ranking; the highest-ranked store wins where several match")
        int service_ranking() default 0;
    }

    private final BundleContext context;
    private final Config config;
    private BackgroundConnector<PostgresMessageStore> connector;
    private ServiceRegistration<MessageStore> registration;
    private boolean deactivated;

    @Activate
    public PostgresMessageStoreComponent(BundleContext context, Config config) {
        this.context = context;
        this.config = config;
        connect();
    }

    private synchronized void connect() {
        if (deactivated) {
            return;
        }
        connector = new BackgroundConnector<>("PostgreSQL message store of '" + config.owner() + "' at " + config.url(),
                () -> PostgresMessageStore.open(config.url(), config.user(), config._password(), config.owner()),
                this::register, store -> unregister(), Duration.ofSeconds(1), STANDBY_PAUSE).start();
    }

    private synchronized void register(PostgresMessageStore store) {
        // Told on a thread of its own, not the store's or the connector's: closing the old connector
        // here (it closes the lost store) waits for neither.
        store.onLost(() -> {
            unregister();
            // a new connector: the lost store is closed and forgotten with the old one
            BackgroundConnector<PostgresMessageStore> old;
            synchronized (this) {
                old = connector;
            }
            old.close();
            connect();
        });
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageStore.NAME_PROPERTY, "postgresql");
        properties.put("url", config.url());
        properties.put("owner", config.owner());
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        registration = context.registerService(MessageStore.class, store, properties);
        LOG.info("PostgreSQL message store of '{}' at {} registered", config.owner(), config.url());
    }

    private synchronized void unregister() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it first
            }
            registration = null;
        }
    }

    /** Whether this node owns the queues now: what a load balancer's health check looks for. */
    @Override
    public synchronized List<MetricValue> metrics() {
        return List.of(MetricValue.gauge("patchbay_peer_queues_owned",
                "1 while this node owns the snakeMQ queues of the owner (PostgreSQL message store)",
                Map.of("owner", config.owner()), registration != null ? 1 : 0));
    }

    @Deactivate
    void deactivate() {
        BackgroundConnector<PostgresMessageStore> current;
        synchronized (this) {
            deactivated = true;
            current = connector;
        }
        current.close();
    }
}
