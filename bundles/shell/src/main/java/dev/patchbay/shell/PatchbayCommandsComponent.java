package dev.patchbay.shell;

import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.transport.Endpoint;
import dev.patchbay.api.transport.Transport;
import dev.patchbay.snakemq.SnakeMqPeer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code patchbay} command scope in the Gogo shell:
 *
 * <pre>
 * patchbay:endpoints                  listeners with open/accepted connections and bytes in/out
 * patchbay:peers                      snakeMQ destinations: connected or away, queued messages
 * patchbay:queues                     stored queues and their depths, per store
 * patchbay:services                   which transport, framing, auth, store, throttle services are bound
 * patchbay:send IDENTITY TEXT [true]  queue a (persistent) test message
 * patchbay:drop IDENTITY              close the connection to a peer
 * </pre>
 */
@Component(service = PatchbayCommandsComponent.class, immediate = true, property = {
        "osgi.command.scope=patchbay",
        "osgi.command.function=endpoints",
        "osgi.command.function=peers",
        "osgi.command.function=queues",
        "osgi.command.function=services",
        "osgi.command.function=send",
        "osgi.command.function=drop"})
public final class PatchbayCommandsComponent {

    /** Service interfaces whose providers {@code services} lists. */
    private static final List<String> PLUGGABLE = List.of(
            "dev.patchbay.api.transport.Transport",
            "dev.patchbay.api.transport.Framing",
            "dev.patchbay.api.auth.Authenticator",
            "dev.patchbay.api.store.MessageStore",
            "dev.patchbay.api.throttle.Throttle",
            "dev.patchbay.api.tpp.TppActionHandler",
            "dev.patchbay.snakemq.SnakeMqPeer",
            "dev.patchbay.snakemq.PeerListener",
            "dev.patchbay.rpc.SnakeMqRpc");

    private final BundleContext context;
    private final NodeCommands commands;

    @Activate
    public PatchbayCommandsComponent(BundleContext context) {
        this.context = context;
        this.commands = new NodeCommands(this::peerServices, this::storeServices, this::endpointsOfTransports);
    }

    public String endpoints() {
        return commands.endpoints();
    }

    public String peers() {
        return commands.peers();
    }

    public String queues() {
        return commands.queues();
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
            if (key.startsWith("patchbay.") || key.equals(Constants.SERVICE_RANKING) || key.equals("path")) {
                Object value = reference.getProperty(key);
                shown.put(key, value instanceof String[] many ? String.join(",", many) : value);
            }
        }
        return shown.toString();
    }

    private Collection<SnakeMqPeer> peerServices() {
        List<SnakeMqPeer> found = new ArrayList<>();
        try {
            for (ServiceReference<SnakeMqPeer> reference : context.getServiceReferences(SnakeMqPeer.class, null)) {
                SnakeMqPeer peer = context.getService(reference);
                if (peer != null) {
                    found.add(peer);
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        return found;
    }

    private Collection<Endpoint> endpointsOfTransports() {
        List<Endpoint> found = new ArrayList<>();
        try {
            for (ServiceReference<Transport> reference : context.getServiceReferences(Transport.class, null)) {
                Transport transport = context.getService(reference);
                if (transport != null) {
                    found.addAll(transport.endpoints());
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        return found;
    }

    private Map<String, MessageStore> storeServices() {
        Map<String, MessageStore> found = new LinkedHashMap<>();
        try {
            for (ServiceReference<MessageStore> reference : context.getServiceReferences(MessageStore.class, null)) {
                MessageStore store = context.getService(reference);
                if (store != null) {
                    found.put(reference.getProperty(MessageStore.NAME_PROPERTY) + "#" + reference.getProperty(Constants.SERVICE_ID), store);
                    context.ungetService(reference);
                }
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
        return found;
    }
}
