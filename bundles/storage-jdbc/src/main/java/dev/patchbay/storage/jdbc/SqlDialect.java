package dev.patchbay.storage.jdbc;

/** What differs between databases: column types and row locking. */
public interface SqlDialect {

    /** Type of the auto-increment primary key column, with its constraint. */
    String sequenceColumn();

    /** Type of the payload column. */
    String bytesType();

    /**
     * Appended to the sub-select that picks the row a pull claims: {@code FOR UPDATE SKIP LOCKED}
     * where several writers race (PostgreSQL), empty where one writer runs at a time (SQLite).
     */
    String claimLocking();

    /**
     * Inserted after the table name in the sub-select that picks the row a pull claims, to make
     * the planner use the index of waiting messages; empty where the planner finds it itself.
     */
    default String claimIndexHint() {
        return "";
    }

    /**
     * A statement that serialises schema creation between processes starting at once (several
     * nodes on one database), or {@code null} where only one process opens the database.
     */
    default String schemaLock() {
        return null;
    }

    SqlDialect SQLITE = new SqlDialect() {
        @Override
        public String sequenceColumn() {
            return "INTEGER PRIMARY KEY AUTOINCREMENT";
        }

        @Override
        public String bytesType() {
            return "BLOB";
        }

        @Override
        public String claimLocking() {
            return "";
        }

        @Override
        public String claimIndexHint() {
            // SQLite would walk the (destination, seq) index past every processed message
            return " INDEXED BY queue_messages_waiting";
        }
    };

    SqlDialect POSTGRESQL = new SqlDialect() {
        @Override
        public String sequenceColumn() {
            return "BIGSERIAL PRIMARY KEY";
        }

        @Override
        public String bytesType() {
            return "BYTEA";
        }

        @Override
        public String claimLocking() {
            return " FOR UPDATE SKIP LOCKED";
        }

        @Override
        public String schemaLock() {
            return "SELECT pg_advisory_xact_lock(741157)";
        }
    };
}
