package dev.baton.store.sql;

import dev.baton.lock.EventType;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.Protocol;
import dev.baton.lock.Waiter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Row mappers and conversions shared by every SQL query. Times are stored as UTC epoch milliseconds. */
public final class Rows {
    private Rows() {
    }

    public static Long millis(Instant t) {
        return t == null ? null : t.toEpochMilli();
    }

    public static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    public static Duration duration(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofMillis(v);
    }

    public static LockSettings settings(ResultSet rs) throws SQLException {
        return new LockSettings(rs.getInt("slots"), rs.getBoolean("enabled"), rs.getBoolean("frozen"),
                rs.getString("freeze_reason"), duration(rs, "stale_after_ms"), duration(rs, "lease_ms"));
    }

    /** A lock row, without its holders and waiters (they live in tables of their own). */
    public static LockRecord lock(ResultSet rs) throws SQLException {
        return new LockRecord(rs.getString("name"), settings(rs), instant(rs, "created_at"), List.of(), List.of());
    }

    public static Hold hold(ResultSet rs) throws SQLException {
        return new Hold(rs.getString("holder"), instant(rs, "acquired_at"), instant(rs, "renewed_at"),
                Protocol.fromWire(rs.getString("protocol")), rs.getBoolean("stale_reported"));
    }

    public static Waiter waiter(ResultSet rs) throws SQLException {
        return new Waiter(rs.getString("id"), rs.getString("holder"), rs.getLong("seq"), instant(rs, "since"),
                instant(rs, "expires_at"), rs.getString("server_id"));
    }

    public static LockEvent event(ResultSet rs) throws SQLException {
        return new LockEvent(rs.getLong("id"), rs.getString("lock_name"), instant(rs, "at"),
                EventType.fromWire(rs.getString("type")), rs.getString("actor"), rs.getString("holder"),
                rs.getString("reason"), Protocol.fromWire(rs.getString("protocol")));
    }

    public static FleetPolicy fleet(ResultSet rs) throws SQLException {
        return fleet(rs, "");
    }

    /** The fleet policy from columns named with a prefix, as in a join with a lock. */
    public static FleetPolicy fleet(ResultSet rs, String prefix) throws SQLException {
        return new FleetPolicy(rs.getBoolean(prefix + "frozen"), rs.getString(prefix + "reason"),
                instant(rs, prefix + "changed_at"), rs.getString(prefix + "changed_by"));
    }
}
