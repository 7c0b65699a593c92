/**
 * The store on PostgreSQL: pooled write transactions with retries ({@link dev.baton.store.postgres.PooledWrites}),
 * first-come first-served connections ({@link dev.baton.store.postgres.FairConnections}), and the group
 * commit of lock updates ({@link dev.baton.store.postgres.PostgresLockWriter}). Internal to baton-store.
 */
package dev.baton.store.postgres;
