package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The kinds of notice rules may subscribe to, each with a line for people. Baton's own kinds are registered
 * here; later parts (the package pipeline, the release jump) call {@link #register} with theirs when they are
 * built, before the server answers requests. Thread-safe.
 */
public final class NotificationKinds {

    public static final String HOST_FAILED = "host.failed";
    public static final String LOCK_STALE = "lock.stale";
    public static final String LOCK_WAITING_LONG = "lock.waiting_long";
    public static final String FLEET_FROZEN = "fleet.frozen";
    public static final String FLEET_UNFROZEN = "fleet.unfrozen";
    public static final String LOCK_FORCE_RELEASED = "lock.force_released";
    public static final String HOST_NOT_SEEN = "host.not_seen";

    private final Map<String, String> kinds = new TreeMap<>();

    /** The registry with Baton's own kinds. */
    public static NotificationKinds standard() {
        NotificationKinds k = new NotificationKinds();
        k.register(HOST_FAILED, "an agent reported a failed run on a host");
        k.register(LOCK_STALE, "a holder kept a lock longer than the lock's stale_after");
        k.register(LOCK_WAITING_LONG, "a host waited for a lock longer than the server's threshold");
        k.register(FLEET_FROZEN, "the whole fleet was frozen: no new grants");
        k.register(FLEET_UNFROZEN, "the fleet freeze was lifted");
        k.register(LOCK_FORCE_RELEASED, "an operator force-released a holder");
        k.register(HOST_NOT_SEEN, "a known host has not called for longer than the server's threshold");
        return k;
    }

    /** Adds a kind: lower case, dotted ({@code pipeline.package_promoted}). Registering a kind twice is harmless. */
    public synchronized void register(String kind, String description) {
        if (kind == null || !kind.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
            throw new IllegalArgumentException("a notification kind is dotted lower case, like host.failed: " + kind);
        }
        kinds.put(kind, description);
    }

    public synchronized boolean known(String kind) {
        return kinds.containsKey(kind);
    }

    /** Kind to description, sorted by kind. */
    public synchronized Map<String, String> all() {
        return Collections.unmodifiableMap(new TreeMap<>(kinds));
    }

    /** {@code kind} if registered, else a 400 naming the known kinds. */
    public String require(String kind) {
        if (!known(kind)) {
            throw new BadRequestException("unknown notification kind '" + kind + "'; known kinds: "
                    + String.join(", ", all().keySet()));
        }
        return kind;
    }
}
