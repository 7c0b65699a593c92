package dev.baton.store;

/** The SQL engines Baton stores its state in. The schema is the same; only locking and identities differ. */
public enum Dialect {
    /** Embedded, the default: one file, one writer, WAL journal fsynced at every commit. */
    SQLITE("db/migration/sqlite", "", ""),
    /** Production: many servers on one database; the lock row is locked with FOR UPDATE. */
    POSTGRESQL("db/migration/postgresql", " FOR UPDATE", " FOR KEY SHARE");

    final String migrations;
    /** Appended to the read of a lock row inside an update, so concurrent updates of one lock queue up. */
    final String forUpdate;
    /**
     * Appended to the read of the fleet policy inside a lock update: decisions share it, and a fleet freeze
     * (which reads it FOR UPDATE) waits for the decisions that read it before, so none commits a grant after
     * the freeze was answered.
     */
    final String forShare;

    Dialect(String migrations, String forUpdate, String forShare) {
        this.migrations = migrations;
        this.forUpdate = forUpdate;
        this.forShare = forShare;
    }
}
