package dev.patchbay.storage.sqlite;

import dev.patchbay.api.store.StoreException;
import dev.patchbay.storage.jdbc.GroupCommitRunner;
import dev.patchbay.storage.jdbc.JdbcQueueStore;
import dev.patchbay.storage.jdbc.SqlDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The HTTP queue's messages in one SQLite file: WAL, one connection, group commit (concurrent
 * requests share a transaction and its fsync).
 */
public final class SqliteQueueStore {

    private SqliteQueueStore() {
    }

    public static JdbcQueueStore open(Path file, SqliteMessageStore.Durability durability) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(durability == SqliteMessageStore.Durability.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(10_000);
            SQLiteDataSource source = new SQLiteDataSource(config);
            source.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
            return new JdbcQueueStore(new GroupCommitRunner(source.getConnection()), SqlDialect.SQLITE);
        } catch (IOException | SQLException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
