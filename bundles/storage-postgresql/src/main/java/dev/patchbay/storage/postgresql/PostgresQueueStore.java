package dev.patchbay.storage.postgresql;

import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.jdbc.PooledRunner;
import dev.patchbay.storage.jdbc.SqlDialect;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The HTTP queue's messages in a PostgreSQL database, through a small connection pool. Any
 * number of nodes may use the same database: a pull claims its row with
 * {@code FOR UPDATE SKIP LOCKED}, so each message goes to exactly one puller across all nodes.
 */
public final class PostgresQueueStore {

    private PostgresQueueStore() {
    }

    /**
     * @param url      a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/patchbay}
     * @param password empty for none
     */
    public static JdbcQueueStore open(String url, String user, String password, int poolSize) {
        PGSimpleDataSource source = PostgresDataSources.of(url, user, password, "patchbay");
        return new JdbcQueueStore(new PooledRunner(source::getConnection, poolSize, Duration.ofSeconds(10)), SqlDialect.POSTGRESQL);
    }
}
