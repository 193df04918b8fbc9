package dev.patchbay.storage.postgresql;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import java.time.Duration;
import java.util.Hashtable;
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
 * Connects to the configured PostgreSQL database and registers it as a {@link QueueStore} with
 * {@code patchbay.store=postgresql}. Needs a configuration (there is no sensible default server).
 * Connecting happens in the background and is retried while the database is unreachable: the
 * service appears once the store works, so an HTTP queue switched to it moves its messages then.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.api.queue.QueueStore\"")
@Component(immediate = true, configurationPid = PostgresQueueStoreComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = PostgresQueueStoreComponent.Config.class)
public final class PostgresQueueStoreComponent {

    public static final String PID = "dev.patchbay.storage.postgresql";
    public static final String NAME = "postgresql";
    private static final Logger LOG = LoggerFactory.getLogger(PostgresQueueStoreComponent.class);

    @ObjectClassDefinition(name = "Patchbay PostgreSQL queue store")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/patchbay")
        String url();

        @AttributeDefinition(description = "Database user")
        String user() default "patchbay";

        @AttributeDefinition(type = AttributeType.PASSWORD, description = "Database password (empty: none, e.g. peer or trust auth)")
        String _password() default "";

        @AttributeDefinition(description = "Connections kept open")
        int pool_size() default 8;

        @AttributeDefinition(description = "Service ranking; the highest-ranked store wins where several match")
        int service_ranking() default 0;
    }

    private final BackgroundConnector<JdbcQueueStore> connector;
    private volatile ServiceRegistration<QueueStore> registration;

    @Activate
    public PostgresQueueStoreComponent(BundleContext context, Config config) {
        connector = new BackgroundConnector<>("PostgreSQL queue store at " + config.url(),
                () -> PostgresQueueStore.open(config.url(), config.user(), config._password(), config.pool_size()),
                store -> register(context, config, store), store -> unregister(),
                Duration.ofSeconds(1), Duration.ofSeconds(30)).start();
    }

    private void register(BundleContext context, Config config, JdbcQueueStore store) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageStore.NAME_PROPERTY, NAME);
        properties.put("url", config.url());
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        registration = context.registerService(QueueStore.class, store, properties);
        LOG.info("PostgreSQL queue store at {} ({} connections)", config.url(), config.pool_size());
    }

    private void unregister() {
        ServiceRegistration<QueueStore> registered = registration;
        if (registered != null) {
            try {
                registered.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregistered it first
            }
        }
    }

    @Deactivate
    void deactivate() {
        connector.close();
    }
}
