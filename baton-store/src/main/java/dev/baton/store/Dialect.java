package dev.baton.store;

/**
 * The SQL engines Baton stores its state in. The schema is the same; what differs is how a lock update
 * gets exclusive access, and how it is sent.
 */
public enum Dialect {
    /**
     * Embedded, the default: one file, one writer, WAL journal fsynced at every commit. The single writer
     * ({@link dev.baton.store.sqlite.SqliteWriter}) makes every update exclusive, so no statement locks anything.
     */
    SQLITE("db/migration/sqlite", "", null, null),
    /**
     * Production: many servers on one database. Lock updates are committed in groups by
     * {@link dev.baton.store.postgres.PostgresLockWriter}, which locks the rows of the locks FOR UPDATE. The fleet freeze is ordered
     * against decisions by a transaction-level advisory lock (see {@link #fleetShared}).
     */
    POSTGRESQL("db/migration/postgresql", " FOR UPDATE",
            "SELECT pg_advisory_xact_lock_shared(" + Dialect.ADVISORY_CLASS + ", 0)",
            "SELECT pg_advisory_xact_lock(" + Dialect.ADVISORY_CLASS + ", 0)");

    /**
     * The first key of Baton's advisory locks ("Bato" in ASCII), so they stay apart from any other
     * application's advisory locks in the same database.
     */
    static final int ADVISORY_CLASS = 0x4261746f;

    final String migrations;
    /** Appended to the read of the fleet policy in a fleet change, so two changes queue up. */
    final String fleetRow;
    /**
     * Run first in every transaction of lock updates, in a statement of its own, or {@code null}. With
     * {@link #fleetExclusive}, run first in every fleet change, it makes a fleet freeze wait for the
     * decisions under way and makes new decisions wait for the freeze to commit; their reads, in later
     * statements, then see it. So no grant commits after a freeze was answered. A share lock on the fleet
     * row would do the same, but every decision of every server would then write that one row's lock
     * information (a multixact on PostgreSQL): measured, it cost a third of the database's CPU per pair.
     */
    final String fleetShared;
    /** See {@link #fleetShared}. */
    final String fleetExclusive;

    /**
     * Appended to a read of rows the transaction decides on and may change, so two such transactions queue up (the
     * second reads after the first commits); empty on SQLite, whose single writer already runs them one at a time.
     */
    String rowLock() {
        return fleetRow;
    }

    Dialect(String migrations, String fleetRow, String fleetShared, String fleetExclusive) {
        this.migrations = migrations;
        this.fleetRow = fleetRow;
        this.fleetShared = fleetShared;
        this.fleetExclusive = fleetExclusive;
    }
}
