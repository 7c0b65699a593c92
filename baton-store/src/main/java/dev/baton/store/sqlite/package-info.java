/**
 * The embedded store on SQLite: one writer thread with group commit ({@link dev.baton.store.sqlite.SqliteWriter})
 * and the lock update that runs on it ({@link dev.baton.store.sqlite.SqliteLockWriter}). Internal to
 * baton-store.
 */
package dev.baton.store.sqlite;
