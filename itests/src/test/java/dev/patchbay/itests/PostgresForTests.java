package dev.patchbay.itests;

import dev.patchbay.storage.postgresql.PostgresTestServer;

/**
 * Starts the throwaway PostgreSQL cluster in the test driver (from a {@code @Configuration}
 * method) and stops it when the JVM ends. Kept apart from the test classes, which also load
 * inside the framework where the test-jar's classes are not visible.
 */
final class PostgresForTests {

    private PostgresForTests() {
    }

    /** @return the JDBC URL of a new cluster (user {@code patchbay}, trust authentication) */
    static String start() throws Exception {
        PostgresTestServer postgres = PostgresTestServer.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping the test PostgreSQL failed: " + e);
            }
        }));
        return postgres.jdbcUrl();
    }
}
