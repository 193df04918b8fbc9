package dev.patchbay.storage.postgresql;

import org.postgresql.ds.PGSimpleDataSource;

/** How both stores reach the database: the same timeouts and keep-alive, named in pg_stat_activity. */
final class PostgresDataSources {

    private PostgresDataSources() {
    }

    /** @param password empty for none */
    static PGSimpleDataSource of(String url, String user, String password, String applicationName) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(url);
        if (!user.isEmpty()) {
            source.setUser(user);
        }
        if (!password.isEmpty()) {
            source.setPassword(password);
        }
        source.setConnectTimeout(10);
        source.setTcpKeepAlive(true);
        source.setApplicationName(applicationName);
        return source;
    }
}
