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
import dev.baton.hosts.FleetHosts;
import dev.baton.hosts.HostNotFoundException;
import dev.baton.hosts.HostPage;
import dev.baton.hosts.HostQuery;
import dev.baton.hosts.HostState;
import dev.baton.hosts.HostSummary;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockPage;
import dev.baton.lock.LockQuery;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.notify.Notifier;
import dev.baton.notify.OutboxState;
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
import java.util.function.Consumer;

/**
 * Every read the console's pages make, one method per page or fragment, on the domain's read models: the lock list's
 * search, filters, sort and pages ({@link LockReader#page}), the hosts' states, search and pages over the whole fleet
 * ({@link FleetHosts}), and the fleet history filtered and paged in the store ({@link LockReader#history}). Pages are
 * cut by cursors, so a page deep in 10,000 hosts or a million events costs what the first does. The overview also
 * counts the notifications that could not be sent ({@link Notifier#counts}).
 */
final class Reads {

    static final int PAGE_SIZE = 50;
    static final int HISTORY_PAGE = 50;
    /** Events read from the store at a time by an export, which streams every matching event. */
    static final int EXPORT_PAGE = 1000;
    /** Locks shown on the overview, busiest first. */
    static final int OVERVIEW_LOCKS = 25;
    /** Events of a host shown on its page. */
    static final int HOST_EVENTS = 20;

    private final LockReader locks;
    private final FleetHosts hosts;
    private final ProgressService progress;
    private final Notifier notifier;
    private final InstantSource clock;

    Reads(LockReader locks, FleetHosts hosts, ProgressService progress, Notifier notifier, InstantSource clock) {
        this.locks = locks;
        this.hosts = hosts;
        this.progress = progress;
        this.notifier = notifier;
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
        Map<String, Integer> byState = new LinkedHashMap<>();
        hosts.counts().forEach((state, count) -> byState.put(state.wireName(), count));
        List<RunReport> failures = hosts.lastFailures(10);
        return new OverviewView(overviewLive(), byState, failures, notifier.counts().get(OutboxState.DEAD), clock.instant());
    }

    // ------------------------------------------------------------------------------------------ locks

    LockListView locks(String q, String sort, String only, String after) {
        LockQuery.Sort order = switch (sort) {
            case "held" -> LockQuery.Sort.HOLDERS;
            case "waiting" -> LockQuery.Sort.WAITERS;
            default -> LockQuery.Sort.NAME;
        };
        Set<LockQuery.Only> onlies = only.isEmpty() ? Set.of()
                : Set.of(parse(() -> LockQuery.Only.valueOf(only.toUpperCase(Locale.ROOT)), "lock filter", only));
        LockPage page = locks.page(new LockQuery(q, onlies, order, after.isEmpty() ? null : after, PAGE_SIZE));
        Paging paging = new Paging("/locks", q, sortOr(sort, Set.of("name", "held", "waiting")),
                only.isEmpty() ? "" : "&only=" + only, after.isEmpty() ? null : after, page.next(), page.locks().size(), page.total());
        return new LockListView(page.locks().stream().map(LockRow::of).toList(), paging, only,
                Arrays.stream(LockQuery.Only.values()).map(LockQuery.Only::wireName).toList(), clock.instant());
    }

    LockLive lockLive(String name) {
        LockView lock = locks.show(name).orElseThrow(() -> new LockNotFoundException(name));
        return new LockLive(lock, locks.events(name, null, 10).events(), clock.instant());
    }

    LockPageView lockPage(String name, HistoryFilter filter) {
        LockLive live = lockLive(name);
        return new LockPageView(live, locks.history(query(filter, HISTORY_PAGE)), filter);
    }

    // ------------------------------------------------------------------------------------------ history

    HistoryView history(HistoryFilter filter) {
        return new HistoryView(locks.history(query(filter, HISTORY_PAGE)), filter,
                Arrays.stream(EventType.values()).map(EventType::wireName).toList(),
                Arrays.stream(Protocol.values()).map(Protocol::wireName).toList(), clock.instant());
    }

    /**
     * Every event matching the filter, newest first, from its {@code before} down to the oldest, handed to
     * {@code sink} as they are read (a page of {@link #EXPORT_PAGE} at a time): an export of a million events holds
     * one page in memory. Returns how many.
     */
    long export(HistoryFilter filter, Consumer<LockEvent> sink) {
        return locks.export(query(filter, EXPORT_PAGE), sink);
    }

    /** The store's query of a history view's filters; dates are whole UTC days, {@code to} included. */
    static EventQuery query(HistoryFilter f, int limit) {
        Set<EventType> types = f.type().isEmpty() ? Set.of() : Set.of(parse(() -> EventType.fromWire(f.type()), "event type", f.type()));
        Protocol protocol = f.protocol().isEmpty() ? null : parse(() -> Protocol.fromWire(f.protocol()), "protocol", f.protocol());
        Instant from = day(f.from(), "from");
        Instant to = day(f.to(), "to");
        return new EventQuery(f.lock().isEmpty() ? null : f.lock(), types, f.holder().isEmpty() ? null : f.holder(), protocol,
                from, to == null ? null : to.plus(Duration.ofDays(1)), f.before(), limit);
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

    HostListView hosts(String q, String state, String sort, String after) {
        HostQuery.Sort order = switch (sort) {
            case "state" -> HostQuery.Sort.STATE;
            case "seen" -> HostQuery.Sort.LAST_CHECK_IN;
            default -> HostQuery.Sort.NAME;
        };
        Set<HostState> states = state.isEmpty() ? Set.of() : Set.of(parse(() -> HostState.fromWire(state), "host state", state));
        HostPage page = hosts.page(new HostQuery(q, states, order, after.isEmpty() ? null : after, PAGE_SIZE));
        Paging paging = new Paging("/hosts", q, sortOr(sort, Set.of("name", "state", "seen")),
                state.isEmpty() ? "" : "&state=" + state, after.isEmpty() ? null : after, page.next(), page.hosts().size(), page.total());
        return new HostListView(page.hosts().stream().map(HostRow::of).toList(), paging, state,
                Arrays.stream(HostState.values()).map(HostState::wireName).toList(), clock.instant());
    }

    HostPageView host(String name) {
        Instant now = clock.instant();
        HostSummary summary = hosts.host(name).orElseThrow(() -> new HostNotFoundException(name));
        String key = summary.name();
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
        List<LockEvent> lockHistory = locks.history(new EventQuery(null, Set.of(), key, null, null, null, null, HOST_EVENTS)).events();
        return new HostPageView(key, HostRow.of(summary), summary.host().registered().orElse(null), summary.host().checkIns(),
                summary.holds(), summary.waits(), current, runs.stream().limit(10).toList(), lockHistory, now);
    }

    /** Statuses that end a run. */
    private static final Set<String> FINAL = Set.of("done", "failed", "nothing_to_do", "no_update", "skipped_run");

    // ------------------------------------------------------------------------------------------ helpers

    private static String sortOr(String sort, Set<String> known) {
        return known.contains(sort) ? sort : "name";
    }
}
