package dev.patchbay.cluster.nats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import dev.patchbay.api.testing.ClassResource;
import dev.patchbay.broker.RoomBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.ClassRule;
import org.junit.Test;

/** Two nodes' brokers joined over a real nats-server. */
public class NatsRoomFederationTest {

    @ClassRule
    public static final ClassResource<NatsTestServer> NATS = new ClassResource<>(NatsTestServer::start);

    private static NatsTestServer nats() {
        return NATS.get();
    }

    /** A room member that records what it gets. */
    private static final class Member implements RoomSubscriber {
        final String name;
        final List<RoomMessage> got = new CopyOnWriteArrayList<>();

        Member(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean deliver(RoomMessage message) {
            return got.add(message);
        }
    }

    private static RoomBroker node(String name, List<AutoCloseable> toClose, String subject) throws Exception {
        RoomBroker broker = new RoomBroker();
        NatsRoomFederation federation = NatsRoomFederation.start(List.of(nats().url()), name, subject, broker);
        broker.setFederation(federation);
        toClose.add(federation);
        waitFor(federation::isConnected);
        return broker;
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue("not within 20 s", System.nanoTime() < deadline);
            Thread.sleep(5);
        }
    }

    /**
     * Waits until each node's subscription is registered with the server: a connected client may
     * still have its SUB in flight, and what is published before it lands is not delivered to it.
     */
    private static void awaitJoined(RoomBroker a, RoomBroker b) throws InterruptedException {
        Member probeOnA = new Member("probe@a");
        Member probeOnB = new Member("probe@b");
        a.subscribe("probe", probeOnA);
        b.subscribe("probe", probeOnB);
        waitFor(() -> {
            a.publish(new RoomMessage("probe", "probe", "from a", "alice"));
            b.publish(new RoomMessage("probe", "probe", "from b", "bob"));
            return probeOnA.got.stream().anyMatch(m -> "from b".equals(m.content()))
                    && probeOnB.got.stream().anyMatch(m -> "from a".equals(m.content()));
        });
    }

    @Test
    public void aPublishOnOneNodeReachesTheMembersOnTheOtherInOrderAndOnce() throws Exception {
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            String subject = "test.rooms." + System.nanoTime();
            RoomBroker a = node("a", toClose, subject);
            RoomBroker b = node("b", toClose, subject);
            Member onA = new Member("alice@a");
            Member onB = new Member("bob@b");
            a.subscribe("weather", onA);
            b.subscribe("weather", onB);
            awaitJoined(a, b);

            for (int i = 0; i < 10_000; i++) {
                a.publish(new RoomMessage("weather", "rain", Map.of("n", i, "text", "day " + i), "alice"));
            }
            b.publish(new RoomMessage("weather", "sun", "from b", "bob"));
            waitFor(() -> onB.got.size() == 10_001 && onA.got.size() == 10_001);
            // one publisher's messages keep their order; b's own may come anywhere among them
            List<RoomMessage> rainAtB = onB.got.stream().filter(m -> m.event().equals("rain")).toList();
            assertEquals(10_000, rainAtB.size());
            for (int i = 0; i < 10_000; i++) {
                assertEquals("in publish order", i, ((Number) ((Map<?, ?>) rainAtB.get(i).content()).get("n")).intValue());
            }
            assertEquals("alice", rainAtB.get(0).sender());
            assertEquals("from b", onA.got.get(10_000).content());
            Thread.sleep(300);
            assertEquals("no echo, no duplicate", 10_001, onB.got.size());
            assertEquals(10_001, onA.got.size());
            assertEquals("remote messages count as published here too", 10_001, b.room("weather").orElseThrow().published() + 0);
        } finally {
            for (AutoCloseable closeable : toClose) {
                closeable.close();
            }
        }
    }
}
