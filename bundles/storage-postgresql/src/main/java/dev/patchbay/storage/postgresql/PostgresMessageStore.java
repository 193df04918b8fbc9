package dev.patchbay.storage.postgresql;

import dev.patchbay.api.message.Message;
import dev.patchbay.api.store.MessageStore;
import dev.patchbay.api.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snakeMQ peer's persistent queues in PostgreSQL, so that they outlive the node's disk and
 * another node can take over the peer's identity. Each store belongs to one owner (the peer
 * identity whose outgoing queues it keeps) and holds PostgreSQL's session advisory lock of that
 * owner while it is open: a second node opening the same owner's store is refused until the
 * first one closes or its connection ends (the node died), and then finds every queued message.
 *
 * <p>One connection, used by one writer thread, applies operations in the order they were
 * called, as many as are waiting in one transaction (group commit), and completes them after the
 * commit. Reads go through the same thread, so they see every write called before them.
 */
public final class PostgresMessageStore implements MessageStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMessageStore.class);
    private static final long READ_TIMEOUT_SECONDS = 30;
    private static final int MAX_BATCH = 4096;
    /** Taken while the table is created, so that two nodes starting at once do not race on it. */
    private static final long SCHEMA_LOCK = 0x7061746368626179L; // "patchbay"

    @FunctionalInterface
    private interface SqlWork {
        Object run(Connection connection) throws SQLException;
    }

    /** Work the writer runs inside a batch's transaction; {@code done} gets its result after the commit. */
    private record Operation(SqlWork work, CompletableFuture<Object> done) {
        Object run(Connection connection) throws SQLException {
            return work.run(connection);
        }
    }

    /** Queued by {@link #close}: what was called before it is done, then the writer ends. */
    private static final Operation STOP = new Operation(connection -> null, new CompletableFuture<>());

    private final String owner;
    private final String description;
    private final Connection connection;
    private final BlockingQueue<Operation> operations = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    private volatile Runnable onLost = () -> { };

    private PostgresMessageStore(String owner, String description, Connection connection) {
        this.owner = owner;
        this.description = description;
        this.connection = connection;
        this.writer = new Thread(this::writeLoop, "patchbay-pg-messages " + owner);
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Connects, creates the table if needed and takes {@code owner}'s lock.
     *
     * @param password empty for none
     * @throws StoreException if the database cannot be used, or another node owns these queues now
     */
    public static PostgresMessageStore open(String url, String user, String password, String owner) {
        PGSimpleDataSource source = PostgresDataSources.of(url, user, password, "patchbay peer " + owner);
        Connection connection = null;
        try {
            connection = source.getConnection();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
                statement.execute("CREATE TABLE IF NOT EXISTS patchbay_peer_messages ("
                        + "owner TEXT NOT NULL, queue TEXT NOT NULL, seq BIGSERIAL NOT NULL, id UUID NOT NULL, "
                        + "payload BYTEA NOT NULL, header_names TEXT[] NOT NULL, header_values TEXT[] NOT NULL, "
                        + "created_ms BIGINT NOT NULL, expires_ms BIGINT, persistent BOOLEAN NOT NULL, "
                        + "PRIMARY KEY (owner, queue, id))");
                statement.execute("CREATE INDEX IF NOT EXISTS patchbay_peer_messages_order ON patchbay_peer_messages (owner, queue, seq)");
            }
            connection.commit();
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                lock.setLong(1, ownerLock(owner));
                try (ResultSet result = lock.executeQuery()) {
                    result.next();
                    if (!result.getBoolean(1)) {
                        throw new StoreException("the queues of '" + owner + "' at " + url
                                + " are owned by another node now (one owner at a time)", null);
                    }
                }
            }
            connection.commit();
            LOG.info("PostgreSQL message store of '{}' at {} open", owner, url);
            return new PostgresMessageStore(owner, "PostgreSQL store of '" + owner + "' at " + url, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException("cannot open the PostgreSQL message store at " + url + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** The advisory lock key of an owner: 64 bits of a name-based UUID of it. */
    static long ownerLock(String owner) {
        return UUID.nameUUIDFromBytes(("patchbay-peer-store:" + owner).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    /** Called once if the connection breaks (the lock is gone with it): the store must be reopened. */
    public void onLost(Runnable lost) {
        this.onLost = lost;
    }

    public String owner() {
        return owner;
    }

    // --- writes

    @Override
    public CompletionStage<Void> append(String queue, Message message) {
        return submit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO patchbay_peer_messages "
                    + "(owner, queue, id, payload, header_names, header_values, created_ms, expires_ms, persistent) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                List<String> names = new ArrayList<>(message.headers().keySet());
                List<String> values = new ArrayList<>(names.size());
                names.forEach(name -> values.add(message.headers().get(name)));
                insert.setString(1, owner);
                insert.setString(2, queue);
                insert.setObject(3, message.id());
                insert.setBytes(4, message.payload());
                insert.setArray(5, connection.createArrayOf("text", names.toArray()));
                insert.setArray(6, connection.createArrayOf("text", values.toArray()));
                insert.setLong(7, message.createdAt().toEpochMilli());
                if (message.expiresAt() == null) {
                    insert.setNull(8, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(8, message.expiresAt().toEpochMilli());
                }
                insert.setBoolean(9, message.persistent());
                insert.executeUpdate();
                return null;
            }
        }).thenApply(ignored -> null);
    }

    @Override
    public CompletionStage<Boolean> remove(String queue, UUID messageId) {
        return submit(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM patchbay_peer_messages WHERE owner = ? AND queue = ? AND id = ?")) {
                delete.setString(1, owner);
                delete.setString(2, queue);
                delete.setObject(3, messageId);
                return delete.executeUpdate() > 0;
            }
        }).thenApply(Boolean.class::cast);
    }

    @Override
    public CompletionStage<Void> removeAll(String queue, Collection<UUID> messageIds) {
        if (messageIds.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        UUID[] ids = messageIds.toArray(new UUID[0]);
        return submit(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM patchbay_peer_messages WHERE owner = ? AND queue = ? AND id = ANY (?)")) {
                Array array = connection.createArrayOf("uuid", ids);
                delete.setString(1, owner);
                delete.setString(2, queue);
                delete.setArray(3, array);
                delete.executeUpdate();
                return null;
            }
        }).thenApply(ignored -> null);
    }

    // --- reads, in order with the writes

    @Override
    public List<Message> peek(String queue, int limit) {
        @SuppressWarnings("unchecked")
        List<Message> messages = (List<Message>) read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, payload, header_names, header_values, "
                    + "created_ms, expires_ms, persistent FROM patchbay_peer_messages WHERE owner = ? AND queue = ? "
                    + "ORDER BY seq LIMIT ?")) {
                select.setString(1, owner);
                select.setString(2, queue);
                select.setInt(3, Math.max(0, limit));
                List<Message> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        String[] names = (String[]) rows.getArray(3).getArray();
                        String[] values = (String[]) rows.getArray(4).getArray();
                        Map<String, String> headers = new LinkedHashMap<>();
                        for (int i = 0; i < names.length; i++) {
                            headers.put(names[i], values[i]);
                        }
                        long expires = rows.getLong(6);
                        boolean neverExpires = rows.wasNull();
                        found.add(new Message(rows.getObject(1, UUID.class), queue, rows.getBytes(2), headers,
                                Instant.ofEpochMilli(rows.getLong(5)), neverExpires ? null : Instant.ofEpochMilli(expires),
                                rows.getBoolean(7)));
                    }
                }
                return found;
            }
        });
        return messages;
    }

    @Override
    public long depth(String queue) {
        return (Long) read(connection -> {
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT count(*) FROM patchbay_peer_messages WHERE owner = ? AND queue = ?")) {
                count.setString(1, owner);
                count.setString(2, queue);
                try (ResultSet result = count.executeQuery()) {
                    result.next();
                    return result.getLong(1);
                }
            }
        });
    }

    @Override
    public Set<String> queues() {
        @SuppressWarnings("unchecked")
        Set<String> names = (Set<String>) read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT DISTINCT queue FROM patchbay_peer_messages WHERE owner = ? ORDER BY queue")) {
                select.setString(1, owner);
                Set<String> found = new LinkedHashSet<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                }
                return found;
            }
        });
        return names;
    }

    private Object read(SqlWork work) {
        try {
            return submit(work).get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StoreException store ? store : new StoreException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException(description + " did not answer within " + READ_TIMEOUT_SECONDS + " s", e);
        }
    }

    private CompletableFuture<Object> submit(SqlWork work) {
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException(description + " is closed", null));
        }
        Operation operation = new Operation(work, new CompletableFuture<>());
        operations.add(operation);
        if (closed) {
            operation.done().completeExceptionally(new StoreException(description + " is closed", null));
        }
        return operation.done();
    }

    // --- the writer

    private void writeLoop() {
        List<Operation> batch = new ArrayList<>();
        try {
            while (true) {
                batch.clear();
                batch.add(operations.take());
                operations.drainTo(batch, MAX_BATCH - 1);
                boolean stop = batch.removeIf(operation -> operation == STOP);
                if (!batch.isEmpty() && !runBatch(batch)) {
                    return; // the connection broke
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failPending(new StoreException(description + " is closed", null));
        }
    }

    /** @return {@code false} if the connection is gone */
    private boolean runBatch(List<Operation> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try {
            for (Operation operation : batch) {
                results.add(operation.run(connection));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            if (!usable()) {
                lost(e, batch);
                return false;
            }
            // one operation failed: the others must not pay for it
            for (Operation operation : batch) {
                runAlone(operation);
            }
            return usable();
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(results.get(i));
        }
        return true;
    }

    private void runAlone(Operation operation) {
        try {
            Object result = operation.run(connection);
            connection.commit();
            operation.done().complete(result);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            operation.done().completeExceptionally(e instanceof StoreException store ? store
                    : new StoreException(description + ": " + e.getMessage(), e));
        }
    }

    private boolean usable() {
        try {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private void lost(Exception cause, List<Operation> batch) {
        closed = true;
        LOG.warn("{}: the connection is lost ({}); the owner's lock went with it, the store must be opened again",
                description, cause.getMessage());
        StoreException failure = new StoreException(description + " lost its connection: " + cause.getMessage(), cause);
        batch.forEach(operation -> operation.done().completeExceptionally(failure));
        closeQuietly(connection);
        try {
            onLost.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the lost-connection callback failed", description, e);
        }
    }

    private void failPending(StoreException failure) {
        List<Operation> left = new ArrayList<>();
        operations.drainTo(left);
        left.forEach(operation -> operation.done().completeExceptionally(failure));
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is checked next
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    /** Finishes what was called before, then releases the owner's lock (by closing the connection). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        operations.add(STOP);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(READ_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        failPending(new StoreException(description + " is closed", null));
        closeQuietly(connection);
    }

    @Override
    public String toString() {
        return description;
    }
}
