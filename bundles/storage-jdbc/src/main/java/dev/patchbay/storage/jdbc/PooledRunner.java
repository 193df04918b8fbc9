package dev.patchbay.storage.jdbc;

import dev.patchbay.api.store.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed pool of connections, one transaction per piece of work. For servers such as
 * PostgreSQL that run concurrent transactions (and group their WAL flushes themselves). A
 * connection that fails with a connection-level error is replaced.
 */
public final class PooledRunner implements SqlRunner {

    /** Opens a new connection. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory factory;
    private final BlockingQueue<Connection> idle;
    private final Duration borrowTimeout;
    private volatile boolean closed;

    public PooledRunner(ConnectionFactory factory, int size, Duration borrowTimeout) {
        this.factory = factory;
        this.idle = new ArrayBlockingQueue<>(size);
        this.borrowTimeout = borrowTimeout;
        try {
            for (int i = 0; i < size; i++) {
                idle.add(prepare(factory.open()));
            }
        } catch (SQLException e) {
            close();
            throw new StoreException("cannot connect: " + e.getMessage(), e);
        }
    }

    private static Connection prepare(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        return connection;
    }

    @Override
    public <T> T run(SqlWork<T> work) {
        if (closed) {
            throw new StoreException("the store is closed", null);
        }
        Connection connection;
        try {
            connection = idle.poll(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a connection", e);
        }
        if (connection == null) {
            throw new StoreException("no database connection free within " + borrowTimeout.toMillis() + " ms", null);
        }
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // reported below
            }
            if (isConnectionLost(e)) {
                connection = reopen(connection);
            }
            throw new StoreException(e.getMessage(), e);
        } finally {
            if (connection != null && !idle.offer(connection)) {
                closeQuietly(connection);
            }
        }
    }

    private static boolean isConnectionLost(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private Connection reopen(Connection broken) {
        closeQuietly(broken);
        try {
            return prepare(factory.open());
        } catch (SQLException e) {
            return null; // the pool shrinks by one until the database is back; callers see timeouts, not hangs
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Connection connection; (connection = idle.poll()) != null; ) {
            closeQuietly(connection);
        }
    }
}
