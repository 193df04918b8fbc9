package dev.patchbay.storage.jdbc;

import dev.patchbay.api.queue.PayloadKind;
import dev.patchbay.api.queue.QueueStatus;
import dev.patchbay.api.queue.QueueStore;
import dev.patchbay.api.queue.QueuedMessage;
import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.WeakHashMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The queue in one table, {@code queue_messages}, ordered by an auto-increment sequence. Every
 * method is a single statement (or a statement and its read-back) in one transaction, so state
 * changes are atomic; a pull claims its row with {@code UPDATE ... WHERE seq = (SELECT ... LIMIT 1)}
 * plus the dialect's row locking, which on PostgreSQL lets concurrent pullers on any number of
 * nodes skip each other's rows instead of waiting or claiming one twice.
 *
 * <p>Times are stored as epoch milliseconds. Statuses as their lower-case names.
 */
public final class JdbcQueueStore implements QueueStore, AutoCloseable {

    private static final String COLUMNS = "id, source, destination, status, tries, payload_type, kind, payload, "
            + "created, scheduled, processing, processed, updated";
    private static final String WAITING = "status IN ('pending', 'scheduled')";

    private final SqlRunner runner;
    private final String claimSql;
    /**
     * Prepared statements per connection: compiling SQL costs more than running these statements.
     * A runner lends a connection to one thread at a time, so each inner map has one user at a time.
     */
    private final Map<Connection, Map<String, PreparedStatement>> statements =
            Collections.synchronizedMap(new WeakHashMap<>());

    public JdbcQueueStore(SqlRunner runner, SqlDialect dialect) {
        this.runner = runner;
        // "seq + 0" orders as seq, but only the index of waiting messages delivers it: with plain
        // "seq", PostgreSQL's cached plan sometimes walks the primary key from the oldest row,
        // through every processed message (pulls fell from ~1,800/s to ~200/s in benchmarks)
        this.claimSql = "UPDATE queue_messages SET status = 'processing', tries = tries + 1, processing = ?, updated = ? "
                + ", ready = NULL WHERE seq = (SELECT seq FROM queue_messages" + dialect.claimIndexHint() + " WHERE destination = ? AND ready IS NOT NULL "
                + "AND ready <= ? ORDER BY seq + 0 LIMIT 1" + dialect.claimLocking() + ") "
                + "RETURNING " + COLUMNS;
        runner.run(connection -> {
            try (Statement statement = connection.createStatement()) {
                if (dialect.schemaLock() != null) {
                    statement.execute(dialect.schemaLock());
                }
                statement.execute("CREATE TABLE IF NOT EXISTS queue_messages (seq " + dialect.sequenceColumn() + ", "
                        + "id VARCHAR(24) NOT NULL UNIQUE, source TEXT NOT NULL, destination TEXT NOT NULL, "
                        + "status VARCHAR(16) NOT NULL, tries INTEGER NOT NULL, payload_type TEXT, kind VARCHAR(8) NOT NULL, "
                        + "payload " + dialect.bytesType() + " NOT NULL, created BIGINT NOT NULL, scheduled BIGINT, "
                        + "processing BIGINT, processed BIGINT, updated BIGINT, ready BIGINT)");
                // Only waiting messages are in this index, so a pull never walks past the
                // processed ones that pile up ahead of them.
                statement.execute("CREATE INDEX IF NOT EXISTS queue_messages_waiting ON queue_messages (destination, (seq + 0)) "
                        + "WHERE ready IS NOT NULL");
                // its predecessor, keyed by plain seq (databases created before 0.1.0 was released)
                statement.execute("DROP INDEX IF EXISTS queue_messages_ready");
                statement.execute("CREATE INDEX IF NOT EXISTS queue_messages_source ON queue_messages (source, seq)");
                statement.execute("CREATE INDEX IF NOT EXISTS queue_messages_claimed ON queue_messages (processing) "
                        + "WHERE status = 'processing'");
                statement.execute("CREATE INDEX IF NOT EXISTS queue_messages_destination ON queue_messages (destination, seq)");
            }
            return null;
        });
    }

