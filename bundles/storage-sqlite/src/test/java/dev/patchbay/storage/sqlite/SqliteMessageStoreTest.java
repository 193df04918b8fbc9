package dev.patchbay.storage.sqlite;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.MessageStoreContract;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.sqlite.SQLiteDataSource;

public class SqliteMessageStoreTest extends MessageStoreContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path file;

    @Override
    protected MessageStore open() throws Exception {
        file = folder.getRoot().toPath().resolve("store.db");
        return new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 8192);
    }

    @Override
    protected void close(MessageStore store) {
        ((SqliteMessageStore) store).close();
    }

    @Test
    public void messagesSurviveClosingAndReopening() throws Exception {
        Message kept = message("bob", "kept");
        await(store.append("bob", kept));
        ((SqliteMessageStore) store).close();
        store = new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 8192);
        assertEquals(List.of(kept), store.peek("bob", 10));
    }

    @Test
    public void closeFinishesWhatWasCalledBefore() throws Exception {
        List<Message> sent = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            Message message = message("q", "m" + i);
            sent.add(message);
            store.append("q", message);
        }
        ((SqliteMessageStore) store).close();
        store = new SqliteMessageStore(file, SqliteMessageStore.Durability.FULL, 8192);
        assertEquals(sent, store.peek("q", 5000));
    }

    /**
     * A child JVM appends as fast as it can and prints the id of every append that completed;
     * it is killed with SIGKILL mid-stream. Every id it printed must be in the file, and the file
     * must pass SQLite's integrity check.
     */
    @Test
    public void everyCompletedAppendSurvivesAKilledProcess() throws Exception {
        ((SqliteMessageStore) store).close();
        Path crashFile = folder.getRoot().toPath().resolve("crash.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(), crashFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Set<UUID> acknowledged = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; acknowledged.size() < 20_000 && (line = lines.readLine()) != null; ) {
                acknowledged.add(UUID.fromString(line));
            }
            // SIGKILL on Linux: the child gets no chance to clean up. (Process.destroyForcibly
            // would also close our end of its stdout, losing ids printed just before the kill.)
            child.toHandle().destroyForcibly();
            assertTrue("child exited", child.waitFor(30, TimeUnit.SECONDS));
            for (String line; (line = lines.readLine()) != null; ) {
                acknowledged.add(UUID.fromString(line));
            }
        }
        assertTrue("the child appended before it was killed: " + acknowledged.size(), acknowledged.size() >= 20_000);

        SQLiteDataSource raw = new SQLiteDataSource();
        raw.setUrl("jdbc:sqlite:" + crashFile);
        try (Connection connection = raw.getConnection(); Statement statement = connection.createStatement();
             ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
            check.next();
            assertEquals("ok", check.getString(1));
        }
        store = new SqliteMessageStore(crashFile, SqliteMessageStore.Durability.FULL, 8192);
        Set<UUID> stored = new HashSet<>();
        for (Message message : store.peek("q", Integer.MAX_VALUE)) {
            stored.add(message.id());
            assertEquals("payload-" + message.id(), new String(message.payload(), StandardCharsets.UTF_8));
        }
        Set<UUID> lost = new HashSet<>(acknowledged);
        lost.removeAll(stored);
        assertEquals("acknowledged appends missing after the kill", Set.of(), lost);
    }

    /** The child process of {@link #everyCompletedAppendSurvivesAKilledProcess}. */
    public static final class AppendUntilKilled {
        public static void main(String[] args) throws Exception {
            SqliteMessageStore store = new SqliteMessageStore(Path.of(args[0]), SqliteMessageStore.Durability.FULL, 8192);
            while (true) {
                UUID id = UUID.randomUUID();
                Message message = new Message(id, "q", ("payload-" + id).getBytes(StandardCharsets.UTF_8),
                        null, java.time.Instant.now(), null, true);
                store.append("q", message).thenRun(() -> {
                    synchronized (System.out) {
                        System.out.println(id);
                        System.out.flush();
                    }
                });
            }
        }
    }
}
