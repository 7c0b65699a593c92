package dev.baton.store.sqlite;

import dev.baton.store.sql.LockSql;
import dev.baton.store.sql.RowsReader;
import dev.baton.store.sql.SqlFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The prepared statements of the embedded store's single writer connection, each SQL text compiled by
 * SQLite once rather than at every execution. That one thread is what every lock change waits for, so
 * its CPU per transaction sets how many lock changes per second the embedded store can take.
 *
 * <p>Installed as the writer handle's Jdbi {@link org.jdbi.v3.core.statement.StatementBuilder}, so Jdbi
 * statements on that handle reuse it; the hot path of a lock update ({@link SqliteLockWriter}'s
 * transaction) skips Jdbi and calls {@link #update} and {@link #query} directly, which costs the writer
 * less per statement.
 *
 * <p>Only for a connection used by one thread at a time, which is what {@link SqliteWriter} guarantees.
 * A statement is reused only after its previous result set was closed, so one SQL text is never open
 * twice. Statements that return generated keys or updatable result sets are not kept.
 */
final class PreparedStatementCache extends DefaultStatementBuilder {

    /** Distinct SQL texts kept; the writer uses a few dozen. Beyond, the least recently used is closed. */
    static final int CAPACITY = 128;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    PreparedStatementCache(Connection connection) {
        this.connection = connection;
    }

    /** The cache installed on a writer handle by {@link SqliteWriter}. */
    static PreparedStatementCache of(Handle handle) {
        if (handle.getStatementBuilder() instanceof PreparedStatementCache cache) {
            return cache;
        }
        throw new IllegalStateException("not the embedded store's writer handle");
    }

    /** Runs an INSERT, UPDATE, DELETE or SAVEPOINT statement; returns the rows it changed. */
    int update(String sql, Object... args) {
        try {
            PreparedStatement statement = prepared(sql);
            LockSql.bind(statement, 1, args);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /** Runs a query and hands its rows to {@code reader}; the result set is closed afterwards. */
    <R> R query(String sql, RowsReader<R> reader, Object... args) {
        try {
            PreparedStatement statement = prepared(sql);
            LockSql.bind(statement, 1, args);
            try (ResultSet rs = statement.executeQuery()) {
                return reader.read(rs);
            }
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    private PreparedStatement prepared(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearParameters();
        }
        return statement;
    }

    @Override
    public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
        if (conn != connection || ctx.isReturningGeneratedKeys() || ctx.isConcurrentUpdatable()) {
            return super.create(conn, sql, ctx);
        }
        return prepared(sql);
    }

    @Override
    public void close(Connection conn, String sql, Statement statement) throws SQLException {
        // Jdbi passes the SQL as written, not the rendered text (":name" became "?") it prepared: look by value.
        if (!statements.containsValue(statement)) {
            super.close(conn, sql, statement);
        }
    }

    @Override
    public void close(Connection conn) {
        statements.values().forEach(PreparedStatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // the connection is going away or broken; nothing to keep
        }
    }
}
