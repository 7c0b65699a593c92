package dev.baton.store.sqlite;

import dev.baton.lock.Attachment;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockRecord;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore.LockTransaction;
import dev.baton.lock.LockStore.Work;
import dev.baton.lock.Waiter;
import dev.baton.store.sql.AttachmentSql;
import dev.baton.store.sql.LockSql;
import dev.baton.store.sql.LockWriter;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.Writes;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lock updates on the embedded store: each runs in its own transaction (a savepoint of the group commit)
 * on the single writer ({@link SqliteWriter}). No other write can come between a decision's read and its
 * write, so every update is a compare-and-set without locking anything, and in process, so every statement
 * costs a function call rather than a round trip. An unknown lock is created, when the update says with
 * what settings, in the same transaction as the decision.
 */
public final class SqliteLockWriter implements LockWriter {

    private final Writes writes;
    private final InstantSource clock;

    /** @param writes the embedded database's single writer */
    public SqliteLockWriter(Writes writes, InstantSource clock) {
        this.writes = writes;
        this.clock = clock;
    }

    @Override
    public <T> T update(String name, LockSettings initial, Work<T> work) {
        return writes.inTransaction(h -> {
            PreparedStatementCache sql = PreparedStatementCache.of(h);
            Transaction tx = Transaction.open(sql, name);
            if (tx == null) {
                if (initial == null) {
                    throw new LockNotFoundException(name);
                }
                sql.update(LockSql.INSERT_LOCK, LockSql.lockArgs(name, initial, clock.instant().toEpochMilli()));
                tx = Transaction.open(sql, name);
                tx.created = true;
            }
            return work.apply(tx);
        });
    }

    @Override
    public void close() {
        // the single writer is the database's, which closes it
    }

    /**
     * One lock inside an update. Keeps an in-memory copy in step with what it writes, so the decision sees
     * its own changes without reading them back. Talks to the driver through the writer's
     * {@link PreparedStatementCache}, not through Jdbi: this is the single writer's hot path.
     */
    private static final class Transaction implements LockTransaction {
        private static final String LOCK_AND_FLEET = LockSql.SELECT_LOCK_AND_FLEET + "l.name = ?";
        /** Holders, and whether anyone queues, in one statement: a transaction costs the single writer less. */
        private static final String HOLDERS_AND_QUEUE = "SELECT EXISTS (SELECT 1 FROM lock_waiters w WHERE w.lock_name = ?) "
                + "AS queued, h.holder, h.acquired_at, h.renewed_at, h.protocol, h.stale_reported "
                + "FROM (SELECT 1 AS one) o LEFT JOIN lock_holders h ON h.lock_name = ? ORDER BY h.acquired_at, h.holder";
        private static final String RENEW_HOLDER = "UPDATE lock_holders SET renewed_at = ? WHERE lock_name = ? AND holder = ?";
        private static final String MARK_STALE_REPORTED =
                "UPDATE lock_holders SET stale_reported = ? WHERE lock_name = ? AND holder = ?";
        private static final String DELETE_HOLDER = "DELETE FROM lock_holders WHERE lock_name = ? AND holder = ?";

        private final PreparedStatementCache sql;
        private final FleetPolicy fleet;
        private LockRecord lock;
        private boolean created;
        /** False when the lock has no stored waiter at all: then no queue query is needed. */
        private boolean queued;

        private Transaction(PreparedStatementCache sql, LockRecord lock, FleetPolicy fleet, boolean queued) {
            this.sql = sql;
            this.lock = lock;
            this.fleet = fleet;
            this.queued = queued;
        }

        /** Reads what a decision needs; {@code null} when there is no such lock. */
        static Transaction open(PreparedStatementCache sql, String name) {
            var row = sql.query(LOCK_AND_FLEET,
                    rs -> rs.next() ? Map.entry(Rows.lock(rs), Rows.fleet(rs, "fleet_")) : null, name);
            if (row == null) {
                return null;
            }
            List<Hold> holders = new ArrayList<>();
            boolean queued = sql.query(HOLDERS_AND_QUEUE, rs -> {
                boolean any = false;
                while (rs.next()) {
                    any = rs.getBoolean("queued");
                    if (rs.getString("holder") != null) {
                        holders.add(Rows.hold(rs));
                    }
                }
                return any;
            }, name, name);
            return new Transaction(sql, row.getKey().withHolders(holders), row.getValue(), queued);
        }

        @Override
        public LockRecord lock() {
            return lock;
        }

        @Override
        public boolean created() {
            return created;
        }

        @Override
        public FleetPolicy fleet() {
            return fleet;
        }

        @Override
        public void saveSettings(LockSettings s) {
            sql.update(LockSql.UPDATE_SETTINGS, LockSql.settingsArgs(lock.name(), s));
            lock = lock.withSettings(s);
        }

        @Override
        public void addHolder(Hold hold) {
            sql.update(LockSql.INSERT_HOLDER, lock.name(), hold.holder(), hold.acquiredAt().toEpochMilli(),
                    hold.renewedAt().toEpochMilli(), hold.protocol().wireName(), hold.staleReported());
            lock = lock.withHolder(hold);
        }

        @Override
        public void renewHolder(String holder, Instant at) {
            sql.update(RENEW_HOLDER, at.toEpochMilli(), lock.name(), holder);
            lock = lock.withHoldChanged(holder, x -> x.renewed(at));
        }

        @Override
        public void markStaleReported(String holder) {
            sql.update(MARK_STALE_REPORTED, true, lock.name(), holder);
            lock = lock.withHoldChanged(holder, Hold::withStaleReported);
        }

        @Override
        public void removeHolder(String holder) {
            sql.update(DELETE_HOLDER, lock.name(), holder);
            lock = lock.withoutHolder(holder);
        }

        @Override
        public int waitersAhead(long seq, Instant now, int cap) {
            if (cap <= 0 || !queued) {
                return 0;
            }
            return sql.query(LockSql.WAITERS_AHEAD, LockSql.WAITERS_AHEAD_COUNT,
                    lock.name(), seq, now.toEpochMilli(), cap);
        }

        @Override
        public Optional<Waiter> waiter(String waiterId) {
            if (!queued) {
                return Optional.empty();
            }
            return sql.query(LockSql.WAITER, LockSql.WAITER_ROW,
                    waiterId, lock.name());
        }

        @Override
        public void extendWaiter(String waiterId, Instant expiresAt) {
            sql.update(LockSql.EXTEND_WAITER, expiresAt.toEpochMilli(), waiterId);
        }

        @Override
        public Waiter addWaiter(Waiter w) {
            long seq = sql.query(LockSql.INSERT_WAITER, LockSql.INSERTED_SEQ, LockSql.waiterArgs(lock.name(), w));
            queued = true;
            return w.withSeq(seq);
        }

        @Override
        public void removeWaiter(String waiterId) {
            if (queued) {
                sql.update(LockSql.DELETE_WAITER, waiterId);
            }
        }

        @Override
        public void removeWaitersOf(String holder) {
            if (queued) {
                sql.update(LockSql.DELETE_WAITERS_OF, lock.name(), holder);
            }
        }

        @Override
        public void append(LockEvent event) {
            sql.update(LockSql.INSERT_EVENT, LockSql.eventArgs(event));
        }

        @Override
        public void attach(Attachment attachment) {
            AttachmentSql.Statement statement = AttachmentSql.of(attachment);
            sql.update(statement.sql(), statement.args());
        }
    }
}
