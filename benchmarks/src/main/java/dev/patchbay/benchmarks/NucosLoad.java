package dev.patchbay.benchmarks;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.broker.RoomBroker;
import dev.patchbay.cluster.nats.NatsRoomFederation;
import dev.patchbay.framing.EomDelimiterFraming;
import dev.patchbay.nucos.NucosClient;
import dev.patchbay.nucos.NucosServer;
import dev.patchbay.transport.netty.NettyTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * nucosMQ throughput, server and Java clients in this process over loopback, 128-byte contents
 * by default.
 *
 * <p>{@code --mode send}: one client sends {@code --messages} events to the server's callback;
 * the figure is messages the server received per second. {@code --mode fanout}: one client
 * publishes into a room with {@code --subscribers} member clients; the figure is deliveries
 * (messages received by subscribers) per second. The publisher keeps at most {@code --window}
 * messages ahead of the slowest subscriber, so the server never has to drop or disconnect
 * anyone; every subscriber must receive every message, in order, or the run fails.
 */
final class NucosLoad {

    private NucosLoad() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of(
                "mode", "fanout", "size", "128", "messages", "0", "subscribers", "10", "window", "4000",
                "rounds", "3", "io-threads", "2", "nats", ""));
        if (options.containsKey("help")) {
            System.out.println("nucos [--mode send|fanout] [--subscribers 10] [--size 128] [--messages N] [--window 4000] "
                    + "[--rounds 3] [--io-threads 2] [--nats nats://127.0.0.1:4222]");
            System.out.println("  --nats: two nodes joined over that NATS server; the publisher on the first, subscribers on both");
            return;
        }
        boolean fanout = options.get("mode").equals("fanout");
        int size = Integer.parseInt(options.get("size"));
        int subscribers = fanout ? Integer.parseInt(options.get("subscribers")) : 0;
        long messages = Long.parseLong(options.get("messages"));
        if (messages == 0) {
            messages = fanout ? Math.max(20_000, 5_000_000 / subscribers) : 2_000_000;
        }
        int window = Integer.parseInt(options.get("window"));
        int rounds = Integer.parseInt(options.get("rounds"));

        String nats = options.get("nats");
        try (NettyTransport transport = new NettyTransport(Integer.parseInt(options.get("io-threads")), null)) {
            RoomBroker brokerA = new RoomBroker();
            NucosServer server = NucosServer.builder().transport(transport).framing(new EomDelimiterFraming())
                    .broker(brokerA).authenticationRequired(false).build();
            AtomicLong serverReceived = new AtomicLong();
            server.onEvent("bench", message -> serverReceived.incrementAndGet());
            int port = server.listen(new EndpointSpec("bench", "127.0.0.1", 0, null)).localAddress().getPort();
            ConnectSpec spec = new ConnectSpec("bench", "127.0.0.1", port, null, Duration.ofSeconds(5));
            // With --nats a second node, its rooms joined to the first's: subscribers alternate between them.
            NucosServer serverB = null;
            ConnectSpec specB = spec;
            List<NatsRoomFederation> federations = new ArrayList<>();
            if (!nats.isEmpty()) {
                RoomBroker brokerB = new RoomBroker();
                serverB = NucosServer.builder().transport(transport).framing(new EomDelimiterFraming())
                        .broker(brokerB).authenticationRequired(false).build();
                int portB = serverB.listen(new EndpointSpec("bench-b", "127.0.0.1", 0, null)).localAddress().getPort();
                specB = new ConnectSpec("bench-b", "127.0.0.1", portB, null, Duration.ofSeconds(5));
                String subject = "bench.rooms." + System.nanoTime();
                for (RoomBroker broker : List.of(brokerA, brokerB)) {
                    NatsRoomFederation federation = NatsRoomFederation.start(List.of(nats), broker == brokerA ? "a" : "b", subject, broker);
                    broker.setFederation(federation);
                    federations.add(federation);
                }
                System.out.println("nucos: two nodes joined over NATS " + nats + "; subscribers alternate between them");
            }

            List<NucosClient> members = new ArrayList<>();
            List<Subscriber> counters = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                NucosClient member = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming()).build();
                Subscriber counter = new Subscriber();
                member.onRoomEvent("bench", "m", message -> counter.take((String) message.content()));
                member.connect(i % 2 == 1 ? specB : spec).toCompletableFuture().get(10, TimeUnit.SECONDS);
                member.subscribe("bench");
                members.add(member);
                counters.add(counter);
            }
            NucosClient publisher = NucosClient.builder().transport(transport).framing(new EomDelimiterFraming()).build();
            publisher.connect(spec).toCompletableFuture().get(10, TimeUnit.SECONDS);
            publisher.subscribe("bench"); // publishing needs membership; its own echoes are not counted
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            NucosServer onB = serverB;
            int expectedOnA = serverB == null ? subscribers : (subscribers + 1) / 2;
            while (fanout && System.nanoTime() < deadline
                    && (server.broker().room("bench").map(info -> info.members()).orElse(0) < expectedOnA + 1
                        || onB != null && onB.broker().room("bench").map(info -> info.members()).orElse(0) < subscribers / 2)) {
                Thread.sleep(10);
            }
            Thread.sleep(serverB == null ? 0 : 500); // the NATS subscriptions are registered

            String padding = "x".repeat(Math.max(0, size - 12));
            for (int round = 1; round <= rounds; round++) {
                for (Subscriber counter : counters) {
                    counter.reset();
                }
                serverReceived.set(0);
                long start = System.nanoTime();
                for (long seq = 0; seq < messages; seq++) {
                    String content = sequenceNumber(seq) + padding;
                    boolean sent;
                    do {
                        sent = fanout ? publisher.publish("bench", "m", content) : publisher.send("bench", content);
                        if (!sent) {
                            LockSupport.parkNanos(20_000); // two cores: a spinning publisher starves the I/O threads
                        }
                    } while (!sent);
                    if (fanout && (seq & 255) == 0) {
                        while (seq - slowest(counters) > window) {
                            LockSupport.parkNanos(20_000);
                        }
                    }
                }
                long expected = messages;
                if (fanout) {
                    long last = -1;
                    long stalledSince = System.nanoTime();
                    while (slowest(counters) < expected) {
                        long now = slowest(counters);
                        if (now != last) {
                            last = now;
                            stalledSince = System.nanoTime();
                        } else if (System.nanoTime() - stalledSince > TimeUnit.SECONDS.toNanos(10)) {
                            break; // nothing more for 10 s: what is missing is lost
                        }
                        Thread.sleep(1);
                    }
                } else {
                    while (serverReceived.get() < expected) {
                        Thread.sleep(1);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (fanout) {
                    long disorder = counters.stream().mapToLong(c -> c.outOfOrder).sum();
                    long deliveries = counters.stream().mapToLong(c -> c.received).sum();
                    long lost = expected * subscribers - deliveries;
                    System.out.printf("nucos fanout 1->%d%s, %d B: round %d: %,d publishes, %,.0f deliveries/s (%,.0f publishes/s), "
                            + "lost %d, out of order %d%n", subscribers, serverB == null ? "" : " over two nodes", size, round,
                            expected, deliveries / seconds, expected / seconds, lost, disorder);
                    if (disorder != 0) {
                        throw new IllegalStateException("deliveries out of order");
                    }
                    Results.report("nucos fan-out 1->" + subscribers + (serverB == null ? "" : " 2 nodes") + " " + size + " B",
                            "deliveries/s", deliveries / seconds, "");
                } else {
                    System.out.printf("nucos send client->server, %d B: round %d: %,d messages, %,.0f msg/s%n",
                            size, round, expected, expected / seconds);
                    Results.report("nucos client->server " + size + " B", "msg/s", expected / seconds, "");
                }
            }
            publisher.close();
            members.forEach(NucosClient::close);
            federations.forEach(NatsRoomFederation::close);
            if (serverB != null) {
                serverB.close();
            }
            server.close();
        }
    }

    /** {@code seq} as 12 digits with leading zeros (String.format costs more than the send). */
    private static String sequenceNumber(long seq) {
        String digits = Long.toString(seq);
        return "0".repeat(12 - digits.length()) + digits;
    }

    private static long slowest(List<Subscriber> counters) {
        long min = Long.MAX_VALUE;
        for (Subscriber counter : counters) {
            min = Math.min(min, counter.received);
        }
        return counters.isEmpty() ? Long.MAX_VALUE : min;
    }

    /** Counts a subscriber's deliveries and checks they arrive in publish order. */
    private static final class Subscriber {
        volatile long received;
        long outOfOrder;

        void take(String content) {
            long seq = Long.parseLong(content, 0, 12, 10);
            if (seq != received) {
                outOfOrder++;
            }
            received = received + 1; // one I/O thread per connection: no lost updates
        }

        void reset() {
            received = 0;
            outOfOrder = 0;
        }
    }
}
