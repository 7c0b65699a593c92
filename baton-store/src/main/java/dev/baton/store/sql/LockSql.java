package dev.baton.store.sql;

import dev.baton.lock.LockEvent;
import dev.baton.lock.LockSettings;
import dev.baton.lock.Waiter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The statements a lock update writes with, and their arguments, shared by the SQLite transaction
 * ({@link dev.baton.store.sqlite.SqliteLockWriter}) and the PostgreSQL group commit
 * ({@link dev.baton.store.postgres.PostgresLockWriter}). Arguments are positional, in the order of the
 * statement's {@code ?}.
 */
public final class LockSql {
    private LockSql() {
    }

    public static final String LOCK_COLUMNS =
            "name, slots, enabled, frozen, freeze_reason, stale_after_ms, lease_ms, created_at";
    /** A lock joined with the fleet policy (columns {@code fleet_*}); the caller appends which locks. */
    public static final String SELECT_LOCK_AND_FLEET = "SELECT l.name, l.slots, l.enabled, l.frozen, l.freeze_reason, "
            + "l.stale_after_ms, l.lease_ms, l.created_at, f.frozen AS fleet_frozen, f.reason AS fleet_reason, "
            + "f.changed_at AS fleet_changed_at, f.changed_by AS fleet_changed_by "
            + "FROM locks l CROSS JOIN fleet_policy f WHERE f.id = 1 AND ";
    public static final String INSERT_LOCK = "INSERT INTO locks (" + LOCK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (name) DO NOTHING";
    public static final String UPDATE_SETTINGS = "UPDATE locks SET slots = ?, enabled = ?, frozen = ?, freeze_reason = ?, "
            + "stale_after_ms = ?, lease_ms = ? WHERE name = ?";
    public static final String INSERT_HOLDER = "INSERT INTO lock_holders "
            + "(lock_name, holder, acquired_at, renewed_at, protocol, stale_reported) VALUES (?, ?, ?, ?, ?, ?)";
    public static final String INSERT_EVENT = "INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    public static final String INSERT_WAITER = "INSERT INTO lock_waiters (id, lock_name, holder, since, expires_at, server_id) "
            + "VALUES (?, ?, ?, ?, ?, ?) RETURNING seq";
    public static final String EXTEND_WAITER = "UPDATE lock_waiters SET expires_at = ? WHERE id = ?";
    public static final String DELETE_WAITER = "DELETE FROM lock_waiters WHERE id = ?";
    public static final String DELETE_WAITERS_OF = "DELETE FROM lock_waiters WHERE lock_name = ? AND holder = ?";
    /** Walks the (lock_name, seq) index from the head and stops after the cap of live waiters. */
    public static final String WAITERS_AHEAD = "SELECT COUNT(*) FROM (SELECT 1 FROM lock_waiters WHERE lock_name = ? "
            + "AND seq < ? AND expires_at > ? ORDER BY seq LIMIT ?) ahead";
    public static final String WAITER = "SELECT * FROM lock_waiters WHERE id = ? AND lock_name = ?";

    /** How to read what {@link #WAITERS_AHEAD} returns. */
    public static final RowsReader<Integer> WAITERS_AHEAD_COUNT = rs -> rs.next() ? rs.getInt(1) : 0;
    /** How to read what {@link #WAITER} returns. */
    public static final RowsReader<Optional<Waiter>> WAITER_ROW = rs -> rs.next() ? Optional.of(Rows.waiter(rs)) : Optional.empty();
    /** How to read what {@link #INSERT_WAITER} returns: the new waiter's place in the queue. */
    public static final RowsReader<Long> INSERTED_SEQ = rs -> {
        rs.next();
        return rs.getLong(1);
    };

    public static Object[] lockArgs(String name, LockSettings s, long createdAt) {
        return new Object[] {name, s.slots(), s.enabled(), s.frozen(), s.freezeReason(), Rows.millis(s.staleAfter()),
            Rows.millis(s.lease()), createdAt};
    }

    public static Object[] settingsArgs(String lockName, LockSettings s) {
        return new Object[] {s.slots(), s.enabled(), s.frozen(), s.freezeReason(), Rows.millis(s.staleAfter()),
            Rows.millis(s.lease()), lockName};
    }

    public static Object[] waiterArgs(String lockName, Waiter w) {
        return new Object[] {w.id(), lockName, w.holder(), w.since().toEpochMilli(), w.expiresAt().toEpochMilli(),
            w.serverId()};
    }

    public static Object[] eventArgs(LockEvent e) {
        return new Object[] {e.lockName(), e.at().toEpochMilli(), e.type().wireName(), clip(e.actor(), 255),
            e.holder(), clip(e.reason(), 1000), e.protocol().wireName()};
    }

    /** Binds positional arguments. A {@code null} is bound without a type, so the database takes the column's. */
    public static void bind(SqlStatement<?> statement, Object[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                statement.bindNull(i, Types.NULL);
            } else {
                statement.bind(i, args[i]);
            }
        }
    }

    /** As {@link #bind(SqlStatement, Object[])}, from parameter {@code first} (1-based) on; returns the next. */
    public static int bind(PreparedStatement statement, int first, Object[] args) throws SQLException {
        for (Object arg : args) {
            if (arg == null) {
                statement.setNull(first++, Types.NULL);
            } else {
                statement.setObject(first++, arg);
            }
        }
        return first;
    }

    public static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
