package dev.baton.console;

import dev.baton.console.view.HistoryFilter;
import dev.baton.console.view.HistoryView;
import dev.baton.console.view.HostListView;
import dev.baton.console.view.HostPageView;
import dev.baton.console.view.HostRow;
import dev.baton.console.view.LockListView;
import dev.baton.console.view.LockLive;
import dev.baton.console.view.LockPageView;
import dev.baton.console.view.LockRow;
import dev.baton.console.view.OverviewView;
import dev.baton.console.view.Paging;
import dev.baton.hosts.Host;
import dev.baton.hosts.HostNotFoundException;
import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.SeenHost;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.progress.ProgressService;
import dev.baton.progress.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every read the console's pages make, one method per page or fragment, built on today's domain reads
 * ({@link LockReader}, {@link HostRegistry#overview}, {@link ProgressService}).
 *
 * <p>This is the one place to switch when the keyset and filtered read models arrive: lock search/sort/paging,
 * host states and paging over 10,000 hosts, and the fleet history filtered in the store. Until then lists are
 * sorted and paged here, host states are derived from the newest agent report, and history filters are applied
 * to pages read newest first (scanning at most {@link #SCAN_BUDGET} events per page asked for).
 */
final class Reads {

    static final int PAGE_SIZE = 50;
    static final int HISTORY_PAGE = 50;
    /** Events read at most to fill one filtered history page; the page's "older" link continues from there. */
    static final int SCAN_BUDGET = 5_000;
    /** Locks shown on the overview, busiest first. */
    static final int OVERVIEW_LOCKS = 25;
    /** A host silent for this long is "not seen". */
    static final Duration NOT_SEEN_AFTER = Duration.ofDays(7);
    static final List<String> HOST_STATES = List.of("idle", "waiting", "updating", "failed", "not_seen");

    private final LockReader locks;
    private final HostRegistry hosts;
    private final ProgressService progress;
    private final InstantSource clock;

    Reads(LockReader locks, HostRegistry hosts, ProgressService progress, InstantSource clock) {
        this.locks = locks;
        this.hosts = hosts;
        this.progress = progress;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------ overview

    OverviewView.OverviewLive overviewLive() {
        long version = version(null); // before the locks: a change committed in between is sent again
        List<LockView> all = locks.list();
        List<LockRow> rows = all.stream().map(LockRow::of)
                .sorted(Comparator.comparingInt((LockRow r) -> r.held() + r.waiting()).reversed().thenComparing(LockRow::name))
                .limit(OVERVIEW_LOCKS).toList();
        int held = all.stream().mapToInt(l -> l.holders().size()).sum();
        int waiting = all.stream().mapToInt(l -> l.waiters().size()).sum();
        return new OverviewView.OverviewLive(locks.fleet(), rows, all.size(), held, waiting, version, clock.instant());
    }

    /** The id of the newest event of a lock ({@code null}: of the fleet); 0 when none. */
    long version(String lockName) {
        var newest = locks.events(lockName, null, 1).events();
        return newest.isEmpty() ? 0 : newest.getFirst().id();
    }

    OverviewView overview() {
        List<RunReport> latest = progress.fleet();
        Map<String, Integer> byState = new LinkedHashMap<>();
        HOST_STATES.forEach(s -> byState.put(s, 0));
        Instant now = clock.instant();
        for (SeenHost h : hosts.overview(latest)) {
            byState.merge(state(h, now), 1, Integer::sum);
        }
        List<RunReport> failures = latest.stream().filter(r -> "failed".equals(r.status()))
                .sorted(Comparator.comparing(RunReport::at).reversed()).limit(10).toList();
        return new OverviewView(overviewLive(), byState, failures, now);
    }

    // ------------------------------------------------------------------------------------------ locks

    LockListView locks(String q, String sort, boolean desc, int page) {
        String query = q.toLowerCase(Locale.ROOT);
        Comparator<LockRow> order = switch (sort) {
            case "held" -> Comparator.comparingInt(LockRow::held);
            case "waiting" -> Comparator.comparingInt(LockRow::waiting);
            default -> Comparator.comparing(LockRow::name);
        };
        List<LockRow> rows = locks.list().stream().map(LockRow::of)
                .filter(r -> query.isEmpty() || r.name().toLowerCase(Locale.ROOT).contains(query))
                .sorted(desc ? order.reversed() : order).toList();
        Paging paging = new Paging("/locks", q, sortOr(sort, Set.of("name", "held", "waiting")), desc, page, PAGE_SIZE, rows.size());
        return new LockListView(slice(rows, paging), paging, clock.instant());
    }

    LockLive lockLive(String name) {
        LockView lock = locks.show(name).orElseThrow(() -> new LockNotFoundException(name));
        return new LockLive(lock, locks.events(name, null, 10).events(), clock.instant());
    }

    LockPageView lockPage(String name, HistoryFilter filter) {
        LockLive live = lockLive(name);
        return new LockPageView(live, events(filter), filter);
    }

    // ------------------------------------------------------------------------------------------ history

    HistoryView history(HistoryFilter filter) {
        return new HistoryView(events(filter), filter, Arrays.stream(EventType.values()).map(EventType::wireName).toList(),
                Arrays.stream(Protocol.values()).map(Protocol::wireName).toList(), clock.instant());
    }

    /** Events matching the filter, newest first, at most {@code limit}, for an export. */
    List<LockEvent> export(HistoryFilter filter, int limit) {
        return scan(filter, limit, Integer.MAX_VALUE).events();
    }

    private EventPage events(HistoryFilter filter) {
        return scan(filter, HISTORY_PAGE, SCAN_BUDGET);
    }

    private EventPage scan(HistoryFilter filter, int limit, int budget) {
        Predicate<LockEvent> matches = matcher(filter);
        String lock = filter.lock().isEmpty() ? null : filter.lock();
        Instant from = day(filter.from(), "from");
        Instant to = day(filter.to(), "to");
        List<LockEvent> found = new ArrayList<>();
        Long before = filter.before();
        int scanned = 0;
        while (true) {
            EventPage page = locks.events(lock, before, 500);
            for (LockEvent e : page.events()) {
                scanned++;
                if (from != null && e.at().isBefore(from)) {
                    return new EventPage(found, null); // newest first: nothing older can match
                }
                if ((to == null || e.at().isBefore(to.plus(Duration.ofDays(1)))) && matches.test(e)) {
                    found.add(e);
                    if (found.size() == limit) {
                        return new EventPage(found, e.id());
                    }
                }
                if (scanned >= budget) {
                    return new EventPage(found, e.id());
                }
            }
            if (page.nextBefore() == null) {
                return new EventPage(found, null);
            }
            before = page.nextBefore();
        }
    }

    private static Predicate<LockEvent> matcher(HistoryFilter f) {
        EventType type = f.type().isEmpty() ? null : parse(() -> EventType.fromWire(f.type()), "event type", f.type());
        Protocol protocol = f.protocol().isEmpty() ? null : parse(() -> Protocol.fromWire(f.protocol()), "protocol", f.protocol());
        return e -> (type == null || e.type() == type)
                && (protocol == null || e.protocol() == protocol)
                && (f.holder().isEmpty() || f.holder().equals(e.holder()));
    }

    private static <T> T parse(java.util.function.Supplier<T> parser, String what, String value) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("unknown " + what + " '" + value + "'");
        }
    }

    private static Instant day(String value, String field) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field + " must be a date such as 2026-12-06, got '" + value + "'");
        }
    }

    // ------------------------------------------------------------------------------------------ hosts

    HostListView hosts(String q, String state, String sort, boolean desc, int page) {
        Instant now = clock.instant();
        String query = q.toLowerCase(Locale.ROOT);
        Comparator<HostRow> order = switch (sort) {
            case "state" -> Comparator.comparing(HostRow::state).thenComparing(HostRow::name);
            case "seen" -> Comparator.comparing(HostRow::lastCheckIn, Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparing(HostRow::name);
            default -> Comparator.comparing(HostRow::name);
        };
        List<HostRow> rows = hosts.overview(progress.fleet()).stream()
                .filter(h -> query.isEmpty() || h.name().contains(query)
                        || h.registered().map(r -> r.aliases().stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).contains(query))).orElse(false))
                .map(h -> row(h, now))
                .filter(r -> state.isEmpty() || r.state().equals(state))
                .sorted(desc ? order.reversed() : order).toList();
        Paging paging = new Paging("/hosts", q, sortOr(sort, Set.of("name", "state", "seen")), desc, page, PAGE_SIZE, rows.size());
        return new HostListView(slice(rows, paging), paging, state, HOST_STATES, now);
    }

    HostPageView host(String name) {
        Instant now = clock.instant();
        Host registered = hosts.find(name).orElse(null);
        String key = registered != null ? registered.name() : name;
        SeenHost seen = hosts.overview(progress.fleet()).stream().filter(h -> h.name().equals(key)).findFirst()
                .orElseThrow(() -> new HostNotFoundException(name));
        List<RunReport> reports = progress.history(key, null, 200);
        Map<String, List<RunReport>> byRun = new LinkedHashMap<>();
        for (RunReport r : reports) { // newest first
            byRun.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r);
        }
        List<HostPageView.Run> runs = new ArrayList<>();
        byRun.forEach((id, steps) -> {
            List<RunReport> oldestFirst = new ArrayList<>(steps);
            oldestFirst.sort(Comparator.comparingLong(RunReport::id));
            RunReport last = oldestFirst.getLast();
            runs.add(new HostPageView.Run(id, oldestFirst.getFirst().at(), last.at(), last.phase(), last.status(),
                    last.exitCode(), oldestFirst));
        });
        HostPageView.Run current = !runs.isEmpty() && !FINAL.contains(runs.getFirst().lastStatus()) ? runs.getFirst() : null;
        List<LockEvent> lockHistory = scan(new HistoryFilter("/history", "", "", key, "", "", "", null), 20, SCAN_BUDGET).events();
        return new HostPageView(key, row(seen, now), registered, current, runs.stream().limit(10).toList(), lockHistory, now);
    }

    /** Statuses that end a run. */
    private static final Set<String> FINAL = Set.of("done", "failed", "nothing_to_do", "no_update", "skipped_run");

    private static HostRow row(SeenHost h, Instant now) {
        RunReport r = h.lastReport();
        return new HostRow(h.name(), state(h, now), h.registered().isPresent(), h.lastCheckIn(), h.lastProtocol(),
                r == null ? null : r.phase(), r == null ? null : r.status(), r == null ? null : r.at());
    }

    /** Derived from the newest report until the read model's host states arrive. */
    static String state(SeenHost h, Instant now) {
        Instant last = latest(h.lastCheckIn(), h.lastReport() == null ? null : h.lastReport().receivedAt());
        if (last == null || last.isBefore(now.minus(NOT_SEEN_AFTER))) {
            return "not_seen";
        }
        RunReport r = h.lastReport();
        if (r == null) {
            return "idle";
        }
        if ("failed".equals(r.status())) {
            return "failed";
        }
        if ("waiting".equals(r.status())) {
            return "waiting";
        }
        return FINAL.contains(r.status()) ? "idle" : "updating";
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static String sortOr(String sort, Set<String> known) {
        return known.contains(sort) ? sort : "name";
    }

    private static <T> List<T> slice(List<T> rows, Paging paging) {
        int from = Math.min(rows.size(), (paging.page() - 1) * paging.size());
        return rows.subList(from, Math.min(rows.size(), from + paging.size()));
    }
}
