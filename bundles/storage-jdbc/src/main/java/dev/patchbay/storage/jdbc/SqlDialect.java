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
    };
}
