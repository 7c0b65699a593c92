package dev.baton.hosts;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockReader;
import dev.baton.lock.LockView;
import dev.baton.progress.ProgressService;
import dev.baton.progress.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fleet's hosts as the console lists them: search, state filter, three orders, keyset pages, the count per
 * state, and one host; fast at ten thousand hosts.
 *
 * <p>It answers from a summary of the whole fleet held in memory, not from the store per request: a host's state
 * joins the registry, the sightings, the agents' latest reports and every lock's holders and waiters, which is a
 * few hundred milliseconds of store reads at ten thousand hosts, against well under a millisecond to filter and
 * page a list in memory. The summary is rebuilt when a read finds it older than {@code maxAge}: in the background,
 * while that read (and those meanwhile) get the previous one, so no request waits for a rebuild and at most one
 * runs at a time. A summary older than ten times {@code maxAge} (nobody asked for a while) is rebuilt before the
 * read answers. So what a read shows is at most {@code maxAge} plus one rebuild old, and an idle console costs
 * nothing.
 */
public final class FleetHosts {

    /** How old the summary may be before a read starts a rebuild: one second, so the console stays live. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);
    /** Hosts that neither called nor reported for this long are {@link HostState#NOT_SEEN} (default). */
    public static final Duration DEFAULT_NOT_SEEN_AFTER = Duration.ofDays(7);

    /** A name missing from a summary older than this makes a rebuild before the answer. */
    private static final Duration MISS_REBUILD = Duration.ofMillis(200);

    private final HostRegistry registry;
    private final ProgressService progress;
    private final LockReader locks;
    private final InstantSource clock;
    private final Duration notSeenAfter;
    private final Duration maxAge;
    private final AtomicBoolean rebuilding = new AtomicBoolean();
    private volatile Summary summary;

    /**
     * @param notSeenAfter hosts silent for longer are {@link HostState#NOT_SEEN}
     * @param maxAge       how old a summary may be before a read rebuilds it; zero rebuilds on every read (tests)
     */
    public FleetHosts(HostRegistry registry, ProgressService progress, LockReader locks, InstantSource clock,
                      Duration notSeenAfter, Duration maxAge) {
        if (notSeenAfter.isNegative() || notSeenAfter.isZero()) {
            throw new BadRequestException("the 'not seen' period must be positive, got " + notSeenAfter);
        }
        this.registry = registry;
        this.progress = progress;
        this.locks = locks;
        this.clock = clock;
        this.notSeenAfter = notSeenAfter;
        this.maxAge = maxAge;
    }

    /** A page of hosts that match the query, with the cursor of the next page and how many match in all. */
    public HostPage page(HostQuery query) {
        Summary s = current();
        List<HostSummary> ordered = s.orders.get(query.sort());
        Comparator<HostSummary> order = order(query.sort());
        HostSummary cursor = query.after() == null ? null : cursorRow(query.sort(), query.after());
        String needle = query.search() == null ? null : query.search().toLowerCase(Locale.ROOT);
        List<HostSummary> page = new ArrayList<>(query.limit());
        int total = 0;
        boolean more = false;
        for (HostSummary h : ordered) {
            if (!query.states().isEmpty() && !query.states().contains(h.state())
                    || needle != null && !s.searchText.get(h.name()).contains(needle)) {
                continue;
            }
            total++;
            if (cursor != null && order.compare(h, cursor) <= 0) {
                continue;
            }
            if (page.size() < query.limit()) {
                page.add(h);
            } else {
                more = true;
            }
        }
        return new HostPage(page, more ? cursor(query.sort(), page.getLast()) : null, total);
    }

    /**
     * The hosts whose latest report is a failure ({@link ProgressService#isFailure}), those reports newest first, at
     * most {@code limit}: the fleet overview's "last failures", from the summary rather than every host's latest
     * report read per request. A failed host that has since become stale, holding its slot, is still among them.
     */
    public List<RunReport> lastFailures(int limit) {
        return current().orders.get(HostQuery.Sort.NAME).stream()
                .filter(h -> h.host().lastReport() != null && ProgressService.isFailure(h.host().lastReport()))
                .map(h -> h.host().lastReport())
                .sorted(Comparator.comparing(RunReport::at).reversed())
                .limit(limit).toList();
    }

    /** How many hosts are in each state; every state is a key, with zero when none is in it. */
    public Map<HostState, Integer> counts() {
        return current().counts;
    }

