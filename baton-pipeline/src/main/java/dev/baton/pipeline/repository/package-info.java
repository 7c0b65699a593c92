/**
 * Repositories with immutable numbered versions, the package files they hold, and seed 004's package states:
 * {@link dev.baton.pipeline.repository.Repositories} (versions, diff, rollback, what a repository admits) and
 * {@link dev.baton.pipeline.repository.Packages} (files by SHA-256, signed copies, states and their history). Their
 * stores ({@link dev.baton.pipeline.repository.RepositoryStore}, {@link dev.baton.pipeline.repository.PackageStore})
 * are implemented in baton-store.
 */
package dev.baton.pipeline.repository;
