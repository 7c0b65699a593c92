package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.rpm.Nevra;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Package files and their states: registered once per file (by SHA-256), with a state of their own and one per
 * repository, every change of state an event with who and why, so {@link #history} tells a package's whole life.
 *
 * <p>A signed copy is registered with its original: the original must be known, and the copy has its NEVRA.
 * Signing the same original with the same key again answers the copy made first.
 */
public final class Packages {

    private final PackageStore store;
    private final InstantSource clock;

    public Packages(PackageStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Registers a file with its first state, or answers the stored one when its digest is known (its state is then
     * left as it is).
     */
    public PackageRecord register(PackageRecord record, PackageState state, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        if (record.origin() == PackageOrigin.SIGNED_COPY) {
            PackageRecord original = store.findBySha256(record.signedFrom()).orElseThrow(() -> new PackageNotFoundException(
                    "the original of the signed copy " + record.sha256() + " (" + record.signedFrom() + ") is not registered"));
            if (!original.nevra().equals(record.nevra())) {
                throw new BadRequestException("a signed copy has its original's NEVRA: " + original.nevra() + ", not "
                        + record.nevra());
            }
            if (original.origin() == PackageOrigin.SIGNED_COPY) {
                throw new BadRequestException("sign the original of " + original.describe() + ", not a signed copy");
            }
        }
        return store.insertIfAbsent(record, state, actor, reason, clock.instant());
    }

    /**
     * {@link #register} for several mirrored or uploaded files (not signed copies) in one transaction, so a sync
     * pays one durable write for many packages: answers, in the order given, each record with its current state of
     * its own (the given one for a file registered now).
     */
    public List<Registered> registerAll(List<PackageRecord> records, PackageState state, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        for (PackageRecord r : records) {
            if (r.origin() == PackageOrigin.SIGNED_COPY) {
                throw new BadRequestException("register the signed copy " + r.sha256() + " on its own, with its original");
            }
        }
        return records.isEmpty() ? List.of() : store.insertAllIfAbsent(records, state, actor, reason, clock.instant());
    }

    /**
     * Sets several states in one transaction, each an event as {@link #setState} makes it: all or none. For a caller
     * that holds the ids of registered files (a sync recording what it checked): unlike {@link #setState}, the ids
     * are not read first; an unknown one fails the whole change.
     */
    public List<PackageEvent> setStates(List<StateChange> changes) {
        for (StateChange c : changes) {
            Checks.actorAndReason(c.actor(), c.reason());
            if (c.repository() != null) {
                Checks.name("a repository name", c.repository());
            }
            if (c.state() == null) {
                throw new BadRequestException("a state change needs the new state");
            }
        }
        return changes.isEmpty() ? List.of() : store.recordStates(changes, clock.instant());
    }

    /** Sets a file's state of its own ({@code repository} null) or in a repository, as one event. */
    public PackageEvent setState(long packageId, String repository, PackageState state, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        if (repository != null) {
            Checks.name("a repository name", repository);
        }
        if (state == null) {
            throw new BadRequestException("a state change needs the new state");
        }
        get(packageId);
        return store.recordState(packageId, repository, state, actor, reason, clock.instant());
    }

    public PackageRecord get(long id) {
        return store.find(id).orElseThrow(() -> new PackageNotFoundException("no package with id " + id));
    }

    public Optional<PackageRecord> bySha256(String sha256) {
        return store.findBySha256(sha256);
    }

    /** The files of a NEVRA (the original, signed copies), in id order; empty when unknown. */
    public List<PackageRecord> files(Nevra nevra) {
        return store.findByNevra(nevra);
    }

    /** The copy of {@code original} signed with this key, if one was made. */
    public Optional<PackageRecord> signedCopy(PackageRecord original, String keyId) {
        return store.findByNevra(original.nevra()).stream()
                .filter(p -> original.sha256().equals(p.signedFrom()) && p.isSignedBy(keyId)).findFirst();
    }

    /** The file's current state of its own ({@code repository} null) or in a repository. */
    public Optional<PackageState> state(long packageId, String repository) {
        return store.currentStates(List.of(packageId)).stream()
                .filter(e -> Objects.equals(e.repository(), repository)).map(PackageEvent::state).findFirst();
    }

    /** The file's current states, of its own and per repository, each as the event that set it. */
    public List<PackageEvent> states(long packageId) {
        return store.currentStates(List.of(packageId));
    }

    /**
     * Files by name, remote and current state (of their own or in any repository); null filters match all. In id
     * order, at most {@code limit}.
     */
    public List<PackageRecord> search(String name, String remote, PackageState state, int limit) {
        return store.search(name, remote, state, limit);
    }

    /** The whole life of a NEVRA: its files, every state event, the current states. */
    public PackageHistory history(Nevra nevra) {
        List<PackageRecord> files = store.findByNevra(nevra);
        if (files.isEmpty()) {
            throw new PackageNotFoundException("no package " + nevra);
        }
        List<Long> ids = files.stream().map(PackageRecord::id).toList();
        return new PackageHistory(nevra, files, store.events(ids), store.currentStates(ids));
    }
}
