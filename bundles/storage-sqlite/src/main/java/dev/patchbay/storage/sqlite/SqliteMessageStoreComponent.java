package dev.patchbay.storage.sqlite;

import dev.patchbay.api.store.MessageStore;
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
 * Opens the SQLite store named by the configuration and registers it as a {@link MessageStore}
 * with {@code patchbay.store=sqlite}. Runs without a configuration file too (the defaults), so a
 * node always has its embedded store. A configuration change closes the file and opens the new
 * one; users of the store see it go and come back.
 */
// Registered by hand (with the configured ranking), so bnd cannot see it; declared for resolvers.
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=\"dev.patchbay.api.store.MessageStore\"")
@Component(immediate = true, configurationPid = SqliteMessageStoreComponent.PID)
@Designate(ocd = SqliteMessageStoreComponent.Config.class)
public final class SqliteMessageStoreComponent {

    public static final String PID = "dev.patchbay.storage.sqlite";
    public static final String NAME = "sqlite";

    @ObjectClassDefinition(name = "Patchbay SQLite store")
    public @interface Config {
        @AttributeDefinition(description = "Database file, relative to the node's directory")
        String path() default "data/patchbay.db";

        @AttributeDefinition(description = "FULL: fsync at every commit (survives power loss); "
                + "NORMAL: survives a killed process only")
        SqliteMessageStore.Durability durability() default SqliteMessageStore.Durability.FULL;

        @AttributeDefinition(description = "Most operations committed in one transaction")
        int max_batch() default 65536;

        @AttributeDefinition(description = "Service ranking; the highest-ranked store wins where several match")
        int service_ranking() default 0;
    }

    private final SqliteMessageStore store;
    private final ServiceRegistration<MessageStore> registration;

    @Activate
    public SqliteMessageStoreComponent(BundleContext context, Config config) {
        store = new SqliteMessageStore(Path.of(config.path()), config.durability(), config.max_batch());
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(MessageStore.NAME_PROPERTY, NAME);
        properties.put("path", store.file().toString());
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        registration = context.registerService(MessageStore.class, store, properties);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        store.close();
    }
}
