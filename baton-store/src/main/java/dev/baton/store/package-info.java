/**
 * The stores of Baton's state on SQL: what a server's wiring opens.
 * <ul>
 *   <li>{@link dev.baton.store.Database}: opens the embedded store (SQLite) or PostgreSQL, brings the schema
 *       up to date, and holds the connections;</li>
 *   <li>{@link dev.baton.store.SqlLockStore}, {@link dev.baton.store.SqlAuthStore},
 *       {@link dev.baton.store.SqlHostStore}, {@link dev.baton.store.SqlReportStore}: the domain's store
 *       interfaces over one {@code Database}.</li>
 * </ul>
 * The sub-packages are this module's internals, public only so that these classes can use them: the SQL
 * both engines share ({@code sql}), the embedded store's single writer and lock transaction
 * ({@code sqlite}), and PostgreSQL's pooled writes and group commit ({@code postgres}). Nothing outside
 * {@code dev.baton.store} uses them (the architecture test checks it).
 */
package dev.baton.store;
