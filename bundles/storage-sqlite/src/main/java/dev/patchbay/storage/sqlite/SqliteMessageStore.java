package dev.patchbay.storage.sqlite;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Messages in one SQLite file. A single writer thread owns the connection and applies
 * operations in the order they were called, as many as are waiting in one transaction (group
 * commit): with {@code synchronous=FULL} each transaction costs one fsync, whatever number of
 * messages it holds. An append and a remove of the same message that meet in one batch cancel
 * out without writing the message, which is the common case for a message delivered as soon as
 * it was sent.
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
    private static final long READ_TIMEOUT_SECONDS = 30;

    private sealed interface Operation permits Append, Remove, Read, Stop {
    }

    /** Queued by {@link #close()}: everything before it is done, nothing after it is accepted. */
    private record Stop() implements Operation {
    }

    private record Append(String queue, Message message, CompletableFuture<Void> done) implements Operation {
    }

    private record Remove(String queue, UUID id, CompletableFuture<Boolean> done) implements Operation {
    }

    private record Read(SqlFunction<?> query, CompletableFuture<Object> done) implements Operation {
    }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    private record Key(String queue, UUID id) {
    }

    private final Path file;
    private final int maxBatch;
    private final BlockingQueue<Operation> operations = new LinkedBlockingQueue<>();
    private final Connection connection;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * Opens (creating if needed) the store in {@code file}.
     *
     * @param maxBatch most operations committed in one transaction
     * @throws StoreException if the file cannot be opened or is not a Patchbay store
     */
    public SqliteMessageStore(Path file, Durability durability, int maxBatch) {
        this.file = file.toAbsolutePath();
        this.maxBatch = maxBatch;
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(durability == Durability.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(10_000);
            SQLiteDataSource dataSource = new SQLiteDataSource(config);
            dataSource.setUrl("jdbc:sqlite:" + this.file);
            connection = dataSource.getConnection();
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
            connection.setAutoCommit(false);
            insert = connection.prepareStatement("INSERT OR IGNORE INTO patchbay_messages "
                    + "(queue, id, created_ms, expires_ms, persistent, headers, payload) VALUES (?, ?, ?, ?, ?, ?, ?)");
            delete = connection.prepareStatement("DELETE FROM patchbay_messages WHERE queue = ? AND id = ?");
        } catch (SQLException | IOException e) {
            throw new StoreException("cannot open SQLite store " + this.file + ": " + e.getMessage(), e);
        }
        writer = new Thread(this::writeLoop, "patchbay-sqlite-writer");
        writer.setDaemon(true);
        writer.start();
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
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Append(queue, message, done), done);
        return done;
    }

    @Override
    public CompletionStage<Boolean> remove(String queue, UUID messageId) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(new Remove(queue, messageId, done), done);
        return done;
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
        if (closed) {
            return;
        }
        closed = true;
        operations.add(new Stop());
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing SQLite store {}: {}", file, e.getMessage());
        }
        LOG.info("SQLite store {} closed", file);
    }

    private void submit(Operation operation, CompletableFuture<?> done) {
        if (closed) {
            done.completeExceptionally(new StoreException("SQLite store " + file + " is closed", null));
            return;
        }
        operations.add(operation);
    }

    @SuppressWarnings("unchecked")
    private <T> T read(SqlFunction<T> query) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        submit(new Read(query, done), done);
        try {
            return (T) done.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while reading " + file, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store ? store
                    : new StoreException("reading " + file + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("reading " + file + " took longer than " + READ_TIMEOUT_SECONDS + " s", e);
        }
    }

    private void writeLoop() {
        List<Operation> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(operations.take());
            } catch (InterruptedException e) {
                continue;
            }
            operations.drainTo(batch, maxBatch - 1);
            int stop = indexOfStop(batch);
            if (stop >= 0) {
                stopping = true;
                batch.subList(stop, batch.size()).clear();
            }
            process(batch);
            batch.clear();
        }
        // Raced with close(): called after the Stop was queued.
        StoreException closedStore = new StoreException("SQLite store " + file + " is closed", null);
        for (Operation late; (late = operations.poll()) != null; ) {
            completeExceptionally(late, closedStore);
        }
    }

    private static int indexOfStop(List<Operation> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Stop) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Applies a batch as if in call order, with as few statements as possible. Appends and
     * removes wait until the batch ends (or a read needs them) and then run as two JDBC batches,
     * removes first. That order is only wrong for a remove followed by an append of the same
     * message, so such an append runs the waiting removes first. An append removed again within
     * the batch is never written.
     */
    private void process(List<Operation> batch) {
        Pending pending = new Pending();
        for (Operation operation : batch) {
            try {
                if (operation instanceof Append append) {
                    Key key = new Key(append.queue(), append.message().id());
                    if (pending.removes.containsKey(key)) {
                        runRemoves(pending);
                    }
                    if (pending.appends.putIfAbsent(key, append) != null) {
                        pending.onCommit.add(() -> append.done().complete(null));
                    }
                } else if (operation instanceof Remove remove) {
                    // The row may exist from an earlier batch even when this batch appended it
                    // again (appends are idempotent), so the delete runs even when it cancels.
                    Key key = new Key(remove.queue(), remove.id());
                    Append cancelled = pending.appends.remove(key);
                    if (cancelled != null) {
                        pending.onCommit.add(() -> cancelled.done().complete(null));
                    }
                    pending.removes.computeIfAbsent(key, k -> new ArrayList<>()).add(new Removal(remove, cancelled != null));
                } else if (operation instanceof Read read) {
                    commit(pending);
                    read.done().complete(read.query().apply(connection));
                }
            } catch (SQLException | RuntimeException e) {
                fail(pending, batch, e);
                return;
            }
        }
        try {
            commit(pending);
        } catch (SQLException | RuntimeException e) {
            fail(pending, batch, e);
        }
    }

    /** A remove waiting in a batch; {@code cancelledAppend}: it removed an append of the same batch. */
    private record Removal(Remove remove, boolean cancelledAppend) {
    }

    /** What a batch has not written yet. */
    private static final class Pending {
        final Map<Key, Append> appends = new LinkedHashMap<>();
        final Map<Key, List<Removal>> removes = new LinkedHashMap<>();
        final List<Runnable> onCommit = new ArrayList<>();
    }

    private void runRemoves(Pending pending) throws SQLException {
        if (pending.removes.isEmpty()) {
            return;
        }
        List<Key> keys = new ArrayList<>(pending.removes.keySet());
        for (Key key : keys) {
            delete.setString(1, key.queue());
            delete.setBytes(2, bytes(key.id()));
            delete.addBatch();
        }
        int[] counts = delete.executeBatch();
        for (int i = 0; i < keys.size(); i++) {
            boolean deleted = counts[i] > 0;
            List<Removal> removals = pending.removes.get(keys.get(i));
            for (int r = 0; r < removals.size(); r++) {
                Removal removal = removals.get(r);
                // Only the first remove of a message finds it.
                boolean removed = r == 0 && (deleted || removal.cancelledAppend());
                pending.onCommit.add(() -> removal.remove().done().complete(removed));
            }
        }
        pending.removes.clear();
    }

    private void commit(Pending pending) throws SQLException {
        runRemoves(pending);
        for (Append append : pending.appends.values()) {
            Message message = append.message();
            insert.setString(1, append.queue());
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
            pending.onCommit.add(() -> append.done().complete(null));
        }
        if (!pending.appends.isEmpty()) {
            insert.executeBatch();
        }
        pending.appends.clear();
        connection.commit();
        pending.onCommit.forEach(Runnable::run);
        pending.onCommit.clear();
    }

    private void fail(Pending pending, List<Operation> batch, Exception cause) {
        LOG.error("SQLite store {}: a batch of {} operations failed and was rolled back", file, batch.size(), cause);
        try {
            insert.clearBatch();
            delete.clearBatch();
            connection.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
        StoreException failure = new StoreException("SQLite store " + file + ": " + cause.getMessage(), cause);
        batch.forEach(operation -> completeExceptionally(operation, failure));
    }

    private static void completeExceptionally(Operation operation, StoreException failure) {
        if (operation instanceof Append append) {
            append.done().completeExceptionally(failure);
        } else if (operation instanceof Remove remove) {
            remove.done().completeExceptionally(failure);
        } else if (operation instanceof Read read) {
            read.done().completeExceptionally(failure);
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
