package dev.patchbay.storage.postgresql;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.metrics.MetricValue;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.testing.ClassResource;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.ClassRule;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component on a real PostgreSQL server, with a framework that only records what is
 * registered: the store's service is there while the owner's queues are held, goes when the
 * connection is lost, and comes back, with the messages, once the store could be opened again.
 */
public class PostgresMessageStoreComponentTest {

    @ClassRule
    public static final ClassResource<PostgresTestServer> SERVER = new ClassResource<>(PostgresTestServer::start);

    private static PostgresTestServer server() {
        return SERVER.get();
    }

    /** What the component registered and unregistered, in order. */
    private static final class Registrations {
        final BlockingQueue<Object> registered = new LinkedBlockingQueue<>();
        final BlockingQueue<Object> unregistered = new LinkedBlockingQueue<>();

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (!method.getName().equals("registerService")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        Object service = args[1];
                        registered.add(service);
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                                (registration, call, callArgs) -> {
                                    if (!call.getName().equals("unregister")) {
                                        throw new UnsupportedOperationException(call.getName());
                                    }
                                    unregistered.add(service);
                                    return null;
                                });
                    });
        }

        MessageStore nextRegistered() throws InterruptedException {
            Object store = registered.poll(60, TimeUnit.SECONDS);
            assertTrue("a store was registered", store != null);
            return (MessageStore) store;
        }
    }

    private static PostgresMessageStoreComponent.Config config(String owner) {
        Map<String, Object> values = Map.of("url", server().jdbcUrl(), "user", server().user(), "_password", "",
                "owner", owner, "service_ranking", 0);
        return (PostgresMessageStoreComponent.Config) Proxy.newProxyInstance(PostgresMessageStoreComponentTest.class.getClassLoader(),
                new Class<?>[] {PostgresMessageStoreComponent.Config.class}, (proxy, method, args) -> {
                    Object value = values.get(method.getName());
                    if (value == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return value;
                });
    }

    private static Message message(String text) {
        return new Message(UUID.randomUUID(), "bob", text.getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now(), null, true);
    }

    /** The component's one gauge: 1 while it owns the queues. */
    private static double owned(PostgresMessageStoreComponent component) {
        List<MetricValue> values = component.metrics();
        return values.get(0).value();
    }

    @Test
    public void aLostConnectionTakesTheServiceAwayUntilTheStoreIsOpenAgain() throws Exception {
        Registrations registrations = new Registrations();
        PostgresMessageStoreComponent component = new PostgresMessageStoreComponent(registrations.context(),
                config("node-" + UUID.randomUUID()));
        boolean serverDown = false;
        try {
            MessageStore first = registrations.nextRegistered();
            assertEquals(1, owned(component), 0);
            first.append("bob", message("before the crash")).toCompletableFuture().get(10, TimeUnit.SECONDS);

            server().stop(); // as a crash of the database server would
            serverDown = true;
            assertThrows(Exception.class, () -> first.append("bob", message("lost")).toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertEquals("the lost store's service went", first, registrations.unregistered.poll(30, TimeUnit.SECONDS));
            assertEquals(0, owned(component), 0);

            server().startAgain();
            serverDown = false;
            MessageStore second = registrations.nextRegistered();
            assertNotSame("opened again", first, second);
            assertEquals(1, owned(component), 0);
            assertEquals(1, second.depth("bob"));
        } finally {
            if (serverDown) {
                server().startAgain();
            }
            component.deactivate();
        }
        assertEquals("deactivation takes the service away", 1, registrations.unregistered.size());
    }
}
