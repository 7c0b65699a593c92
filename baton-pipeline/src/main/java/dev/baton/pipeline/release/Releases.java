package dev.baton.pipeline.release;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.content.Blob;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.files.Directories;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.Change;
import dev.baton.pipeline.repository.ChangeRefusedException;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageNotFoundException;
import dev.baton.pipeline.repository.PackageOrigin;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.rpm.RpmVersions;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Release managers' and testers' work on repositories. Each change is one new version of a repository (through
 * {@link Repositories#change}, so its admission rules hold: nothing test failed, in a signed repository only copies
 * signed with its key), then the packages' states in it (seed 004: UNSIGNED in an unsigned repository,
 * SIGNED_UNTESTED in a signed one, GOOD in a production one), then a publish request.
 *
 * <p>A file going into a repository with {@code signWith} is signed as Koji does: the unsigned original (from the
 * content store) is signed into a copy with the repository's key, stored by its digest and registered as a
 * {@link PackageOrigin#SIGNED_COPY}; a copy made before is reused. Adding to a signed repository therefore signs:
 * callers check that the actor may sign ({@link #signs}). A promotion never signs an unsigned package: it is
 * refused, naming it; a copy signed with another key is re-signed from its original with the target's key.
 *
 * <p>Refusals name every package refused and why ({@link ChangeRefusedException}); nothing is changed then.
 */
public final class Releases {

    /** The kind of the job that publishes a repository's latest version (its subject: the repository's name). */
    public static final String PUBLISH_JOB = "repo-publish";

    /** The most files one listing answers. */
    public static final int MAX_LIST = 10_000;

    private final Repositories repositories;
    private final Packages packages;
    private final Remotes remotes;
    private final ContentStore content;
    private final SigningKeys keys;
    private final Advisories advisories;
    private final PublishRequests publish;
    private final RpmSigner signer = new RpmSigner();

    public Releases(Repositories repositories, Packages packages, Remotes remotes, ContentStore content,
                    SigningKeys keys, Advisories advisories, PublishRequests publish) {
        this.repositories = repositories;
        this.packages = packages;
        this.remotes = remotes;
        this.content = content;
        this.keys = keys;
        this.advisories = advisories;
        this.publish = publish;
    }

    /** True when putting packages into this repository may sign them (it has a signing key). */
    public boolean signs(String repository) {
        return repositories.show(repository).signWith() != null;
    }

    /**
     * Adds every package of the remote that passed its checks (own state WAITING) and that the repository does not
     * hold yet (signed with the repository's key when it has one).
     */
    public ReleaseChange addFromRemote(String repository, String remote, String actor, String reason) {
        Repository into = repositories.show(repository);
        remotes.get(remote);
        List<PackageRecord> checked = new ArrayList<>();
        for (PackageRecord p : packages.search(null, remote, PackageState.WAITING, Integer.MAX_VALUE)) {
            if (packages.state(p.id(), null).orElse(null) == PackageState.WAITING) {
                checked.add(p);
            }
        }
        return add(into, checked, actor, reason);
    }

    /** Adds these packages (a file of each NEVRA: its copy signed with the repository's key, or its original). */
    public ReleaseChange add(String repository, List<Nevra> nevras, String actor, String reason) {
        Repository into = repositories.show(repository);
        requireSome(nevras);
        List<PackageRecord> files = new ArrayList<>();
        for (Nevra nevra : nevras) {
            List<PackageRecord> all = packages.files(nevra);
            if (all.isEmpty()) {
                throw new PackageNotFoundException("no package " + nevra + " (./baton package list shows them)");
            }
            files.add(all.stream().filter(p -> p.origin() != PackageOrigin.SIGNED_COPY).findFirst()
                    .orElse(all.getFirst()));
        }
        return add(into, files, actor, reason);
    }

    /** Removes every file of these NEVRAs from the repository; each must be in its latest version. */
    public ReleaseChange remove(String repository, List<Nevra> nevras, String actor, String reason) {
        requireSome(nevras);
        RepositoryVersion latest = repositories.latest(repository);
        List<PackageRecord> held = repositories.packages(repository, latest.number());
        List<PackageRecord> removed = new ArrayList<>();
        for (Nevra nevra : nevras) {
            List<PackageRecord> of = held.stream().filter(p -> p.nevra().equals(nevra)).toList();
            if (of.isEmpty()) {
                throw new PackageNotFoundException(nevra + " is not in " + repository + " (version " + latest.number()
                        + ")");
            }
            removed.addAll(of);
        }
        RepositoryVersion made = repositories.change(repository, Change.of(List.of(), ids(removed)), actor, reason);
        publish.request(repository, actor);
        return new ReleaseChange(made, true, List.of(), removed);
    }

    /**
     * Copies the selected packages of {@code source}'s latest version into a new version of {@code target}. Refused
     * (naming each package) when one is unsigned or test failed and the target is signed, or is not TESTED in the
     * source and the target requires tested packages.
     */
    public ReleaseChange promote(String source, String target, Selection selection, String actor, String reason) {
        Repository into = repositories.show(target);
        if (source.equals(target)) {
            throw new BadRequestException("a promotion goes from one repository into another, not into " + source
                    + " itself");
        }
        RepositoryVersion from = repositories.latest(source);
        List<PackageRecord> chosen = select(source, repositories.packages(source, from.number()), selection);
        repositories.checkPromotion(source, target, ids(chosen));
        return add(into, chosen, actor, reason);
    }

    /**
     * The repository a package is marked in when none is named: the one testing (not production) repository whose
     * latest version holds it.
     *
     * @throws PackageNotFoundException when no testing repository holds it
     * @throws BadRequestException      when several do, naming them
     */
    public String testingRepositoryOf(Nevra nevra) {
        List<String> holding = new ArrayList<>();
        for (Repository r : repositories.list()) {
            if (!r.production() && repositories.packages(r.name(), repositories.latest(r.name()).number()).stream()
                    .anyMatch(p -> p.nevra().equals(nevra))) {
                holding.add(r.name());
            }
        }
        if (holding.isEmpty()) {
            throw new PackageNotFoundException("no testing repository holds " + nevra + "; add it to one, or name the "
                    + "repository (--repository)");
        }
        if (holding.size() > 1) {
            throw new BadRequestException(nevra + " is in several testing repositories (" + String.join(", ", holding)
                    + "): name the one it was tested in (--repository)");
        }
        return holding.getFirst();
    }

    /** Marks the package (every file of it the repository holds) tested in that repository. */
    public List<PackageEvent> markTested(Nevra nevra, String repository, String actor, String comment) {
        return mark(nevra, repository, PackageState.TESTED, actor,
                comment == null || comment.isBlank() ? "marked tested" : comment);
    }

    /** Marks the package failed in that repository: it cannot be promoted into a signed repository any more. */
    public List<PackageEvent> markFailed(Nevra nevra, String repository, String actor, String comment) {
        if (comment == null || comment.isBlank()) {
            throw new BadRequestException("marking a package failed needs a comment saying what failed (--comment)");
        }
        return mark(nevra, repository, PackageState.TEST_FAILED, actor, comment);
    }

    /**
     * Package files by name and state; with a repository, those its latest version holds and their state in it,
     * otherwise all files with the state of their own or in any repository. At most {@link #MAX_LIST}.
     */
    public List<PackageRecord> list(String name, PackageState state, String repository) {
        if (repository == null) {
            return packages.search(name, null, state, MAX_LIST);
        }
        RepositoryVersion latest = repositories.latest(repository);
        return repositories.packages(repository, latest.number()).stream()
                .filter(p -> name == null || p.nevra().name().equals(name))
                .filter(p -> state == null || packages.state(p.id(), repository).orElse(null) == state)
                .limit(MAX_LIST).toList();
    }

    private ReleaseChange add(Repository into, List<PackageRecord> candidates, String actor, String reason) {
        RepositoryVersion latest = repositories.latest(into.name());
        List<String> refusals = new ArrayList<>();
        Map<Long, PackageRecord> added = new LinkedHashMap<>();
        for (PackageRecord file : filesFor(into, candidates, actor, refusals)) {
            if (!latest.packageIds().contains(file.id())) {
                added.put(file.id(), file);
            }
        }
        if (!refusals.isEmpty()) {
            throw new ChangeRefusedException(into.name(), refusals);
        }
        if (added.isEmpty()) {
            return ReleaseChange.unchanged(latest);
        }
        RepositoryVersion made = repositories.change(into.name(), Change.of(added.keySet(), List.of()), actor, reason);
        PackageState state = into.production() ? PackageState.GOOD
                : into.signWith() != null ? PackageState.SIGNED_UNTESTED : PackageState.UNSIGNED;
        for (PackageRecord file : added.values()) {
            packages.setState(file.id(), into.name(), state, actor, reason);
        }
        publish.request(into.name(), actor);
        return new ReleaseChange(made, true, List.copyOf(added.values()), List.of());
    }

    /** An original that needs a copy signed with the repository's key, and its file. */
    private record ToSign(PackageRecord original, Path file) {
    }

    /**
     * The files the candidates put into the repository, in their order: each one itself in an unsigned repository
     * or when signed with the repository's key, otherwise the copy of its original signed with that key. The copies
     * that do not exist yet are signed in one batch on all cores ({@link RpmSigner#signAll}). A test-failed original
     * or a missing file adds a reason to {@code refusals} instead; then nothing is signed.
     */
    private List<PackageRecord> filesFor(Repository into, List<PackageRecord> candidates, String actor,
                                         List<String> refusals) {
        List<Object> planned = new ArrayList<>();
        Map<Long, ToSign> toSign = new LinkedHashMap<>();
        for (PackageRecord p : candidates) {
            Object plan = plan(into, p, refusals);
            if (plan instanceof ToSign t) {
                toSign.putIfAbsent(t.original().id(), t);
            }
            if (plan != null) {
                planned.add(plan);
            }
        }
        if (!refusals.isEmpty()) {
            return List.of();
        }
        Map<Long, PackageRecord> signed = toSign.isEmpty() ? Map.of() : signAll(into, toSign.values(), actor);
        return planned.stream().map(plan -> plan instanceof ToSign t ? signed.get(t.original().id())
                : (PackageRecord) plan).toList();
    }

    /**
     * What {@code p} puts into the repository: a file that exists ({@link PackageRecord}), an original to sign
     * ({@link ToSign}), or null with the reason added when the original is test failed or its file is missing.
     */
    private Object plan(Repository into, PackageRecord p, List<String> refusals) {
        if (into.signWith() == null) {
            return p;
        }
        SigningKey key = signingKey(into);
        if (p.isSignedBy(key.keyId())) {
            return p;
        }
        PackageRecord original = p.origin() == PackageOrigin.SIGNED_COPY
                ? packages.bySha256(p.signedFrom()).orElseThrow(() -> new PackageNotFoundException(
                        "the original of " + p.describe() + " is not registered"))
                : p;
        Optional<PackageEvent> failed = packages.states(original.id()).stream()
                .filter(e -> e.state() == PackageState.TEST_FAILED).findFirst();
        if (failed.isPresent()) {
            refusals.add(original.describe() + " is test failed" + (failed.get().repository() == null ? ""
                    : " in " + failed.get().repository()) + " (" + failed.get().actor() + ": " + failed.get().reason()
                    + "); it is not signed");
            return null;
        }
        Optional<PackageRecord> copy = packages.signedCopy(original, key.keyId());
        if (copy.isPresent()) {
            return copy.get();
        }
        Optional<Path> unsigned = content.path(original.sha256());
        if (unsigned.isEmpty()) {
            refusals.add(original.describe() + " has no file in the content store; mirror or upload it again");
            return null;
        }
        return new ToSign(original, unsigned.get());
    }

    private SigningKey signingKey(Repository into) {
        return keys.find(into.signWith()).orElseThrow(() -> new BadRequestException("repository "
                + into.name() + " signs with key '" + into.signWith() + "', which does not exist; create or import it "
                + "(./baton key create " + into.signWith() + ")"));
    }

    /** Signs the originals in one batch, stores and registers the copies; answers them by original id. */
    private Map<Long, PackageRecord> signAll(Repository into, Collection<ToSign> originals, String actor) {
        SigningKey key = signingKey(into);
        Path dir = null;
        try {
            dir = Files.createTempDirectory("baton-signing-");
            List<RpmSigner.Signing> batch = new ArrayList<>();
            for (ToSign t : originals) {
                batch.add(new RpmSigner.Signing(t.file(), dir.resolve(t.original().sha256() + ".rpm")));
            }
            signer.signAll(batch, keys.forSigning(into.signWith()), Runtime.getRuntime().availableProcessors());
            Map<Long, PackageRecord> copies = new LinkedHashMap<>();
            int i = 0;
            for (ToSign t : originals) {
                Blob blob;
                try (InputStream in = Files.newInputStream(batch.get(i++).out())) {
                    blob = content.put(in, null, -1);
                }
                copies.put(t.original().id(), packages.register(PackageRecord.signedCopy(t.original(), blob.sha256(),
                        blob.size(), key.keyId()), PackageState.WAITING, actor, "signed with key " + into.signWith()
                        + " (" + key.keyId() + ") for " + into.name()));
            }
            return copies;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sign " + originals.size() + " packages for " + into.name() + ": "
                    + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try {
                    Directories.deleteTree(dir);
                } catch (IOException e) {
                    // a temporary directory left behind is harmless
                }
            }
        }
    }

    private List<PackageRecord> select(String source, List<PackageRecord> held, Selection selection) {
        Map<Long, PackageRecord> chosen = new LinkedHashMap<>();
        for (String entry : selection.packages()) {
            List<PackageRecord> ofName = held.stream().filter(p -> p.nevra().name().equals(entry)).toList();
            if (!ofName.isEmpty()) {
                Nevra newest = ofName.stream().map(PackageRecord::nevra)
                        .max(Comparator.comparing(n -> n, RpmVersions::compareEvr)).orElseThrow();
                ofName.stream().filter(p -> p.nevra().equals(newest)).forEach(p -> chosen.put(p.id(), p));
                continue;
            }
            Nevra nevra = parse(entry);
            List<PackageRecord> of = held.stream().filter(p -> p.nevra().equals(nevra)).toList();
            if (of.isEmpty()) {
                throw new PackageNotFoundException("no package named " + entry + " and no " + entry + " in " + source
                        + " (./baton package list --repository " + source + " shows what it holds)");
            }
            of.forEach(p -> chosen.put(p.id(), p));
        }
        for (String id : selection.advisories()) {
            Set<Nevra> nevras = new TreeSet<>(Comparator.comparing(Nevra::toString));
            advisories.get(id).packages().stream().map(AdvisoryPackage::nevra).forEach(nevras::add);
            List<PackageRecord> of = held.stream().filter(p -> nevras.contains(p.nevra())).toList();
            if (of.isEmpty()) {
                throw new PackageNotFoundException("advisory " + id + " has none of its packages (" + nevras + ") in "
                        + source);
            }
            of.forEach(p -> chosen.put(p.id(), p));
        }
        return List.copyOf(chosen.values());
    }

    private List<PackageEvent> mark(Nevra nevra, String repository, PackageState state, String actor, String comment) {
        RepositoryVersion latest = repositories.latest(repository);
        List<PackageRecord> held = repositories.packages(repository, latest.number()).stream()
                .filter(p -> p.nevra().equals(nevra)).toList();
        if (held.isEmpty()) {
            throw new PackageNotFoundException(nevra + " is not in " + repository + " (version " + latest.number()
                    + "); a package is marked in a repository that holds it");
        }
        return held.stream().map(p -> packages.setState(p.id(), repository, state, actor, comment)).toList();
    }

    private static Nevra parse(String text) {
        try {
            return Nevra.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PackageNotFoundException("no package named " + text + " in the source, and it is not a NEVRA "
                    + "(name-version-release.arch): " + e.getMessage());
        }
    }

    private static void requireSome(List<Nevra> nevras) {
        if (nevras == null || nevras.isEmpty()) {
            throw new BadRequestException("give at least one package (NEVRA, e.g. hello-1.0-1.noarch)");
        }
        nevras.forEach(Objects::requireNonNull);
    }

    private static List<Long> ids(List<PackageRecord> records) {
        return records.stream().map(PackageRecord::id).toList();
    }
}
