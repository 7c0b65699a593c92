package dev.baton.pipeline.sync;

import dev.baton.jobs.JobContext;
import dev.baton.jobs.JobHandler;
import dev.baton.notify.NotificationKinds;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteSyncState;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repodata.PrimaryPackage;
import dev.baton.pipeline.repodata.PrimaryReader;
import dev.baton.pipeline.repodata.RepodataFormatException;
import dev.baton.pipeline.repodata.Repomd;
import dev.baton.pipeline.repodata.RepomdEntry;
import dev.baton.pipeline.repodata.RepomdReader;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Registered;
import dev.baton.pipeline.repository.StateChange;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.SigningException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code remote-sync} job (subject: the remote's name): mirrors a remote into the content store.
 *
 * <p>Steps: read {@code repomd.xml} (and check {@code repomd.xml.asc} when the remote requires it); if its sha256 is
 * the one the last successful sync read, end as {@code unchanged}. Otherwise fetch primary and check it against
 * repomd.xml, read it whole (streaming) before fetching any package, so broken metadata stores nothing; then fetch
 * every package the content store lacks, {@link #PARALLEL} at a time on virtual threads, each registered MIRRORING
 * just before (in batches), then, once its file is stored, WAITING when every check passed or TEST_FAILED with the
 * reason (and a {@code package.test_failed} notice) otherwise, recorded in batches by an {@link OutcomeRecorder}.
 * Then the upstream advisories (updateinfo, CSAF) and the {@link RemoteSyncState}.
 *
 * <p>Resumable: a run after a crash fetches only what the content store still lacks, continuing partial files, and
 * checks again (from the content store) the packages the crash left MIRRORING after storing them.
 * Packages that could not be fetched (network) fail the sync at the end, naming the first; their partial files stay.
 */
public final class RemoteSync implements JobHandler {

    public static final String KIND = "remote-sync";
    /** Downloads at a time per sync. */
    public static final int PARALLEL = 8;
    /** Packages registered MIRRORING in one transaction, just before their downloads start. */
    static final int REGISTER_BATCH = 100;
    /** Tries per package before a sync gives up on it (each continues the partial file). */
    static final int ATTEMPTS = 3;
    /** Who the state changes of a sync are recorded by. */
    static final String ACTOR = "sync";

    private static final Logger log = LoggerFactory.getLogger(RemoteSync.class);

    private final Remotes remotes;
    private final ContentStore content;
    private final Packages packages;
    private final Advisories advisories;
    private final Notifier notifier;
    private final Path pipelineDir;
    private final Path incoming;
    private final Path quarantine;
    private final InstantSource clock;

    /**
     * @param pipelineDir the pipeline's directory: partial downloads go to {@code incoming/}, packages that failed a
     *                    check to {@code quarantine/}, what was fetched of CSAF feeds is noted in {@code csaf/}
     */
    public RemoteSync(Remotes remotes, ContentStore content, Packages packages, Advisories advisories, Notifier notifier,
                      Path pipelineDir, InstantSource clock) {
        this.remotes = remotes;
        this.content = content;
        this.packages = packages;
        this.advisories = advisories;
        this.notifier = notifier;
        this.pipelineDir = pipelineDir;
        this.incoming = pipelineDir.resolve("incoming");
        this.quarantine = pipelineDir.resolve("quarantine");
        this.clock = clock;
    }

    @Override
    public void run(JobContext context) throws Exception {
        Remote remote = remotes.get(context.job().subject());
        try {
            RemoteSyncState state = sync(remote, context);
            remotes.recordSync(state);
            context.progress(state.packages(), state.packages(), "packages", state.result());
        } catch (SyncFailedException | RepodataFormatException | SigningException | IOException e) {
            String why = e instanceof IOException
                    ? "cannot fetch from remote " + remote.name() + " (" + remote.url() + "): " + e
                    : e.getMessage();
            remotes.recordSync(new RemoteSyncState(remote.name(), clock.instant(), null, null, 0, 0, why));
            throw new SyncFailedException(why, e);
        }
    }

    private RemoteSyncState sync(Remote remote, JobContext context) throws IOException, InterruptedException {
        PublicKeys keys = remote.trustedKeys().isBlank() ? PublicKeys.none() : PublicKeys.readArmored(remote.trustedKeys());
        Upstream upstream = Upstream.of(remote);
        context.progress(0, 0, "packages", "reading repomd.xml");
        byte[] repomdBytes = Metadata.repomd(upstream, remote, keys);
        String repomdSha256 = sha256(repomdBytes);
        var last = remotes.lastSync(remote.name());
        if (last.isPresent() && repomdSha256.equals(last.get().repomdSha256())) {
            // The packages are as they were; CSAF advisories live apart from repomd.xml and may have changed.
            UpstreamAdvisories upstreamAdvisories = new UpstreamAdvisories(advisories, remote, pipelineDir);
            String csaf = upstreamAdvisories.csaf();
            return new RemoteSyncState(remote.name(), clock.instant(), repomdSha256, last.get().revision(),
                    last.get().packages(), last.get().failed(), "unchanged" + csaf + upstreamAdvisories.notRecorded());
        }
        Repomd repomd = read(repomdBytes);
        RepomdEntry primaryEntry = repomd.entry("primary").orElseThrow(() ->
                new SyncFailedException("repomd.xml of remote " + remote.name() + " lists no primary metadata"));
        Path dir = Files.createDirectories(incoming.resolve(remote.name()));
        Files.createDirectories(quarantine);

        context.progress(0, 0, "packages", "reading primary metadata");
        Path primary = Metadata.fetch(upstream, primaryEntry, dir.resolve("primary" + primaryEntry.compression().suffix()));
        List<PrimaryPackage> missing = new ArrayList<>();
        long listed;
        try (InputStream in = Metadata.open(primaryEntry, primary)) {
            listed = PrimaryReader.read(in, p -> {
                if (!content.contains(p.sha256())) {
                    missing.add(p);
                }
            });
        } catch (RepodataFormatException e) {
            throw new SyncFailedException(primaryEntry.href() + " of remote " + remote.name() + ": " + e.getMessage()
                    + "; nothing was fetched", e);
        } finally {
            Files.deleteIfExists(primary);
        }

        PackageFetch fetch = new PackageFetch(upstream, keys, content, dir, quarantine);
        long failed = settleInterrupted(remote, fetch) + fetchAll(remote, fetch, missing, listed, context);
        UpstreamAdvisories upstreamAdvisories = new UpstreamAdvisories(advisories, remote, pipelineDir);
        upstreamAdvisories.updateinfo(upstream, repomd, dir);
        String csaf = upstreamAdvisories.csaf();
        String result = "ok: " + listed + " packages listed, " + missing.size() + " fetched, " + failed + " test failed"
                + csaf + upstreamAdvisories.notRecorded();
        return new RemoteSyncState(remote.name(), clock.instant(), repomdSha256, repomd.revision(), listed, failed,
                result);
    }

    /**
     * Fetches the packages in parallel; answers how many failed a check. Network failures fail the sync. Packages are
     * registered MIRRORING in batches of {@link #REGISTER_BATCH} just before their fetches start, and what each fetch
     * found is recorded by an {@link OutcomeRecorder}: a few store transactions per hundred packages, none on a
     * fetch's way. A checked package gives its download's place to the next one before it is stored (fsynced and
     * renamed into the content store, at most {@link #PARALLEL} at a time): on the sync bench the downloads spent a
     * fifth of their time in fsync.
     */
    private long fetchAll(Remote remote, PackageFetch fetch, List<PrimaryPackage> missing, long listed,
                          JobContext context) throws InterruptedException {
        AtomicLong done = new AtomicLong(listed - missing.size());
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong unreachable = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Semaphore slots = new Semaphore(PARALLEL);
        Semaphore storing = new Semaphore(PARALLEL);
        context.progress(done.get(), listed, "packages", "fetching " + missing.size() + " packages");
        OutcomeRecorder recorder = new OutcomeRecorder(packages);
        try (recorder; ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int from = 0; from < missing.size() && !context.cancelled(); from += REGISTER_BATCH) {
                List<PrimaryPackage> batch = missing.subList(from, Math.min(missing.size(), from + REGISTER_BATCH));
                List<PackageRecord> records = registerMirroring(remote, batch);
                for (int i = 0; i < batch.size() && !context.cancelled(); i++) {
                    PrimaryPackage pkg = batch.get(i);
                    PackageRecord record = records.get(i);
                    slots.acquire();
                    threads.submit(() -> {
                        boolean downloading = true;
                        try {
                            if (context.cancelled()) {
                                return;
                            }
                            PackageFetch.Outcome outcome = fetchResuming(fetch, pkg);
                            bytes.addAndGet(outcome.bytes());
                            if (outcome.passed()) {
                                // Its fsyncs need not hold a download's place: the next download starts meanwhile.
                                storing.acquire();
                                slots.release();
                                downloading = false;
                                try {
                                    fetch.store(pkg);
                                } finally {
                                    storing.release();
                                }
                                recorder.record(new StateChange(record.id(), null, PackageState.WAITING, ACTOR,
                                        "mirrored from " + remote.name() + ": size and sha256 match, "
                                                + outcome.reason()), null);
                            } else {
                                failed.incrementAndGet();
                                recorder.record(new StateChange(record.id(), null, PackageState.TEST_FAILED, ACTOR,
                                        outcome.reason()), () -> notifyFailed(remote, pkg.nevra().toString(),
                                        pkg.sha256(), outcome.reason()));
                            }
                        } catch (IOException | RuntimeException e) {
                            unreachable.incrementAndGet();
                            firstError.compareAndSet(null, pkg.nevra() + ": " + e.getMessage());
                            log.warn("remote {}: {} could not be fetched: {}", remote.name(), pkg.nevra(), e.toString());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            if (downloading) {
                                slots.release();
                            }
                            context.progress(done.incrementAndGet(), listed, "packages", bytes.get() + " bytes fetched");
                        }
                    });
                }
            }
        }
        if (context.cancelled()) {
            throw new SyncFailedException("the sync of remote " + remote.name() + " was stopped; the next one resumes it");
        }
        if (unreachable.get() > 0) {
            throw new SyncFailedException(unreachable.get() + " packages of remote " + remote.name()
                    + " could not be fetched (the next sync resumes them), the first: " + firstError.get());
        }
        if (recorder.failure() != null) {
            throw new SyncFailedException("the states of " + recorder.dropped() + " packages of remote " + remote.name()
                    + " could not be recorded (the next sync checks them again): " + recorder.failure().getMessage(),
                    recorder.failure());
        }
        return failed.get();
    }

    /**
     * Registers the packages MIRRORING in one transaction (a package known already, say one that failed a check
     * before, is set MIRRORING in a second one); answers their records in the same order.
     */
    private List<PackageRecord> registerMirroring(Remote remote, List<PrimaryPackage> batch) {
        List<Registered> registered = packages.registerAll(batch.stream().map(p -> PackageRecord.mirrored(p.nevra(),
                p.sha256(), p.packageSize(), remote.name())).toList(), PackageState.MIRRORING, ACTOR,
                "listed by remote " + remote.name());
        packages.setStates(registered.stream().filter(r -> r.state() != PackageState.MIRRORING)
                .map(r -> new StateChange(r.record().id(), null, PackageState.MIRRORING, ACTOR,
                        "fetching from remote " + remote.name())).toList());
        return registered.stream().map(Registered::record).toList();
    }

    /**
     * A crash between storing a checked package and recording it WAITING leaves it MIRRORING with its file in the
     * content store, where the fetch never looks again: each such package of the remote is checked again from the
     * content store (not fetched) and recorded. Answers how many failed that check.
     */
    private long settleInterrupted(Remote remote, PackageFetch fetch) throws IOException {
        long failed = 0;
        for (PackageRecord p : packages.search(null, remote.name(), PackageState.MIRRORING, Integer.MAX_VALUE)) {
            var stored = content.path(p.sha256());
            if (stored.isEmpty() || packages.state(p.id(), null).orElse(null) != PackageState.MIRRORING) {
                continue; // not stored yet: fetched below when still listed
            }
            PackageFetch.Outcome outcome = fetch.recheck(stored.get());
            if (outcome.passed()) {
                packages.setState(p.id(), null, PackageState.WAITING, ACTOR, "mirrored from " + remote.name()
                        + ": stored before the sync was interrupted, checked again from the content store: "
                        + outcome.reason());
            } else {
                failed++;
                packages.setState(p.id(), null, PackageState.TEST_FAILED, ACTOR, outcome.reason());
                notifyFailed(remote, p.nevra().toString(), p.sha256(), outcome.reason());
            }
        }
        return failed;
    }

    /** A dropped connection is retried at once, continuing the partial file; the last failure is thrown. */
    private static PackageFetch.Outcome fetchResuming(PackageFetch fetch, PrimaryPackage pkg)
            throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return fetch.fetch(pkg);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped while fetching " + pkg.nevra()); // a cancel closed the socket
                }
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.info("{}: fetch attempt {} failed ({}), resuming", pkg.nevra(), attempt, e.toString());
            }
        }
    }

    private void notifyFailed(Remote remote, String nevra, String sha256, String reason) {
        try {
            notifier.publish(new Notice(NotificationKinds.PACKAGE_TEST_FAILED, remote.name(),
                    "Package " + nevra + " from remote " + remote.name() + " failed its checks",
                    "Package: " + nevra + "\nRemote: " + remote.name() + "\nsha256: " + sha256
                            + "\nReason: " + reason + "\nIt cannot be put into a repository.",
                    NotificationKinds.PACKAGE_TEST_FAILED + ":" + remote.name() + ":" + sha256, clock.instant()));
        } catch (RuntimeException e) {
            log.warn("the notice of test-failed package {} could not be published: {}", nevra, e.toString());
        }
    }

    private static Repomd read(byte[] bytes) {
        try {
            return RepomdReader.read(new ByteArrayInputStream(bytes));
        } catch (RepodataFormatException e) {
            throw new SyncFailedException(e.getMessage() + "; nothing was fetched", e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