    /**
     * The host with this name or alias (or a name only seen, for hosts not registered). A registered host's record,
     * check-ins and latest report are read from the store now (a few indexed reads); its holds, waits and sightings
     * come from the summary, at most a rebuild old. A registered host not in the summary (registered a moment ago)
     * makes one rebuild, and so does an unknown name (at most five a second), so a host that called for the first
     * time a moment ago is found.
     */
    public Optional<HostSummary> host(String nameOrAlias) {
        if (nameOrAlias == null || nameOrAlias.isEmpty()) {
            return Optional.empty();
        }
        Optional<Host> registered = registry.find(nameOrAlias);
        Summary s = current();
        HostSummary cached = lookup(s, registered.map(Host::name).orElse(nameOrAlias));
        if (cached == null && (registered.isPresent() || s.builtAt.plus(MISS_REBUILD).isBefore(clock.instant()))) {
            refresh();
            s = summary;
            cached = lookup(s, registered.map(Host::name).orElse(nameOrAlias));
        }
        if (registered.isEmpty()) {
            return Optional.ofNullable(cached).filter(h -> h.host().registered().isEmpty());
        }
        Host h = registered.get();
        RunReport last = null;
        List<String> identities = new ArrayList<>(h.aliases());
        identities.addFirst(h.name());
        for (String identity : identities) {
            for (RunReport r : progress.history(identity, null, 1)) {
                last = last == null || r.id() > last.id() ? r : last;
            }
        }
        Instant checkIn = h.lastCheckIn();
        String door = h.lastProtocol();
        Map<String, Instant> doors = new HashMap<>(h.checkIns());
        if (cached != null && cached.host().lastCheckIn() != null && (checkIn == null || cached.host().lastCheckIn().isAfter(checkIn))) {
            checkIn = cached.host().lastCheckIn(); // a sighting of an alias, newer than the host's own check-in
            door = cached.host().lastProtocol();
            cached.host().checkIns().forEach((k, v) -> doors.merge(k, v, (a, b) -> a.isAfter(b) ? a : b));
        }
        SeenHost seen = new SeenHost(h.name(), Optional.of(h), checkIn, door, last, doors);
        List<String> holds = cached == null ? List.of() : cached.holds();
        List<String> waits = cached == null ? List.of() : cached.waits();
        boolean staleHold = cached != null && cached.state() == HostState.STALE;
        return Optional.of(summarize(seen, holds, waits, staleHold, clock.instant()));
    }

    private static HostSummary lookup(Summary s, String nameOrAlias) {
        HostSummary h = s.byIdentity.get(nameOrAlias);
        return h != null ? h : s.byIdentity.get(nameOrAlias.toLowerCase(Locale.ROOT));
    }

    /** Rebuilds the summary now, so the next read sees every change committed before this call. */
    public void refresh() {
        summary = build();
    }

    private Summary current() {
        Summary s = summary;
        Instant now = clock.instant();
        if (s == null || maxAge.isZero() || s.builtAt.plus(maxAge.multipliedBy(10)).isBefore(now)) {
            refresh();
            return summary;
        }
        if (s.builtAt.plus(maxAge).isBefore(now) && rebuilding.compareAndSet(false, true)) {
            Thread.ofVirtual().name("fleet-hosts-rebuild").start(() -> {
                try {
                    refresh();
                } catch (RuntimeException e) {
                    // The store failed; the next read tries again, and reads keep the previous summary meanwhile.
                } finally {
                    rebuilding.set(false);
                }
            });
        }
        return s;
    }

    private Summary build() {
        Instant now = clock.instant();
        List<SeenHost> seen = registry.overview(progress.fleet());
        Map<String, SeenHost> byIdentity = new HashMap<>();
        for (SeenHost h : seen) {
            byIdentity.put(h.name(), h);
            h.registered().ifPresent(r -> r.aliases().forEach(a -> byIdentity.putIfAbsent(a, h)));
        }
        Map<String, List<String>> holds = new HashMap<>();
        Map<String, List<String>> waits = new HashMap<>();
        Map<String, Boolean> stale = new HashMap<>();
        for (LockView lock : locks.list()) {
            for (LockView.HolderView holder : lock.holders()) {
                SeenHost h = identify(byIdentity, holder.holder());
                if (h != null) {
                    holds.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(lock.name());
                    stale.merge(h.name(), holder.stale(), Boolean::logicalOr);
                }
            }
            for (LockView.WaiterView waiter : lock.waiters()) {
                SeenHost h = identify(byIdentity, waiter.holder());
                if (h != null) {
                    waits.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(lock.name());
                }
            }
        }
        List<HostSummary> byName = new ArrayList<>(seen.size());
        Map<HostState, Integer> counts = new EnumMap<>(HostState.class);
        for (HostState state : HostState.values()) {
            counts.put(state, 0);
        }
        Map<String, HostSummary> summaries = new HashMap<>();
        for (SeenHost h : seen) {
            HostSummary summary = summarize(h, holds.getOrDefault(h.name(), List.of()), waits.getOrDefault(h.name(), List.of()),
                    stale.getOrDefault(h.name(), false), now);
            byName.add(summary);
            counts.merge(summary.state(), 1, Integer::sum);
        }
        byName.sort(order(HostQuery.Sort.NAME));
        for (HostSummary h : byName) {
            summaries.put(h.name(), h);
            h.host().registered().ifPresent(r -> r.aliases().forEach(a -> summaries.putIfAbsent(a, h)));
        }
        Map<String, String> searchText = new HashMap<>();
        for (HostSummary h : byName) {
            StringBuilder text = new StringBuilder(h.name());
            h.host().registered().ifPresent(r -> r.aliases().forEach(a -> text.append('\n').append(a)));
            searchText.put(h.name(), text.toString().toLowerCase(Locale.ROOT));
        }
        Map<HostQuery.Sort, List<HostSummary>> orders = new EnumMap<>(HostQuery.Sort.class);
        for (HostQuery.Sort sort : HostQuery.Sort.values()) {
            List<HostSummary> ordered = new ArrayList<>(byName);
            ordered.sort(order(sort));
            orders.put(sort, Collections.unmodifiableList(ordered));
        }
        return new Summary(now, orders, Collections.unmodifiableMap(counts), summaries, searchText);
    }

