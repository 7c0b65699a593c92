package dev.baton.server;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/** Statements run on a test server's database behind its back: to make a table refuse inserts (a trigger), and mend it. */
public final class DirectSql {
    private DirectSql() {
    }

    /** Opens a connection to the server's database (SQLite file or PostgreSQL). */
    @FunctionalInterface
    public interface Connect {
        Connection open() throws Exception;
    }

    /** Runs the statements, in order, on a connection of their own. */
    public static void execute(Connect db, List<String> statements) throws Exception {
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            if (c.getMetaData().getURL().startsWith("jdbc:sqlite")) {
                s.execute("PRAGMA busy_timeout = 5000"); // the server's writer may be in a commit
            }
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
