package dev.baton.store.sql;

import java.sql.SQLException;
import org.jdbi.v3.core.JdbiException;

/**
 * A JDBC failure in code that talks to the driver directly (the SQLite writer's statements, the PostgreSQL
 * group commit), dressed as a {@link JdbiException} so that the stores retry and report it as they do
 * Jdbi's own.
 */
public final class SqlFailure extends JdbiException {
    public SqlFailure(SQLException cause) {
        super(cause);
    }

    /** The message of the innermost cause, which names what the database refused, for operators. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
