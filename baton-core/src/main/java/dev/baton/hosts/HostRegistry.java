package dev.baton.hosts;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * <p>Check-ins are written at most once per {@link #CHECK_IN_INTERVAL} per host, so a busy fleet does not double
 * the store's writes; the time shown is therefore up to that interval old.
 */
public final class HostRegistry {

    /** The shortest time between two stored check-ins of one host. */
    public static final Duration CHECK_IN_INTERVAL = Duration.ofSeconds(60);

    private final HostStore store;
    private final InstantSource clock;
    private final Map<Long, Instant> lastWritten = new ConcurrentHashMap<>();

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
        String canonical = hostName(name);
        List<String> clean = new ArrayList<>();
        for (String alias : aliases) {
            String a = alias(alias);
            if (!a.equals(canonical) && !clean.contains(a)) {
                clean.add(a);
            }
        }
        return store.add(canonical, clean, true, clock.instant());
    }

    /**
     * The host a verified client certificate names, registered now if it is unknown. Only call this for a
     * certificate the client CA signed: the TLS layer has checked it.
     */
    public Host register(String certName) {
        String canonical = hostName(certName);
        try {
            return store.add(canonical, List.of(), true, clock.instant());
        } catch (HostConflictException e) {
            return find(canonical).orElseThrow(() -> e); // registered meanwhile by another request
        }
    }

    public void addAlias(String name, String alias) {
        if (!store.addAlias(resolve(name), alias(alias))) {
            throw new HostNotFoundException(name);
        }
    }

    public void remove(String name) {
        if (!store.remove(resolve(name))) {
            throw new HostNotFoundException(name);
        }
    }

    /** Allows or bars the host (by name or alias) from taking update locks through the Foreman door. */
    public Host setCanAcquire(String name, boolean allowed) {
        String canonical = resolve(name);
        if (!store.setCanAcquire(canonical, allowed)) {
            throw new HostNotFoundException(name);
        }
        return store.find(canonical).orElseThrow(() -> new HostNotFoundException(name));
    }

    /** Notes that the host called, through {@code protocol}. Never fails the caller's request. */
    public void checkIn(Host host, String protocol) {
        Instant now = clock.instant();
        Instant previous = lastWritten.get(host.id());
        if (previous != null && previous.plus(CHECK_IN_INTERVAL).isAfter(now)) {
            return;
        }
        lastWritten.put(host.id(), now);
        try {
            store.checkIn(host.id(), now, protocol);
        } catch (RuntimeException e) {
            lastWritten.remove(host.id());
        }
    }

    /** Notes a check-in of whichever host goes by {@code identity}; nothing when none does. */
    public void checkIn(String identity, String protocol) {
        try {
            find(identity).ifPresent(h -> checkIn(h, protocol));
        } catch (RuntimeException e) {
            // a check-in must never fail a lock request
        }
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
