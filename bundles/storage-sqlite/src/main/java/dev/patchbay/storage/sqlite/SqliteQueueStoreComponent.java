package dev.patchbay.storage.sqlite;

import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The HTTP queue's embedded default store: a {@link QueueStore} with {@code patchbay.store=sqlite}
 * in its own SQLite file. Runs without a configuration file (the defaults).
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.api.queue.QueueStore\"")
@Component(immediate = true, configurationPid = SqliteQueueStoreComponent.PID)
@Designate(ocd = SqliteQueueStoreComponent.Config.class)
public final class SqliteQueueStoreComponent {

    public static final String PID = "dev.patchbay.storage.sqlite.queue";

    @ObjectClassDefinition(name = "Patchbay SQLite queue store")
    public @interface Config {
        @AttributeDefinition(description = "Database file, relative to the node's directory")
        String path() default "data/queue.db";

        @AttributeDefinition(description = "FULL: fsync at every commit (survives power loss); NORMAL: survives a killed process only")
        SqliteMessageStore.Durability durability() default SqliteMessageStore.Durability.FULL;

        @AttributeDefinition(description = "Service ranking; the highest-ranked store wins where several match")
        int service_ranking() default 0;
    }

    private final JdbcQueueStore store;
    private final ServiceRegistration<QueueStore> registration;

    @Activate
    public SqliteQueueStoreComponent(BundleContext context, Config config) {
        store = SqliteQueueStore.open(Path.of(config.path()), config.durability());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageStore.NAME_PROPERTY, SqliteMessageStoreComponent.NAME);
        properties.put("path", config.path());
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        registration = context.registerService(QueueStore.class, store, properties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it first
        }
        store.close();
    }
}
