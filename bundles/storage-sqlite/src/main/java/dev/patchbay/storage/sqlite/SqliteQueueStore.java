package dev.patchbay.storage.sqlite;

import dev.patchbay.api.store.StoreException;
import dev.patchbay.storage.jdbc.GroupCommitWriter;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * The HTTP queue's messages in one SQLite file: WAL, one connection holding the file's lock
 * (no other process may open it while the node runs), group commit (concurrent requests share a
 * transaction and its fsync).
 */
public final class SqliteQueueStore {

    /** Most store calls in one transaction (a server's batch of requests joins one call). */
    private static final int MAX_BATCH = 1024;

    private SqliteQueueStore() {
    }

    public static JdbcQueueStore open(Path file, SqliteMessageStore.Durability durability) {
        try {
            SQLiteConfig config = SqliteFiles.config(durability);
            // Only this process uses the file: holding the lock spares the lock calls (and the
            // shared-memory index) of every transaction, which cost more than the statements.
            config.setLockingMode(SQLiteConfig.LockingMode.EXCLUSIVE);
            // A message touches several index pages; checkpointing (with its fsyncs) every 1,000
            // WAL pages, SQLite's default, would run every few hundred messages.
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "20000");
            return new JdbcQueueStore(new GroupCommitWriter(SqliteFiles.open(file, config),
                    "SQLite queue store " + file.toAbsolutePath(), MAX_BATCH), SqlDialect.SQLITE);
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
