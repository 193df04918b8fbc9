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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import dev.patchbay.storage.jdbc.GroupCommitWriter;
import dev.patchbay.storage.jdbc.SqlWork;
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
 * <p>One connection, used by a {@link GroupCommitWriter}, applies operations in the order they
 * were called, as many as are waiting in one transaction (group commit), and completes them after
 * the commit. Reads go through the same writer, so they see every write called before them.
 */
public final class PostgresMessageStore implements MessageStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresMessageStore.class);
    private static final int MAX_BATCH = 4096;
    /** Taken while the table is created, so that two nodes starting at once do not race on it. */
    private static final long SCHEMA_LOCK = 0x7061746368626179L; // "patchbay"

    private final String owner;
    private final String description;
    private final GroupCommitWriter writer;

    private PostgresMessageStore(String owner, String description, Connection connection) {
        this.owner = owner;
        this.description = description;
        this.writer = new GroupCommitWriter(connection, description, MAX_BATCH);
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

    /**
     * Called once, on a thread of its own, if the connection breaks (the lock is gone with it):
     * the store must be reopened.
     */
    public void onLost(Runnable lost) {
        writer.onLost(lost);
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
        });
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
        });
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
        });
    }

    // --- reads, in order with the writes

    @Override
    public List<Message> peek(String queue, int limit) {
        return read(connection -> {
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
    }

    @Override
    public long depth(String queue) {
        return read(connection -> {
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
        return read(connection -> {
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
    }

    private <T> T read(SqlWork<T> work) {
        return writer.call(batch -> work.run(batch.connection()));
    }

    private <T> CompletableFuture<T> submit(SqlWork<T> work) {
        return writer.submit(batch -> work.run(batch.connection()));
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

    /**
     * Finishes what was called before, then releases the owner's lock and closes the connection.
     * The lock is released by a statement, not left to the connection's end: the server ends a
     * session after the client has gone, so a standby trying at once could still find it held.
     */
    @Override
    public void close() {
        try {
            read(connection -> {
                try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    unlock.setLong(1, ownerLock(owner));
                    unlock.execute();
                }
                return null;
            });
        } catch (StoreException closedOrLost) {
            // the lock went with the connection
        }
        writer.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
