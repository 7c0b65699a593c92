/**
 * What the SQLite and PostgreSQL stores share: the lock statements and their arguments
 * ({@link dev.baton.store.sql.LockSql}), row mappers ({@link dev.baton.store.sql.Rows}), and the two
 * strategies an engine provides: how it runs a write transaction ({@link dev.baton.store.sql.Writes}) and
 * a lock update ({@link dev.baton.store.sql.LockWriter}). Internal to baton-store.
 */
package dev.baton.store.sql;
