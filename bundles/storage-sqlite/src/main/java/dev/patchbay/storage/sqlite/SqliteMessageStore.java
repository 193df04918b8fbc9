package dev.patchbay.storage.sqlite;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.StoreException;
import dev.patchbay.storage.jdbc.GroupCommitWriter;
import dev.patchbay.storage.jdbc.SqlWork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in one SQLite file, written by a {@link GroupCommitWriter}: operations apply in the
 * order they were called, as many as are waiting in one transaction (group commit); with
 * {@code synchronous=FULL} each transaction costs one fsync, whatever number of messages it
 * holds. An append and a remove of the same message that meet in one batch cancel out without
 * writing the message, which is the common case for a message delivered as soon as it was sent.
 *
 * <p>The file survives a killed process: SQLite's write-ahead log makes every committed
 * transaction durable and every interrupted one invisible.
 */
public final class SqliteMessageStore implements MessageStore, AutoCloseable {

    /** How hard a commit waits for the disk. */
    public enum Durability {
        /** fsync at every commit: committed messages survive a power loss. */
        FULL,
        /** fsync at checkpoints only: committed messages survive a killed process, not a power loss. */
        NORMAL
    }

    private static final Logger LOG = LoggerFactory.getLogger(SqliteMessageStore.class);

    private record Key(String queue, UUID id) {
    }

    private final Path file;
    private final GroupCommitWriter writer;
    /** Prepared on the writer's connection; used only by the batch running on it (one at a time). */
    private final PreparedStatement insert;
    private final PreparedStatement delete;

