package dev.patchbay.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** Statements run in one transaction on a connection lent by a {@link SqlRunner}. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
