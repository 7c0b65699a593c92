package dev.baton.hosts;

import dev.baton.lock.Attachment;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where the host registry lives: the same database as the locks. Every method is one transaction; a name or
 * alias is unique across both columns, which the store guarantees (a unique index, not a read first). A change
 * given an {@link Attachment} (its audit entry; {@code null}: none) writes it in its own transaction when, and only
 * when, the change is made.
 */
public interface HostStore {

    /** The host whose name or alias is exactly {@code identity}. */
    Optional<Host> find(String identity);

    /** Every host, by name. */
    List<Host> list();

    /**
     * Adds a host with its aliases.
     *
     * @throws HostConflictException when the name or an alias is already a name or alias of a host
     */
    Host add(String name, List<String> aliases, boolean canAcquireUpdateLocks, Instant at, Attachment attachment);

    /** Adds an alias to a host; false when no such host. @throws HostConflictException when taken */
    boolean addAlias(String name, String alias, Attachment attachment);

    /** Removes the host and its aliases; false when no such host. */
    boolean remove(String name, Attachment attachment);

    /** Sets {@code can_acquire_update_locks}; false when no such host. */
    boolean setCanAcquire(String name, boolean allowed, Attachment attachment);

    /** Records a request of the host. Best effort: a lost check-in time is not worth a failed lock request. */
    void checkIn(long hostId, Instant at, String protocol);

    /** Records a request under a name no host has (one row per name, the newest call). Best effort too. */
    void sighting(String identity, Instant at, String protocol);

    /** Every name seen by {@link #sighting}, by name. */
    List<Sighting> sightings();

    /** Forgets names last seen before {@code cutoff}; returns how many. */
    int purgeSightingsBefore(Instant cutoff);
}