    /**
     * Opens (creating if needed) the store in {@code file}.
     *
     * @param maxBatch most operations committed in one transaction
     * @throws StoreException if the file cannot be opened or is not a Patchbay store
     */
    public SqliteMessageStore(Path file, Durability durability, int maxBatch) {
        this.file = file.toAbsolutePath();
        Connection connection = null;
        try {
            connection = SqliteFiles.open(this.file, SqliteFiles.config(durability));
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("""
                        CREATE TABLE IF NOT EXISTS patchbay_messages (
                          seq        INTEGER PRIMARY KEY AUTOINCREMENT,
                          queue      TEXT    NOT NULL,
                          id         BLOB    NOT NULL,
                          created_ms INTEGER NOT NULL,
                          expires_ms INTEGER,
                          persistent INTEGER NOT NULL,
                          headers    BLOB    NOT NULL,
                          payload    BLOB    NOT NULL,
                          UNIQUE (queue, id))""");
            }
            insert = connection.prepareStatement("INSERT OR IGNORE INTO patchbay_messages "
                    + "(queue, id, created_ms, expires_ms, persistent, headers, payload) VALUES (?, ?, ?, ?, ?, ?, ?)");
            delete = connection.prepareStatement("DELETE FROM patchbay_messages WHERE queue = ? AND id = ?");
        } catch (SQLException | IOException e) {
            closeQuietly(connection);
            throw new StoreException("cannot open SQLite store " + this.file + ": " + e.getMessage(), e);
        }
        writer = new GroupCommitWriter(connection, "SQLite store " + this.file, maxBatch);
        LOG.info("SQLite store {} open ({} durability)", this.file, durability);
    }

    public Path file() {
        return file;
    }

    @Override
    public String toString() {
        return "SQLite store " + file;
    }

    @Override
    public CompletionStage<Void> append(String queue, Message message) {
        Key key = new Key(queue, message.id());
        return writer.submit(batch -> {
            pending(batch).append(key, message);
            return null;
        });
    }

    @Override
    public CompletionStage<Boolean> remove(String queue, UUID messageId) {
        Key key = new Key(queue, messageId);
        CompletableFuture<Boolean> removed = new CompletableFuture<>();
        // completed by the batch once it knows whether the row was there, before the writer's own result
        return writer.submit(batch -> {
            pending(batch).remove(key, removed);
            return null;
        }).thenCompose(committed -> removed);
    }

    @Override
    public CompletionStage<Void> removeAll(String queue, Collection<UUID> messageIds) {
        List<CompletableFuture<Boolean>> all = new ArrayList<>(messageIds.size());
        for (UUID id : messageIds) {
            all.add(remove(queue, id).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Override
    public List<Message> peek(String queue, int limit) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, created_ms, expires_ms, persistent, "
                    + "headers, payload FROM patchbay_messages WHERE queue = ? ORDER BY seq LIMIT ?")) {
                select.setString(1, queue);
                select.setInt(2, limit);
                List<Message> messages = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long expires = rows.getLong(3);
                        Instant expiresAt = rows.wasNull() ? null : Instant.ofEpochMilli(expires);
                        messages.add(new Message(uuid(rows.getBytes(1)), queue, rows.getBytes(6),
                                decodeHeaders(rows.getBytes(5)), Instant.ofEpochMilli(rows.getLong(2)), expiresAt,
                                rows.getInt(4) != 0));
                    }
                }
                return messages;
            }
        });
    }

    @Override
    public long depth(String queue) {
        return read(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM patchbay_messages WHERE queue = ?")) {
                count.setString(1, queue);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    @Override
    public Set<String> queues() {
        return read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT DISTINCT queue FROM patchbay_messages")) {
                Set<String> names = new HashSet<>();
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
                return Set.copyOf(names);
            }
        });
    }

    /** Finishes every operation already called, then closes the file. */
    @Override
    public void close() {
        writer.close();
        LOG.info("SQLite store {} closed", file);
    }

    /** A read, in order with the writes called before it: it sees them, committed or not. */
    private <T> T read(SqlWork<T> query) {
        return writer.call(batch -> {
            pending(batch).write();
            return query.run(batch.connection());
        });
    }

    private Pending pending(GroupCommitWriter.Batch batch) {
        return batch.state(Pending.class, () -> {
            Pending created = new Pending(batch);
            batch.beforeCommit(connection -> {
                created.write();
                return null;
            });
            return created;
        });
    }

    /** A remove waiting in a batch; {@code cancelledAppend}: it removed an append of the same batch. */
    private record Removal(CompletableFuture<Boolean> removed, boolean cancelledAppend) {
    }

    /**
     * What a batch has not written yet. Appends and removes wait until the batch ends (or a read
     * needs them) and then run as two JDBC batches, removes first. That order is only wrong for a
     * remove followed by an append of the same message, so such an append writes the waiting
     * removes first. An append removed again within the batch is never written.
     */
    private final class Pending {
        private final GroupCommitWriter.Batch batch;
        private final Map<Key, Message> appends = new LinkedHashMap<>();
        private final Map<Key, List<Removal>> removes = new LinkedHashMap<>();

        Pending(GroupCommitWriter.Batch batch) {
            this.batch = batch;
        }

        void append(Key key, Message message) throws SQLException {
            if (removes.containsKey(key)) {
                writeRemoves();
            }
            appends.putIfAbsent(key, message);
        }

        void remove(Key key, CompletableFuture<Boolean> removed) {
            // The row may exist from an earlier batch even when this batch appended it again
            // (appends are idempotent), so the delete runs even when it cancels.
            boolean cancelled = appends.remove(key) != null;
            removes.computeIfAbsent(key, k -> new ArrayList<>()).add(new Removal(removed, cancelled));
        }

        void write() throws SQLException {
            writeRemoves();
            if (appends.isEmpty()) {
                return;
            }
            for (Map.Entry<Key, Message> append : appends.entrySet()) {
                Message message = append.getValue();
                insert.setString(1, append.getKey().queue());
                insert.setBytes(2, bytes(message.id()));
                insert.setLong(3, message.createdAt().toEpochMilli());
                if (message.expiresAt() == null) {
                    insert.setNull(4, java.sql.Types.INTEGER);
                } else {
                    insert.setLong(4, message.expiresAt().toEpochMilli());
                }
                insert.setInt(5, message.persistent() ? 1 : 0);
                insert.setBytes(6, encodeHeaders(message.headers()));
                insert.setBytes(7, message.payload());
                insert.addBatch();
            }
            appends.clear();
            try {
                insert.executeBatch();
            } finally {
                insert.clearBatch();
            }
        }

        private void writeRemoves() throws SQLException {
            if (removes.isEmpty()) {
                return;
            }
            List<Key> keys = new ArrayList<>(removes.keySet());
            for (Key key : keys) {
                delete.setString(1, key.queue());
                delete.setBytes(2, bytes(key.id()));
                delete.addBatch();
            }
            int[] counts;
            try {
                counts = delete.executeBatch();
            } finally {
                delete.clearBatch();
            }
            for (int i = 0; i < keys.size(); i++) {
                boolean deleted = counts[i] > 0;
                List<Removal> removals = removes.get(keys.get(i));
                for (int r = 0; r < removals.size(); r++) {
                    Removal removal = removals.get(r);
                    // Only the first remove of a message finds it.
                    boolean found = r == 0 && (deleted || removal.cancelledAppend());
                    batch.afterCommit(() -> removal.removed().complete(found));
                }
            }
            removes.clear();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the failure to open is what the caller hears about
            }
        }
    }

    private static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static UUID uuid(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    static byte[] encodeHeaders(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return new byte[0];
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(headers.size());
            for (Map.Entry<String, String> header : headers.entrySet()) {
                out.writeUTF(header.getKey());
                out.writeUTF(header.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Map<String, String> decodeHeaders(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return Map.of();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                headers.put(in.readUTF(), in.readUTF());
            }
            return headers;
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt headers", e);
        }
    }
}
