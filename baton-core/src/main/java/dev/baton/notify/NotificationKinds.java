package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The kinds of notice rules may subscribe to, each with a line for people. Baton's own kinds are registered
 * here; later parts (the package pipeline, the release jump) call {@link #register} with theirs when they are
 * built, before the server answers requests. Thread-safe.
 *
 * <p>Some kinds are raised once a condition has lasted a while ({@code lock.waiting_long}: a wait,
 * {@code host.not_seen}: a silence). Each rule of such a kind may set its own threshold ({@link Rule#after()}); the
 * kind's {@linkplain #defaultThreshold default threshold} (the server's {@code --notify-waiting-after},
 * {@code --notify-not-seen-after}) holds for a rule that sets none. Other kinds take no threshold.
 */
public final class NotificationKinds {

    public static final String HOST_FAILED = "host.failed";
    public static final String LOCK_STALE = "lock.stale";
    public static final String LOCK_WAITING_LONG = "lock.waiting_long";
    public static final String FLEET_FROZEN = "fleet.frozen";
    public static final String FLEET_UNFROZEN = "fleet.unfrozen";
    public static final String LOCK_FORCE_RELEASED = "lock.force_released";
    public static final String HOST_NOT_SEEN = "host.not_seen";
    public static final String PACKAGE_TEST_FAILED = "package.test_failed";

    /** Default of {@code --notify-waiting-after}. */
    public static final Duration DEFAULT_WAITING_AFTER = Duration.ofHours(1);
    /** Default of {@code --notify-not-seen-after}. */
    public static final Duration DEFAULT_NOT_SEEN_AFTER = Duration.ofDays(7);

    private final Map<String, String> kinds = new TreeMap<>();
    private final Map<String, Duration> thresholds = new TreeMap<>();

    /** The registry with Baton's own kinds. */
    public static NotificationKinds standard() {
        return standard(DEFAULT_WAITING_AFTER, DEFAULT_NOT_SEEN_AFTER);
    }

    /**
     * The registry with Baton's own kinds, {@code waitingAfter} and {@code notSeenAfter} being the thresholds of
     * rules of {@code lock.waiting_long} and {@code host.not_seen} that set none.
     */
    public static NotificationKinds standard(Duration waitingAfter, Duration notSeenAfter) {
        NotificationKinds k = new NotificationKinds();
        k.register(HOST_FAILED, "an agent reported a failed run on a host");
        k.register(LOCK_STALE, "a holder kept a lock longer than the lock's stale_after");
        k.registerWithThreshold(LOCK_WAITING_LONG, "a host waited for a lock longer than the rule's threshold", waitingAfter);
        k.register(FLEET_FROZEN, "the whole fleet was frozen: no new grants");
        k.register(FLEET_UNFROZEN, "the fleet freeze was lifted");
        k.register(LOCK_FORCE_RELEASED, "an operator force-released a holder");
        k.register(PACKAGE_TEST_FAILED, "a package mirrored from a remote failed a check (size, checksum, signature) and was quarantined");
        k.registerWithThreshold(HOST_NOT_SEEN, "a known host has not called or reported for longer than the rule's threshold",
                notSeenAfter);
        return k;
    }

    /** Adds a kind: lower case, dotted ({@code pipeline.package_promoted}). Registering a kind twice is harmless. */
    public synchronized void register(String kind, String description) {
        if (kind == null || !kind.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+")) {
            throw new IllegalArgumentException("a notification kind is dotted lower case, like host.failed: " + kind);
        }
        kinds.put(kind, description);
    }

    /**
     * Adds a kind raised once a condition has lasted longer than a threshold, which each rule may set;
     * {@code defaultThreshold} holds for a rule that sets none.
     */
    public synchronized void registerWithThreshold(String kind, String description, Duration defaultThreshold) {
        if (defaultThreshold == null || defaultThreshold.isNegative() || defaultThreshold.isZero()) {
            throw new IllegalArgumentException("the default threshold of " + kind + " must be positive, got " + defaultThreshold);
        }
        register(kind, description);
        thresholds.put(kind, defaultThreshold);
    }

    /** Whether rules of this kind may set a threshold. */
    public synchronized boolean takesThreshold(String kind) {
        return thresholds.containsKey(kind);
    }

    /** The kinds that take a threshold, sorted. */
    public synchronized List<String> thresholdKinds() {
        return List.copyOf(thresholds.keySet());
    }

    /** The threshold of a rule of this kind that sets none; empty for a kind that takes no threshold. */
    public synchronized Optional<Duration> defaultThreshold(String kind) {
        return Optional.ofNullable(thresholds.get(kind));
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
