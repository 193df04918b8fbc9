package dev.patchbay.snakemq;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.peer.PeerMessage;
import dev.patchbay.api.transport.ConnectSpec;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.framing.Uint32LengthFraming;
import dev.patchbay.storage.sqlite.SqliteMessageStore;
import dev.patchbay.transport.netty.NettyTransport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A sending peer in a child JVM is killed with SIGKILL while it queues persistent messages for
 * an identity that is away; a new peer on the same SQLite file delivers every message whose
 * send had completed (was stored), each once.
 */
public class PeerKillTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Test
    public void everyStoredMessageIsDeliveredAfterTheSenderIsKilled() throws Exception {
        Path file = folder.getRoot().toPath().resolve("sender.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SendUntilKilled.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Set<UUID> stored = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; stored.size() < 5_000 && (line = lines.readLine()) != null; ) {
                stored.add(UUID.fromString(line));
            }
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            for (String line; (line = lines.readLine()) != null; ) {
                stored.add(UUID.fromString(line));
            }
        }
        assertTrue("the child stored messages before it was killed", stored.size() >= 5_000);

        try (NettyTransport transport = new NettyTransport(2, null);
             SqliteMessageStore store = new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 65536)) {
            SnakeMqPeer sender = SnakeMqPeer.builder("sender").transport(transport).framing(new Uint32LengthFraming())
                    .store(store).build();
            int port = sender.listen(new EndpointSpec("snakemq", "127.0.0.1", 0, null)).localAddress().getPort();
            SnakeMqPeer receiver = SnakeMqPeer.builder("receiver").transport(transport).framing(new Uint32LengthFraming()).build();
            Recorder events = new Recorder();
            receiver.addListener(events);
            receiver.connect(new ConnectSpec("to-sender", "127.0.0.1", port, null, Duration.ofSeconds(5)), Duration.ofMillis(100));
            Set<UUID> delivered = new HashSet<>();
            int duplicates = 0;
            for (Recorder.Received received; (received = events.received.poll(2, TimeUnit.SECONDS)) != null; ) {
                if (!delivered.add(received.message().id())) {
                    duplicates++;
                }
            }
            Set<UUID> lost = new HashSet<>(stored);
            lost.removeAll(delivered);
            assertEquals("stored before the kill but not delivered", Set.of(), lost);
            assertEquals(0, duplicates);
            receiver.close();
            sender.close();
        }
    }

    /** The child process: queues persistent messages for "receiver" and prints each id once it is stored. */
    public static final class SendUntilKilled {
        public static void main(String[] args) throws Exception {
            NettyTransport transport = new NettyTransport(1, null);
            SqliteMessageStore store = new SqliteMessageStore(Path.of(args[0]), SqliteMessageStore.Durability.FULL, 65536);
            SnakeMqPeer sender = SnakeMqPeer.builder("sender").transport(transport).framing(new Uint32LengthFraming())
                    .store(store).build();
            while (true) {
                PeerMessage message = PeerMessage.of("persistent".getBytes(StandardCharsets.US_ASCII)).persistent(true);
                while (sender.queued("receiver") > 100_000) {
                    Thread.sleep(1);
                }
                sender.send("receiver", message).thenRun(() -> {
                    synchronized (System.out) {
                        System.out.println(message.id());
                        System.out.flush();
                    }
                });
            }
        }
    }
}
