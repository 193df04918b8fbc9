package dev.patchbay.broker;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.broker.RoomInfo;
import dev.patchbay.api.broker.RoomMessage;
import dev.patchbay.api.broker.RoomSubscriber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class RoomBrokerTest {

    private final RoomBroker broker = new RoomBroker();

    private static final class Member implements RoomSubscriber {
        final String name;
        final List<RoomMessage> received = java.util.Collections.synchronizedList(new ArrayList<>());
        boolean full;

        Member(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean deliver(RoomMessage message) {
            if (full) {
                return false;
            }
            received.add(message);
            return true;
        }
    }

    @Test
    public void membershipIsASet() {
        Member alice = new Member("alice");
        assertTrue(broker.subscribe("weather", alice));
        assertFalse(broker.subscribe("weather", alice));
        assertEquals(1, broker.publish(new RoomMessage("weather", "today", "sunny", "")));
        assertEquals(1, alice.received.size());
    }

    @Test
    public void publishReachesEveryMemberAndCountsRefusals() {
        Member alice = new Member("alice");
        Member bob = new Member("bob");
        broker.subscribe("weather", alice);
        broker.subscribe("weather", bob);
        bob.full = true;
        assertEquals(1, broker.publish(new RoomMessage("weather", "today", "sunny", "alice")));
        RoomInfo info = broker.room("weather").orElseThrow();
        assertEquals(2, info.members());
        assertEquals(1, info.published());
        assertEquals(1, info.delivered());
        assertEquals(1, info.refused());
    }

    @Test
    public void refusedPublishesAreCountedForRoomsThatExistAndCreateNone() {
        broker.subscribe("weather", new Member("alice"));
        broker.publishRefused("weather");
        broker.publishRefused("no-such-room");
        assertEquals(1, broker.room("weather").orElseThrow().refusedPublishes());
        assertTrue(broker.room("no-such-room").isEmpty());
    }

    @Test
    public void localPublishesGoToTheFederationAndRemoteOnesOnlyToTheMembers() {
        Member alice = new Member("alice");
        broker.subscribe("weather", alice);
        java.util.List<RoomMessage> toOtherNodes = new java.util.ArrayList<>();
        broker.setFederation(toOtherNodes::add);
        RoomMessage local = new RoomMessage("weather", "rain", "here", "alice");
        RoomMessage remote = new RoomMessage("weather", "sun", "there", "bob");
        assertEquals(1, broker.publish(local));
        assertEquals(1, broker.publishFromRemote(remote));
        assertEquals("a remote message is not passed on again", java.util.List.of(local), toOtherNodes);
        broker.setFederation(message -> {
            throw new IllegalStateException("the federation is broken");
        });
        assertEquals("a broken federation costs the local members nothing", 1, broker.publish(local));
    }

    @Test
    public void aFailingMemberDoesNotCostTheOthersTheirDelivery() {
        Member alice = new Member("alice");
        RoomSubscriber broken = new RoomSubscriber() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean deliver(RoomMessage message) {
                throw new IllegalStateException("broken on purpose");
            }
        };
        broker.subscribe("weather", broken);
        broker.subscribe("weather", alice);
        assertEquals(1, broker.publish(new RoomMessage("weather", "today", "sunny", "")));
        assertEquals(1, alice.received.size());
        assertEquals(1, broker.room("weather").orElseThrow().refused());
    }

    @Test
    public void aRoomWithoutMembersDisappears() {
        Member alice = new Member("alice");
        broker.subscribe("weather", alice);
        broker.subscribe("news", alice);
        assertTrue(broker.unsubscribe("news", alice));
        assertFalse(broker.unsubscribe("news", alice));
        assertEquals(List.of("weather"), broker.rooms().stream().map(RoomInfo::name).toList());
        broker.unsubscribeAll(alice);
        assertTrue(broker.rooms().isEmpty());
        assertFalse(broker.isMember("weather", alice));
        assertEquals(0, broker.publish(new RoomMessage("weather", "today", "sunny", "")));
    }

    @Test
    public void encodingIsComputedOncePerMessage() {
        RoomMessage message = new RoomMessage("r", "e", "c", "");
        AtomicInteger encodings = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertEquals("bytes", message.encoded("nucos", m -> {
                encodings.incrementAndGet();
                return "bytes";
            }));
        }
        assertEquals(1, encodings.get());
        assertEquals("other", message.encoded("other-format", m -> "other"));
    }

    @Test
    public void concurrentSubscribersAndPublishersKeepConsistentMembership() throws Exception {
        int threads = 4;
        int perThread = 500;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    Member member = new Member("m" + id + "-" + i);
                    broker.subscribe("busy", member);
                    broker.publish(new RoomMessage("busy", "e", i, ""));
                    if (i % 2 == 0) {
                        broker.unsubscribeAll(member);
                    }
                }
            }));
        }
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        workers.forEach(worker -> worker.setUncaughtExceptionHandler((thread, failure) -> failures.add(failure)));
        workers.forEach(Thread::start);
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(threads * perThread / 2, broker.room("busy").orElseThrow().members());
    }
}
