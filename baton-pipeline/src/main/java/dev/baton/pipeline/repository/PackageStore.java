package dev.baton.pipeline.repository;

import dev.baton.pipeline.rpm.Nevra;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where package files' records and their state events are kept. A state change and its event are written in one
 * transaction: there is no state without the event that set it.
 */
public interface PackageStore {

    /**
     * Stores the record with its first state event (of the file itself) in one transaction, unless a file with its
     * SHA-256 (or, for a signed copy, a copy of the same original by the same key) is stored already: then nothing
     * is written and the stored one is answered. So the same file registered twice, even at once, is one package.
     */
    PackageRecord insertIfAbsent(PackageRecord record, PackageState state, String actor, String reason, Instant at);

    /**
     * {@link #insertIfAbsent} for several files (none a signed copy) in one transaction: answers, in the order given,
     * each stored record (inserted now or found) with its current state of its own.
     */
    List<Registered> insertAllIfAbsent(List<PackageRecord> records, PackageState state, String actor, String reason,
                                       Instant at);

    Optional<PackageRecord> find(long id);

    Optional<PackageRecord> findBySha256(String sha256);

    /** The files of a NEVRA, in id order. */
    List<PackageRecord> findByNevra(Nevra nevra);

    /**
     * The files matching every filter given (null: any), in id order, at most {@code limit}: of this name, mirrored
     * from this remote, with this current state (of their own or in any repository).
     */
    List<PackageRecord> search(String name, String remote, PackageState state, int limit);

    /** The records of these ids that exist, in id order. */
    List<PackageRecord> find(Collection<Long> ids);

    /**
     * Sets the state of a package file, of its own ({@code repository} null) or in a repository, and records the
     * event.
     */
    PackageEvent recordState(long packageId, String repository, PackageState state, String actor, String reason,
                             Instant at);

    /**
     * {@link #recordState} for several changes in one transaction, in the order given: all are recorded or none (an
     * id that is not a registered file's fails them all).
     */
    List<PackageEvent> recordStates(List<StateChange> changes, Instant at);

    /** The current states of these files (of their own and per repository), each as the event that set it. */
    List<PackageEvent> currentStates(Collection<Long> packageIds);

    /** Every state event of these files, in id order. */
    List<PackageEvent> events(Collection<Long> packageIds);
}
