package dev.baton.store.sql;

import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * How a store runs a write transaction: commits before returning, and rolls back everything the work
 * wrote if it throws. SQLite and PostgreSQL do this differently
 * ({@link dev.baton.store.sqlite.SqliteWriter}, {@link dev.baton.store.postgres.PooledWrites}).
 */
public interface Writes extends AutoCloseable {

    <T> T inTransaction(Function<Handle, T> work);

    @Override
    void close();
}
