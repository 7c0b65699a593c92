package dev.baton.store.postgres;

import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sql.SqlFailure;
import dev.baton.store.sql.Writes;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * PostgreSQL writes: one transaction per call on a pooled connection, READ COMMITTED, with the lock row
 * locked {@code FOR UPDATE} by the caller. A deadlock or serialization failure is retried a few times;
 * PostgreSQL commits with {@code synchronous_commit=on}, so a returned call is durable.
 */
public final class PooledWrites implements Writes {

    private static final int ATTEMPTS = 5;
    private final Jdbi jdbi;

    public PooledWrites(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Function<Handle, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work::apply); // READ COMMITTED, PostgreSQL's default: no SET per transaction
            } catch (JdbiException e) {
                if (attempt < ATTEMPTS && retryable(e) && (attempt == 1 || !connectionLost(e)) && !waitedForConnection(e)) {
                    continue;
                }
                throw new StoreUnavailableException("PostgreSQL write failed: " + SqlFailure.rootMessage(e), e);
            }
        }
    }

    /**
     * Serialization failure, deadlock, a racing insert; or a pooled connection that died with a PostgreSQL
     * restart (class 08, 57P0x): the pool drops it and the retry gets a fresh one. Lock decisions are
     * idempotent per holder, so a retry after an unknown commit outcome is safe.
     */
    private static boolean retryable(Throwable e) {
        return anyCause(e, t -> {
            String state = sqlState(t);
            return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("23505")
                    || state.startsWith("08") || state.startsWith("57P0"));
        });
    }

    /**
     * The caller already waited the whole connection timeout for a connection (the pool could not open
     * one): waiting once more would only double the time until it hears that the database is unreachable.
     */
    private static boolean waitedForConnection(Throwable e) {
        return anyCause(e, t -> t instanceof SQLTransientConnectionException);
    }

    /** A lost connection is retried once only: if the server is down, the caller should hear it soon. */
    private static boolean connectionLost(Throwable e) {
        return anyCause(e, t -> {
            String state = sqlState(t);
            return state != null && (state.startsWith("08") || state.startsWith("57P0"));
        });
    }

    private static boolean anyCause(Throwable e, Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    private static String sqlState(Throwable t) {
        return t instanceof SQLException sql ? sql.getSQLState() : null;
    }

    @Override
    public void close() {
    }
}
