package dev.baton.hosts;

import dev.baton.lock.Attachment;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;
import dev.baton.progress.RunReport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts Baton knows, so that one host is one host whatever door it comes through: Foreman identifies it
 * by its certificate's CN (its certname), DLM Engine by the FQDN it posts, FleetLock by its machine id. Each
 * of those is the host's name or one of its aliases.
 *
 * <p>The registry decides who a Foreman client is (an unknown CN is refused unless hosts are registered
 * automatically) and whether it may take update locks (Foreman's {@code can_acquire_update_locks}). It does
 * not rename holders: each protocol keeps the holder name its clients send, so their answers come back as sent.
 *
 * <p>Check-ins are written at most once per {@link #CHECK_IN_INTERVAL} per host and door, so a busy fleet does not double
 * the store's writes; the time shown is therefore up to that interval old. A call under a name no host has (FleetLock
 * and DLM Engine hosts need no registration) is kept as a {@link Sighting} of that name, likewise at most once per
 * interval, and forgotten after {@link #SIGHTING_RETENTION} without a call, so {@link #overview} lists every host
 * that called, registered or not.
 */
public final class HostRegistry {

    /** The shortest time between two stored check-ins of one host. */
    public static final Duration CHECK_IN_INTERVAL = Duration.ofSeconds(60);
    /** Names not seen for this long are forgotten by {@link #purgeSightings()}. */
    public static final Duration SIGHTING_RETENTION = Duration.ofDays(30);
    /** Bounds the memory of when each name last called; past it the memory starts afresh (a few extra lookups). */
    private static final int MAX_REMEMBERED = 100_000;

    private final HostStore store;
    private final InstantSource clock;
    private final Map<String, Instant> lastWritten = new ConcurrentHashMap<>();
    /**
     * When each name and door was last looked up for a check-in: a name that called within {@link #CHECK_IN_INTERVAL} is
     * neither looked up nor written again, so a lock request costs no store access for its check-in.
     */
    private final Map<String, Instant> lastCalled = new ConcurrentHashMap<>();

    public HostRegistry(HostStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The host known by this name or alias (host names are matched lower-cased, aliases as given or lower-cased). */
    public Optional<Host> find(String identity) {
        if (identity == null || identity.isEmpty() || identity.length() > Names.MAX_HOLDER) {
            return Optional.empty();
        }
        Optional<Host> exact = store.find(identity);
        if (exact.isPresent()) {
            return exact;
        }
        String lower = identity.toLowerCase(Locale.ROOT);
        return lower.equals(identity) ? Optional.empty() : store.find(lower);
    }

    public List<Host> list() {
        return store.list();
    }

    /**
     * Adds a host. Its name is lower-cased; aliases are kept as given (FleetLock machine ids are case-sensitive).
     *
     * @throws BadRequestException naming the problem: a bad name, or a name or alias already taken
     */
    public Host add(String name, List<String> aliases) {
        return add(name, aliases, null);
    }

    /** As {@link #add(String, List)}, writing {@code attachment} (its audit entry) in the same transaction. */
    public Host add(String name, List<String> aliases, Attachment attachment) {
        String canonical = hostName(name);
        List<String> clean = new ArrayList<>();
        for (String alias : aliases) {
            String a = alias(alias);
            if (!a.equals(canonical) && !clean.contains(a)) {
                clean.add(a);
            }
        }
        return store.add(canonical, clean, true, clock.instant(), attachment);
    }

    /**
     * The host a verified client certificate names, registered now if it is unknown. Only call this for a
     * certificate the client CA signed: the TLS layer has checked it.
     */
    public Host register(String certName) {
        String canonical = hostName(certName);
        try {
            return store.add(canonical, List.of(), true, clock.instant(), null);
        } catch (HostConflictException e) {
            return find(canonical).orElseThrow(() -> e); // registered meanwhile by another request
        }
    }

    public void addAlias(String name, String alias) {
        addAlias(name, alias, null);
    }

    /** As {@link #addAlias(String, String)}, writing {@code attachment} (its audit entry) in the same transaction. */
    public void addAlias(String name, String alias, Attachment attachment) {
        if (!store.addAlias(resolve(name), alias(alias), attachment)) {
            throw new HostNotFoundException(name);
        }
    }

    public void remove(String name) {
        remove(name, null);
    }

    /** As {@link #remove(String)}, writing {@code attachment} (its audit entry) in the same transaction. */
    public void remove(String name, Attachment attachment) {
        if (!store.remove(resolve(name), attachment)) {
            throw new HostNotFoundException(name);
        }
    }

    /** Allows or bars the host (by name or alias) from taking update locks through the Foreman door. */
    public Host setCanAcquire(String name, boolean allowed) {
        return setCanAcquire(name, allowed, null);
    }

    /** As {@link #setCanAcquire(String, boolean)}, writing {@code attachment} (its audit entry) in the same transaction. */
    public Host setCanAcquire(String name, boolean allowed, Attachment attachment) {
        String canonical = resolve(name);
        if (!store.setCanAcquire(canonical, allowed, attachment)) {
            throw new HostNotFoundException(name);
        }
        return store.find(canonical).orElseThrow(() -> new HostNotFoundException(name));
    }

    /** Notes that the host called, through {@code protocol}. Never fails the caller's request. */
    public void checkIn(Host host, String protocol) {
        Instant now = clock.instant();
        String key = host.id() + "\n" + protocol;
        Instant previous = lastWritten.get(key);
        if (previous != null && previous.plus(CHECK_IN_INTERVAL).isAfter(now)) {
            return;
        }
        lastWritten.put(key, now);
        try {
            store.checkIn(host.id(), now, protocol);
        } catch (RuntimeException e) {
            lastWritten.remove(key);
        }
    }

    /**
     * Notes a check-in of whichever host goes by {@code identity}, or a sighting of the name when no host does; at
     * most once per {@link #CHECK_IN_INTERVAL} per name and door, which is then neither looked up nor written (a host
     * that calls through two doors is written for each, so its check-ins show both). Never fails the caller's
     * request: a store that fails is asked again at the name's next call.
     */
    public void checkIn(String identity, String protocol) {
        if (identity == null || identity.isEmpty() || identity.length() > Names.MAX_HOLDER) {
            return;
        }
        Instant now = clock.instant();
        String key = identity + "\n" + protocol;
        Instant previous = lastCalled.get(key);
        if (previous != null && previous.plus(CHECK_IN_INTERVAL).isAfter(now)) {
            return;
        }
        if (lastCalled.size() >= MAX_REMEMBERED) {
            lastCalled.clear(); // a few more lookups, never an unbounded map
        }
        lastCalled.put(key, now);
        try {
            Optional<Host> host = find(identity);
            if (host.isPresent()) {
                checkIn(host.get(), protocol);
            } else {
                store.sighting(identity, now, protocol);
            }
        } catch (RuntimeException e) {
            lastCalled.remove(key);
        }
    }

    /** Forgets names not seen for {@link #SIGHTING_RETENTION}; returns how many. */
    public int purgeSightings() {
        return store.purgeSightingsBefore(clock.instant().minus(SIGHTING_RETENTION));
    }

    /**
     * Every host that is registered, called through a door, or reported progress, by name: a name that is a
     * registered host's name or alias counts as that host. {@code latestReports} is the newest report per reporting
     * name ({@code ProgressService.fleet()}).
     */
    public List<SeenHost> overview(List<RunReport> latestReports) {
        List<Host> registered = store.list();
        Map<String, Host> byIdentity = new HashMap<>();
        for (Host h : registered) {
            byIdentity.put(h.name(), h);
            h.aliases().forEach(a -> byIdentity.put(a, h));
        }
        Map<String, SeenHost> seen = new TreeMap<>();
        for (Host h : registered) {
            seen.put(h.name(), new SeenHost(h.name(), Optional.of(h), h.lastCheckIn(), h.lastProtocol(), null, h.checkIns()));
        }
        for (Sighting s : store.sightings()) {
            Host h = registeredAs(byIdentity, s.identity());
            String key = h != null ? h.name() : s.identity();
            SeenHost was = seen.get(key);
            if (was == null) {
                seen.put(key, new SeenHost(key, Optional.empty(), s.lastCheckIn(), s.lastProtocol(), null, doorOf(s)));
            } else if (was.lastCheckIn() == null || s.lastCheckIn().isAfter(was.lastCheckIn())) {
                Map<String, Instant> doors = new HashMap<>(was.checkIns());
                doors.putAll(doorOf(s));
                seen.put(key, new SeenHost(key, was.registered(), s.lastCheckIn(), s.lastProtocol(), was.lastReport(), doors));
            }
        }
        for (RunReport r : latestReports) {
            Host h = registeredAs(byIdentity, r.host());
            String key = h != null ? h.name() : r.host();
            SeenHost was = seen.get(key);
            if (was == null) {
                seen.put(key, new SeenHost(key, Optional.empty(), null, null, r, Map.of()));
            } else if (was.lastReport() == null || r.id() > was.lastReport().id()) {
                seen.put(key, new SeenHost(key, was.registered(), was.lastCheckIn(), was.lastProtocol(), r, was.checkIns()));
            }
        }
        return new ArrayList<>(seen.values());
    }

    /** A sighting keeps only its newest call, so its door is the one door known for that name. */
    private static Map<String, Instant> doorOf(Sighting s) {
        return s.lastProtocol() == null ? Map.of() : Map.of(s.lastProtocol(), s.lastCheckIn());
    }

    private static Host registeredAs(Map<String, Host> byIdentity, String identity) {
        Host h = byIdentity.get(identity);
        return h != null ? h : byIdentity.get(identity.toLowerCase(Locale.ROOT));
    }

    /** The name of the host known by this name or alias. */
    private String resolve(String nameOrAlias) {
        return find(nameOrAlias).map(Host::name).orElseThrow(() -> new HostNotFoundException(nameOrAlias));
    }

    /** A host name: 1 to 255 characters, no white space, no '/', lower-cased. */
    static String hostName(String name) {
        Names.holder(name);
        if (name.indexOf('/') >= 0) {
            throw new BadRequestException("a host name may not contain '/'");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static String alias(String alias) {
        Names.holder(alias);
        if (alias.indexOf('/') >= 0) {
            throw new BadRequestException("a host alias may not contain '/'");
        }
        return alias;
    }
}
