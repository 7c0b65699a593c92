package dev.baton.store;

import java.sql.SQLException;
import org.jdbi.v3.core.JdbiException;

/**
 * A JDBC failure in code that talks to the driver directly ({@link PostgresLockWriter}), dressed as a
 * {@link JdbiException} so that {@link PooledWrites} retries and reports it as it does Jdbi's own.
 */
final class SqlFailure extends JdbiException {
    SqlFailure(SQLException cause) {
        super(cause);
    }
}
