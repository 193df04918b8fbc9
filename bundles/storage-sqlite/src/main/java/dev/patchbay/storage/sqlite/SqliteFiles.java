package dev.patchbay.storage.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** How both SQLite stores open their file. */
final class SqliteFiles {

    private SqliteFiles() {
    }

    /** Write-ahead log, the durability's {@code synchronous} mode, 10 s for a busy file. */
    static SQLiteConfig config(SqliteMessageStore.Durability durability) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == SqliteMessageStore.Durability.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        return config;
    }

    /** A connection to {@code file}, created with its folder if needed. */
    static Connection open(Path file, SQLiteConfig config) throws IOException, SQLException {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + absolute);
        return source.getConnection();
    }
}
