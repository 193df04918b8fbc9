package dev.patchbay.benchmarks;

import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.api.peer.PeerConnection;
import dev.patchbay.api.peer.PeerListener;
import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.snakemq.SnakeMqPeer;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Peer-to-peer throughput: a sender peer and a receiver peer in this process, connected over
 * loopback. The sender queues {@code --messages} messages of {@code --size} bytes as fast as the
 * queue takes them (keeping at most {@code --backlog} queued); the figure is messages received
 * per second, from the first send to the last receipt.
 *
 * <p>{@code --mode transient}: plain snakeMQ messages. {@code --mode persistent}: persistent
 * messages stored in SQLite (FULL durability, group commit) with acknowledged delivery on both
 * sides, so each message is written to the store, sent, acknowledged, and removed.
 */
final class SnakeMqLoad {

    private SnakeMqLoad() {
    }

    static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of(
                "mode", "transient", "size", "128", "messages", "0", "backlog", "200000", "rounds", "3",
                "io-threads", "2"));
        if (options.containsKey("help")) {
            System.out.println("snakemq [--mode transient|persistent] [--size 128] [--messages N] [--rounds 3] "
                    + "[--backlog 200000] [--io-threads 2]");
            return;
        }
        boolean persistent = options.get("mode").equals("persistent");
        int size = Integer.parseInt(options.get("size"));
        long messages = Long.parseLong(options.get("messages"));
        if (messages == 0) {
            messages = persistent ? 300_000 : 3_000_000;
        }
        int backlog = Integer.parseInt(options.get("backlog"));
        int rounds = Integer.parseInt(options.get("rounds"));

        Path folder = Files.createTempDirectory("patchbay-snakemq-bench-");
        try (NettyTransport transport = new NettyTransport(Integer.parseInt(options.get("io-threads")), null)) {
            SqliteMessageStore store = persistent
                    ? new SqliteMessageStore(folder.resolve("sender.db"), SqliteMessageStore.Durability.FULL, 65536) : null;
            AtomicLong received = new AtomicLong();
            CountDownLatch[] done = {null};
            long[] target = {0};
            SnakeMqPeer receiver = SnakeMqPeer.builder("receiver").transport(transport).framing(new Uint32LengthFraming())
                    .acknowledgements(persistent).build();
            receiver.addListener(new PeerListener() {
                @Override
                public void received(PeerConnection from, PeerMessage message) {
                    if (received.incrementAndGet() == target[0]) {
                        done[0].countDown();
                    }
                }
            });
            int port = receiver.listen(new EndpointSpec("bench", "127.0.0.1", 0, null)).localAddress().getPort();
            SnakeMqPeer sender = SnakeMqPeer.builder("sender").transport(transport).framing(new Uint32LengthFraming())
                    .acknowledgements(persistent).store(store).maxQueuedMessages(backlog * 2).build();
            CountDownLatch connected = new CountDownLatch(1);
            sender.addListener(new PeerListener() {
                @Override
                public void connected(PeerConnection connection) {
                    connected.countDown();
                }
            });
            sender.connect(new ConnectSpec("bench", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofSeconds(1));
            if (!connected.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the peers did not connect");
            }
            byte[] payload = new byte[size];
            System.out.printf("snakemq  %s, %d-byte messages, %d per round, %d rounds (first is warm-up)%n",
                    persistent ? "persistent + acknowledged, SQLite FULL" : "transient", size, messages, rounds);
            for (int round = 0; round < rounds; round++) {
                received.set(0);
                target[0] = messages;
                done[0] = new CountDownLatch(1);
                long start = System.nanoTime();
                for (long i = 0; i < messages; i++) {
                    while (sender.queued("receiver") >= backlog) {
                        LockSupport.parkNanos(50_000);
                    }
                    PeerMessage message = new PeerMessage(UUID.randomUUID(), payload, null, persistent ? PeerMessage.FLAG_PERSISTENT : 0);
                    sender.send("receiver", message);
                }
                if (!done[0].await(300, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("only " + received.get() + " of " + messages + " arrived");
                }
                long elapsed = System.nanoTime() - start;
                String storeNote = "";
                if (store != null) {
                    // Done only when every message was also acknowledged and removed from the store.
                    while (store.depth("receiver") > 0) {
                        Thread.sleep(2);
                    }
                    long cycle = System.nanoTime() - start;
                    Results.report("snakemq", "persistent+ack " + size + " B, stored to removed", messages / (cycle / 1e9), "msg/s");
                    storeNote = String.format("; stored, delivered, acknowledged and removed: %,.0f msg/s (%.2f s)",
                            messages / (cycle / 1e9), cycle / 1e9);
                }
                Results.report("snakemq", (persistent ? "persistent+ack " : "transient ") + size + " B, received",
                        messages / (elapsed / 1e9), "msg/s");
                System.out.printf("snakemq  round %d: received %,.0f msg/s (%,d messages in %.2f s)%s%n", round,
                        messages / (elapsed / 1e9), messages, elapsed / 1e9, storeNote);
            }
            sender.close();
            receiver.close();
            if (store != null) {
                store.close();
            }
        } finally {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
