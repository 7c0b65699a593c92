package dev.baton.pipeline.repository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Where repositories and their versions are kept. Versions are immutable once committed; a new one is made only by
 * {@link #commit}, a compare-and-set on the latest version number, so two changes racing from the same version
 * never both succeed and a number is never used twice.
 */
public interface RepositoryStore {

    /**
     * Stores a new repository with its version 1 (empty).
     *
     * @throws RepositoryConflictException when the name is taken
     */
    void create(Repository repository, String actor, String reason, Instant at);

    List<Repository> list();

    Optional<Repository> find(String name);

    /** Removes the repository, its versions and its packages' states in it; false when there was none. */
    boolean remove(String name);

    Optional<VersionSummary> latest(String name);

    /** Every version, oldest first. */
    List<VersionSummary> versions(String name);

    Optional<RepositoryVersion> version(String name, int number);

    /**
     * Makes version {@code expectedLatest + 1} from version {@code expectedLatest} with {@code added} (not in it) and
     * {@code removed} (in it), if {@code expectedLatest} is still the latest version.
     *
     * @return the new version's number, or empty when another change came first (nothing was written)
     * @throws RepositoryNotFoundException when the repository is gone
     */
    OptionalInt commit(String name, int expectedLatest, Set<Long> added, Set<Long> removed, String actor, String reason,
                       Instant at);
}
