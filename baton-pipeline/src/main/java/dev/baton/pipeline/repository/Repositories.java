package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Repositories and their immutable numbered versions. Every change (add, remove, rollback; promotion and syncs go
 * through {@link #change}) makes exactly one new version with who and why; versions are never altered.
 *
 * <p>Concurrency: a change reads the latest version, checks itself against it, and commits as a compare-and-set on
 * that version's number ({@link RepositoryStore#commit}). When another change came first it starts over from the
 * new latest version (re-checked: a package removed meanwhile is reported, not silently re-added), up to
 * {@link #MAX_ATTEMPTS} times; then it fails with a {@link RepositoryConflictException} having changed nothing. So
 * no change is lost and no number is used twice, also with several servers on one PostgreSQL.
 *
 * <p>What a repository admits is checked on every change and rollback: nothing test failed, and in a repository
 * with {@code signWith} only copies signed with that key ({@link ChangeRefusedException} names each package
 * refused).
 */
public final class Repositories {

    /** How often a change is tried against a repository that others keep changing before it gives up. */
    static final int MAX_ATTEMPTS = 100;

    private final RepositoryStore store;
    private final PackageStore packages;
    private final SigningKeyIds keys;
    private final Admission admission;
    private final InstantSource clock;

    public Repositories(RepositoryStore store, PackageStore packages, SigningKeyIds keys, InstantSource clock) {
        this.store = store;
        this.packages = packages;
        this.keys = keys;
        this.admission = new Admission(packages, keys);
        this.clock = clock;
    }

    /** Creates the repository with its version 1, empty. Its signing key, if any, must exist. */
    public Repository create(Repository repository, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        if (repository.signWith() != null && keys.keyIdOf(repository.signWith()).isEmpty()) {
            throw new BadRequestException("no signing key named '" + repository.signWith() + "'; create it first "
                    + "(./baton key create " + repository.signWith() + ") or give another --sign-with");
        }
        store.create(repository, actor, reason, clock.instant());
        return repository;
    }

    public List<Repository> list() {
        return store.list();
    }

    public Repository show(String name) {
        return store.find(name).orElseThrow(() -> notFound(name));
    }

    public void remove(String name) {
        if (!store.remove(name)) {
            throw notFound(name);
        }
    }

    public RepositoryVersion latest(String name) {
        int number = store.latest(name).orElseThrow(() -> notFound(name)).number();
        return version(name, number);
    }

    public RepositoryVersion version(String name, int number) {
        return store.version(name, number).orElseThrow(() -> {
            int latest = store.latest(name).orElseThrow(() -> notFound(name)).number();
            return new RepositoryNotFoundException("repository " + name + " has no version " + number
                    + " (its versions are 1 to " + latest + ")");
        });
    }

    /** Every version of the repository, oldest first. */
    public List<VersionSummary> versions(String name) {
        List<VersionSummary> versions = store.versions(name);
        if (versions.isEmpty()) {
            throw notFound(name);
        }
        return versions;
    }

    /** The package files of a version, in id order. */
    public List<PackageRecord> packages(String name, int number) {
        return packages.find(version(name, number).packageIds());
    }

    /** Applies the change as a new version. */
    public RepositoryVersion change(String name, Change change, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Repository repository = show(name);
            RepositoryVersion latest = latest(name);
            Set<Long> notNew = intersection(change.add(), latest.packageIds());
            if (!notNew.isEmpty()) {
                throw new BadRequestException("package id(s) " + notNew + " are in " + name + " version "
                        + latest.number() + " already");
            }
            SortedSet<Long> absent = new TreeSet<>(change.remove());
            absent.removeAll(latest.packageIds());
            if (!absent.isEmpty()) {
                throw new BadRequestException("package id(s) " + absent + " are not in " + name + " version "
                        + latest.number());
            }
            refuseUnadmitted(repository, change.add());
            RepositoryVersion made = commit(latest, change.add(), change.remove(), actor, reason);
            if (made != null) {
                return made;
            }
        }
        throw busy(name);
    }

    /** A new version holding exactly what version {@code number} holds (checked as any change is). */
    public RepositoryVersion rollback(String name, int number, String actor, String reason) {
        Checks.actorAndReason(actor, reason);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Repository repository = show(name);
            RepositoryVersion latest = latest(name);
            SortedSet<Long> target = version(name, number).packageIds();
            SortedSet<Long> add = difference(target, latest.packageIds());
            refuseUnadmitted(repository, add);
            RepositoryVersion made = commit(latest, add, difference(latest.packageIds(), target), actor,
                    "rollback to version " + number + ": " + reason);
            if (made != null) {
                return made;
            }
        }
        throw busy(name);
    }

    /** What version {@code to} holds that {@code from} does not (added), and the other way round (removed). */
    public VersionDiff diff(String name, int from, int to) {
        SortedSet<Long> a = version(name, from).packageIds();
        SortedSet<Long> b = version(name, to).packageIds();
        return new VersionDiff(name, from, to, packages.find(difference(b, a)), packages.find(difference(a, b)));
    }

    /**
     * Refuses (with every reason) a promotion of these files from {@code source} into {@code target}: a change the
     * target would refuse (except a copy signed with another key: a promotion signs it again with the target's key),
     * or, when the target requires tested packages, a file not marked tested in the source.
     */
    public void checkPromotion(String source, String target, Collection<Long> packageIds) {
        show(source);
        Repository into = show(target);
        List<String> reasons = admission.promotionRefusals(source, into, packageIds);
        if (!reasons.isEmpty()) {
            throw new ChangeRefusedException(target, reasons);
        }
    }

    private void refuseUnadmitted(Repository repository, Collection<Long> added) {
        if (added.isEmpty()) {
            return;
        }
        List<String> reasons = admission.refusals(repository, added);
        if (!reasons.isEmpty()) {
            throw new ChangeRefusedException(repository.name(), reasons);
        }
    }

    /** The new version, or null when another change committed first. */
    private RepositoryVersion commit(RepositoryVersion latest, SortedSet<Long> add, SortedSet<Long> remove,
                                     String actor, String reason) {
        var at = clock.instant();
        OptionalInt number = store.commit(latest.repository(), latest.number(), add, remove, actor, reason, at);
        if (number.isEmpty()) {
            return null;
        }
        SortedSet<Long> ids = new TreeSet<>(latest.packageIds());
        ids.removeAll(remove);
        ids.addAll(add);
        return new RepositoryVersion(latest.repository(), number.getAsInt(), at, actor, reason, ids);
    }

    private static SortedSet<Long> difference(Set<Long> a, Set<Long> b) {
        SortedSet<Long> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static Set<Long> intersection(Set<Long> a, Set<Long> b) {
        SortedSet<Long> i = new TreeSet<>(a);
        i.retainAll(b);
        return i;
    }

    private static RepositoryConflictException busy(String name) {
        return new RepositoryConflictException("repository " + name + " was changed by others " + MAX_ATTEMPTS
                + " times while this change was being made; nothing was changed, try again");
    }

    private static RepositoryNotFoundException notFound(String name) {
        return new RepositoryNotFoundException("no repository named " + name + " (./baton repo list shows them)");
    }
}