    private HostSummary summarize(SeenHost h, List<String> holds, List<String> waits, boolean staleHold, Instant now) {
        Instant lastSeen = latest(h.lastCheckIn(), h.lastReport() == null ? null : h.lastReport().receivedAt());
        HostState state = state(h.lastReport(), !holds.isEmpty(), staleHold, !waits.isEmpty(),
                lastSeen == null || lastSeen.plus(notSeenAfter).isBefore(now));
        return new HostSummary(h, state, holds, waits, lastSeen);
    }

    /** See {@link HostState}: the order of the rules is the order of these tests. */
    static HostState state(RunReport last, boolean holds, boolean staleHold, boolean waits, boolean silent) {
        if (last != null && failed(last)) {
            return HostState.FAILED;
        }
        if (staleHold) {
            return HostState.STALE;
        }
        if (holds) {
            return HostState.UPDATING;
        }
        if (waits) {
            return HostState.WAITING;
        }
        if (silent) {
            return HostState.NOT_SEEN;
        }
        if (last != null && "waiting".equals(last.status())) {
            return HostState.WAITING;
        }
        if (last != null && !"needs_update".equals(last.phase()) && !"done".equals(last.status())) {
            return HostState.UPDATING;
        }
        return HostState.IDLE;
    }

    private static boolean failed(RunReport r) {
        return "failed".equals(r.status()) || r.exitCode() != null && r.exitCode() != 0;
    }

    private static SeenHost identify(Map<String, SeenHost> byIdentity, String holder) {
        SeenHost h = byIdentity.get(holder);
        return h != null ? h : byIdentity.get(holder.toLowerCase(Locale.ROOT));
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** The order's first key: a number, smaller first; the name breaks ties. */
    private static long key(HostQuery.Sort sort, HostSummary h) {
        return switch (sort) {
            case NAME -> 0;
            case LAST_CHECK_IN -> h.host().lastCheckIn() == null ? Long.MAX_VALUE : -h.host().lastCheckIn().toEpochMilli();
            case STATE -> h.state().ordinal();
        };
    }

    private static Comparator<HostSummary> order(HostQuery.Sort sort) {
        return Comparator.<HostSummary>comparingLong(h -> key(sort, h)).thenComparing(HostSummary::name);
    }

    /** A cursor is the last row's sort key and name: {@code KEY:NAME}. */
    private static String cursor(HostQuery.Sort sort, HostSummary last) {
        return key(sort, last) + ":" + last.name();
    }

    /** A stand-in row that sorts where the cursor's row did, so the page starts after it even if it is gone. */
    private static HostSummary cursorRow(HostQuery.Sort sort, String cursor) {
        int colon = cursor.indexOf(':');
        long key;
        try {
            key = Long.parseLong(cursor.substring(0, Math.max(colon, 0)));
        } catch (NumberFormatException e) {
            throw new BadRequestException("'after' must be the 'next' cursor of the previous page, got '" + cursor + "'");
        }
        String name = cursor.substring(colon + 1);
        Instant checkIn = sort == HostQuery.Sort.LAST_CHECK_IN && key != Long.MAX_VALUE ? Instant.ofEpochMilli(-key) : null;
        HostState state = sort == HostQuery.Sort.STATE && key >= 0 && key < HostState.values().length
                ? HostState.values()[(int) key] : HostState.IDLE;
        if (sort == HostQuery.Sort.STATE && (key < 0 || key >= HostState.values().length)) {
            throw new BadRequestException("'after' must be the 'next' cursor of the previous page, got '" + cursor + "'");
        }
        SeenHost stand = new SeenHost(name, Optional.empty(), checkIn, null, null, Map.of());
        return new HostSummary(stand, state, List.of(), List.of(), null);
    }

    /** @param searchText by host name: its name and aliases, lower-cased, one a line */
    private record Summary(Instant builtAt, Map<HostQuery.Sort, List<HostSummary>> orders, Map<HostState, Integer> counts,
                           Map<String, HostSummary> byIdentity, Map<String, String> searchText) {
    }
}
