package dev.baton.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads what a query returned, for code that talks to the JDBC driver without Jdbi. */
@FunctionalInterface
public interface RowsReader<R> {
    R read(ResultSet rs) throws SQLException;
}