    @Override
    public boolean push(QueuedMessage m) {
        return runner.run(connection -> {
            // insert unless the id exists (SQLite and PostgreSQL spell it the same way)
            PreparedStatement insert = statement(connection, "INSERT INTO queue_messages (" + COLUMNS + ", ready) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
            insert.setString(1, m.id());
            insert.setString(2, m.source());
            insert.setString(3, m.destination());
            insert.setString(4, m.status().wireName());
            insert.setInt(5, m.tries());
            insert.setString(6, m.payloadType());
            insert.setString(7, m.kind().name());
            insert.setBytes(8, m.payload());
            insert.setLong(9, m.created().toEpochMilli());
            setTime(insert, 10, m.scheduled());
            setTime(insert, 11, m.processing());
            setTime(insert, 12, m.processed());
            setTime(insert, 13, m.updated());
            setTime(insert, 14, readyAt(m));
            return insert.executeUpdate() == 1;
        });
    }

    @Override
    public Optional<QueuedMessage> pull(String destination, Instant now) {
        long millis = now.toEpochMilli();
        return runner.run(connection -> one(connection, claimSql, millis, millis, destination, millis));
    }

    @Override
    public Optional<QueuedMessage> ack(String id, String destination, Instant now) {
        long millis = now.toEpochMilli();
        return runner.run(connection -> one(connection, "UPDATE queue_messages SET status = 'processed', processed = ?, "
                + "updated = ? WHERE id = ? AND destination = ? AND status = 'processing' RETURNING " + COLUMNS,
                millis, millis, id, destination));
    }

    @Override
    public Optional<QueuedMessage> get(String id, String node) {
        return runner.run(connection -> one(connection, "SELECT " + COLUMNS + " FROM queue_messages "
                + "WHERE id = ? AND (source = ? OR destination = ?)", id, node, node));
    }

    @Override
    public List<QueuedMessage> list(String node, int limit) {
        return runner.run(connection -> all(connection, "SELECT " + COLUMNS + " FROM queue_messages "
                + "WHERE source = ? OR destination = ? ORDER BY seq LIMIT ?", node, node, limit));
    }

    @Override
    public Optional<QueuedMessage> updatePayload(String id, String source, PayloadKind kind, byte[] payload, Instant now) {
        return runner.run(connection -> one(connection, "UPDATE queue_messages SET kind = ?, payload = ?, updated = ? "
                + "WHERE id = ? AND source = ? AND " + WAITING + " RETURNING " + COLUMNS,
                kind.name(), payload, now.toEpochMilli(), id, source));
    }

    @Override
    public int delete(String id, String source) {
        return update("DELETE FROM queue_messages WHERE id = ? AND source = ? AND " + WAITING, id, source);
    }

    @Override
    public int deleteAll(String source) {
        return update("DELETE FROM queue_messages WHERE source = ? AND " + WAITING, source);
    }

    @Override
    public int deleteEverything() {
        return update("DELETE FROM queue_messages");
    }

    @Override
    public int requeueExpired(Instant now, Duration visibilityTimeout, int maxTries) {
        long millis = now.toEpochMilli();
        return update("UPDATE queue_messages SET status = CASE WHEN tries >= ? THEN 'dead' ELSE 'pending' END, "
                + "ready = CASE WHEN tries >= ? THEN NULL ELSE 0 END, updated = ? "
                + "WHERE status = 'processing' AND processing <= ?", maxTries, maxTries, millis, millis - visibilityTimeout.toMillis());
    }

    @Override
    public List<QueuedMessage> oldest(int limit) {
        return runner.run(connection -> all(connection, "SELECT " + COLUMNS + " FROM queue_messages ORDER BY seq LIMIT ?", limit));
    }

    @Override
    public int remove(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return update("DELETE FROM queue_messages WHERE id IN (" + String.join(", ", ids.stream().map(id -> "?").toList()) + ")",
                ids.toArray());
    }

    @Override
    public Map<QueueStatus, Long> countByStatus() {
        return runner.run(connection -> {
            Map<QueueStatus, Long> counts = new EnumMap<>(QueueStatus.class);
            try (ResultSet rows = statement(connection, "SELECT status, COUNT(*) FROM queue_messages GROUP BY status").executeQuery()) {
                while (rows.next()) {
                    counts.put(QueueStatus.valueOf(rows.getString(1).toUpperCase(Locale.ROOT)), rows.getLong(2));
                }
            }
            return counts;
        });
    }

    @Override
    public <T> T batch(Commit commit, Supplier<T> operations) {
        return runner.inOneTransaction(commit, operations);
    }

    @Override
    public boolean commitsBatches() {
        return runner.sharesTransactions();
    }

    @Override
    public void close() {
        runner.close();
    }

    // --- helpers

    private int update(String sql, Object... parameters) {
        return runner.run(connection -> prepare(connection, sql, parameters).executeUpdate());
    }

    private Optional<QueuedMessage> one(Connection connection, String sql, Object... parameters) throws SQLException {
        List<QueuedMessage> rows = all(connection, sql, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private List<QueuedMessage> all(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = prepare(connection, sql, parameters);
        // RETURNING makes an UPDATE produce rows; execute() covers both kinds of statement
        boolean hasRows = statement.execute();
        List<QueuedMessage> messages = new ArrayList<>();
        if (hasRows) {
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    messages.add(read(rows));
                }
            }
        }
        return messages;
    }

    private PreparedStatement statement(Connection connection, String sql) throws SQLException {
        Map<String, PreparedStatement> cache = statements.computeIfAbsent(connection, c -> new HashMap<>());
        PreparedStatement statement = cache.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            cache.put(sql, statement);
        }
        return statement;
    }

    private PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = statement(connection, sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof byte[] bytes) {
                statement.setBytes(i + 1, bytes);
            } else if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
        return statement;
    }

    private static void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, time.toEpochMilli());
        }
    }

    /**
     * From when a pull may claim the message: at once when pending, at its time when scheduled,
     * never in the other states ({@code ready} is {@code NULL} then).
     */
    private static Instant readyAt(QueuedMessage m) {
        return switch (m.status()) {
            case PENDING -> Instant.EPOCH;
            case SCHEDULED -> m.scheduled() == null ? Instant.EPOCH : m.scheduled();
            default -> null;
        };
    }

    private static Instant time(ResultSet rows, int column) throws SQLException {
        long millis = rows.getLong(column);
        return rows.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * A row of {@link #COLUMNS}, read by position: sqlite-jdbc looks a column name up anew on
     * every call, which made reading a message cost as much as claiming it.
     */
    private static QueuedMessage read(ResultSet rows) throws SQLException {
        try {
            return new QueuedMessage(rows.getString(1), rows.getString(2), rows.getString(3),
                    QueueStatus.valueOf(rows.getString(4).toUpperCase(Locale.ROOT)), rows.getInt(5),
                    rows.getString(6), PayloadKind.valueOf(rows.getString(7)), rows.getBytes(8),
                    time(rows, 9), time(rows, 10), time(rows, 11), time(rows, 12), time(rows, 13));
        } catch (IllegalArgumentException e) {
            throw new StoreException("a stored message has an unknown status or kind: " + e.getMessage(), e);
        }
    }
}
