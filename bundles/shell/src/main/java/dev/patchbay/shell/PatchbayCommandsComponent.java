package dev.patchbay.shell;

import dev.patchbay.api.broker.Broker;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessaging;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.Transport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The {@code patchbay} command scope in the Gogo shell:
 *
 * <pre>
 * patchbay:endpoints                  listeners with open/accepted connections and bytes in/out
 * patchbay:peers                      snakeMQ destinations: connected or away, queued messages
 * patchbay:queues                     stored queues and their depths, per store
 * patchbay:rooms                      rooms with members, depth and publish/delivery counters
 * patchbay:services                   which transport, framing, auth, store, throttle services are bound
 * patchbay:send IDENTITY TEXT [true]  queue a (persistent) test message
 * patchbay:publish ROOM EVENT TEXT    publish an event into a room
 * patchbay:drop IDENTITY              close the connection to a peer
 * </pre>
 */
@Component(service = PatchbayCommandsComponent.class, immediate = true, property = {
        "osgi.command.scope=patchbay",
        "osgi.command.function=endpoints",
        "osgi.command.function=peers",
        "osgi.command.function=queues",
        "osgi.command.function=rooms",
        "osgi.command.function=services",
        "osgi.command.function=send",
        "osgi.command.function=publish",
        "osgi.command.function=drop"})
public final class PatchbayCommandsComponent {

    /** Service interfaces whose providers {@code services} lists. */
    private static final List<String> PLUGGABLE = List.of(
            "dev.patchbay.api.transport.Transport",
            "dev.patchbay.api.transport.Framing",
            "dev.patchbay.api.auth.Authenticator",
            "dev.patchbay.api.auth.ChallengeAuthenticator",
            "dev.patchbay.api.broker.Broker",
            "dev.patchbay.api.store.MessageStore",
            "dev.patchbay.api.throttle.Throttle",
            "dev.patchbay.api.tpp.TppActionHandler",
            "dev.patchbay.api.peer.PeerMessaging",
            "dev.patchbay.api.peer.PeerListener",
            "dev.patchbay.rpc.SnakeMqRpc",
            "dev.patchbay.nucos.NucosServer");

    private final BundleContext context;
    private final NodeCommands commands;

    // The services the commands work on, kept current by SCR as they come and go.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Transport> transports = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<PeerMessaging> peers = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Map.Entry<Map<String, Object>, MessageStore>> stores = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Broker> brokers = List.of();

    @Activate
    public PatchbayCommandsComponent(BundleContext context) {
        this.context = context;
        this.commands = new NodeCommands(() -> peers, this::namedStores,
                () -> transports.stream().flatMap(transport -> transport.endpoints().stream()).toList(), () -> brokers);
    }

    public String endpoints() {
        return commands.endpoints();
    }

    public String rooms() {
        return commands.rooms();
    }

    public String peers() {
        return commands.peers();
    }

    public String queues() {
        return commands.queues();
    }

    public String publish(String room, String event, String text) {
        return commands.publish(room, event, text);
    }

    public String send(String identity, String text) throws Exception {
        return commands.send(identity, text, false);
    }

    public String send(String identity, String text, boolean persistent) throws Exception {
        return commands.send(identity, text, persistent);
    }

    public String drop(String identity) {
        return commands.drop(identity);
    }

    public String services() throws InvalidSyntaxException {
        Table table = new Table("SERVICE", "ID", "BUNDLE", "PROPERTIES");
        for (String type : PLUGGABLE) {
            ServiceReference<?>[] references = context.getAllServiceReferences(type, null);
            if (references == null) {
                continue;
            }
            for (ServiceReference<?> reference : references) {
                table.row(type.substring(type.lastIndexOf('.') + 1), reference.getProperty(Constants.SERVICE_ID),
                        reference.getBundle() == null ? "-" : reference.getBundle().getSymbolicName(),
                        properties(reference));
            }
        }
        return table.toString();
    }

    private static String properties(ServiceReference<?> reference) {
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String key : reference.getPropertyKeys()) {
            // "path" selects a store, "identity" the snakeMQ peer (both are configuration keys)
            if (key.startsWith("patchbay.") || key.equals(Constants.SERVICE_RANKING) || key.equals("path") || key.equals("identity")) {
                Object value = reference.getProperty(key);
                shown.put(key, value instanceof String[] many ? String.join(",", many) : value);
            }
        }
        return shown.toString();
    }

    /** Stores by {@code <patchbay.store>#<service.id>}, so that two of a kind stay apart. */
    private Map<String, MessageStore> namedStores() {
        Map<String, MessageStore> named = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, MessageStore> store : stores) {
            named.put(store.getKey().get(MessageStore.NAME_PROPERTY) + "#" + store.getKey().get(Constants.SERVICE_ID),
                    store.getValue());
        }
        return named;
    }
}
