package dev.baton.console;

import dev.baton.console.view.JobProgressView;
import dev.baton.console.view.JobsView;
import dev.baton.console.view.PackageRow;
import dev.baton.console.view.PackageView;
import dev.baton.console.view.PackagesView;
import dev.baton.console.view.RemoteRow;
import dev.baton.console.view.RemoteView;
import dev.baton.console.view.RepositoryRow;
import dev.baton.console.view.RepositoryView;
import dev.baton.jobs.Job;
import dev.baton.jobs.JobPage;
import dev.baton.jobs.JobQuery;
import dev.baton.jobs.JobState;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.repository.RepositoryVersion;
import dev.baton.pipeline.repository.VersionDiff;
import dev.baton.pipeline.rpm.Nevra;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The read models of the pipeline's pages (jobs, remotes, repositories, packages, advisories), over the services in
 * {@link PipelineSources}. Reads only; a name that does not exist is the service's not-found exception (a 404 page).
 */
final class PipelineReads {

    /** Jobs on one page of the Jobs list. */
    static final int JOBS_PAGE = 50;
    /** Packages listed at most on a repository's page and in a search. */
    static final int PACKAGES_SHOWN = 500;

    private final PipelineSources sources;
    private final InstantSource clock;

    PipelineReads(PipelineSources sources, InstantSource clock) {
        this.sources = sources;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    JobsView jobs(String kind, String state, String before) {
        JobState wanted = state.isEmpty() ? null : JobState.fromWire(state);
        Long cursor = number("before", before);
        JobPage page = sources.jobs().list(new JobQuery(kind.isEmpty() ? null : kind, wanted, cursor, JOBS_PAGE));
        return new JobsView(page.jobs(), kind, state, cursor, page.nextBefore(), clock.instant());
    }

    JobProgressView job(String id) {
        long number = number("a job id", id);
        Job job = sources.jobs().get(number).orElseThrow(() -> new Refusal(404, "Not found", "no job " + number));
        return new JobProgressView(job, clock.instant());
    }

    List<RemoteRow> remotes() {
        return sources.remotes().list().stream().map(this::row).toList();
    }

    RemoteView remote(String name) {
        RemoteRow row = row(sources.remotes().get(name));
        List<Job> syncs = sources.jobs().list(new JobQuery("remote-sync", null, null, 200)).jobs().stream()
                .filter(j -> j.subject().equals(name)).limit(10).toList();
        return new RemoteView(row, syncs, clock.instant());
    }

    private RemoteRow row(Remote remote) {
        return new RemoteRow(remote, sources.remotes().lastSync(remote.name()).orElse(null));
    }

    List<RepositoryRow> repositories() {
        return sources.repositories().list().stream()
                .map(r -> new RepositoryRow(r, sources.repositories().latest(r.name()).summary())).toList();
    }

    RepositoryView repository(String name) {
        Repository repository = sources.repositories().show(name);
        var versions = new ArrayList<>(sources.repositories().versions(name));
        versions.sort(Comparator.comparingInt(v -> -v.number()));
        RepositoryVersion latest = sources.repositories().latest(name);
        List<PackageRow> shown = sources.repositories().packages(name, latest.number()).stream()
                .sorted(Comparator.comparing(p -> p.nevra().toString()))
                .limit(PACKAGES_SHOWN).map(p -> new PackageRow(p, name, stateIn(p, name))).toList();
        return new RepositoryView(repository, versions, shown, latest.packageIds().size(), clock.instant());
    }

    VersionDiff diff(String name, String from, String to) {
        sources.repositories().show(name);
        int latest = sources.repositories().latest(name).number();
        int a = from.isEmpty() ? Math.max(1, latest - 1) : version("from", from);
        int b = to.isEmpty() ? latest : version("to", to);
        return sources.repositories().diff(name, a, b);
    }

    /**
     * Packages of every repository's latest version whose name holds {@code q} (any case), in {@code state} there;
     * and, when {@code q} is a NEVRA Baton knows, that package (also when it is in no repository, e.g. test failed).
     */
    PackagesView packages(String q, String state) {
        PackageState wanted = state.isEmpty() ? null : packageState(state);
        String needle = q.toLowerCase(Locale.ROOT);
        List<PackageRow> rows = new ArrayList<>();
        boolean more = false;
        if (!q.isEmpty() || wanted != null) {
            outer:
            for (Repository r : sources.repositories().list()) {
                int latest = sources.repositories().latest(r.name()).number();
                for (PackageRecord p : sources.repositories().packages(r.name(), latest)) {
                    if (!p.nevra().name().toLowerCase(Locale.ROOT).contains(needle)) {
                        continue;
                    }
                    String s = stateIn(p, r.name());
                    if (wanted != null && !s.equals(wanted.name().toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    if (rows.size() == PACKAGES_SHOWN) {
                        more = true;
                        break outer;
                    }
                    rows.add(new PackageRow(p, r.name(), s));
                }
            }
        }
        rows.sort(Comparator.comparing((PackageRow p) -> p.pkg().nevra().toString()).thenComparing(PackageRow::repository));
        return new PackagesView(q, state, rows, known(q), more);
    }

    PackageView pkg(String nevra) {
        return new PackageView(sources.packages().history(nevra(nevra)), clock.instant());
    }

    List<Advisory> advisories() {
        return sources.advisories().list().stream().sorted(Comparator.comparing(Advisory::issued).reversed()).toList();
    }

    Advisory advisory(String id) {
        return sources.advisories().get(id);
    }

    private Nevra known(String q) {
        if (q.isEmpty()) {
            return null;
        }
        try {
            Nevra nevra = Nevra.parse(q);
            return sources.packages().files(nevra).isEmpty() ? null : nevra;
        } catch (RuntimeException notANevra) {
            return null;
        }
    }

    private String stateIn(PackageRecord p, String repository) {
        return sources.packages().state(p.id(), repository).map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("");
    }

    private static Nevra nevra(String text) {
        try {
            return Nevra.parse(text);
        } catch (IllegalArgumentException | NoSuchElementException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static PackageState packageState(String text) {
        for (PackageState s : PackageState.values()) {
            if (s.name().equalsIgnoreCase(text.replace(' ', '_').replace('-', '_'))) {
                return s;
            }
        }
        throw new BadRequestException("unknown package state '" + text + "'; use one of ready, mirroring, waiting, "
                + "test_failed, unsigned, signed_untested, tested, good");
    }

    private static int version(String what, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(what + " must be a version number, got '" + text + "'");
        }
    }

    private static Long number(String what, String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new BadRequestException(what + " must be a number, got '" + text + "'");
        }
    }
}
