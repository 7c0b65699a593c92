package dev.baton.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Foreman's "failed login attempts limit": after {@code limit} failed logins from one source (an IP
 * address) within {@link #WINDOW}, logins from that source are refused without being checked until the
 * window that began with its first failure has passed.
 *
 * <p>Only failures that cost a slow hash count (a known user or credential with a wrong secret): an
 * unknown id or a revoked credential costs nothing and never shuts a source out. What this bounds is the
 * CPU an unauthenticated client can make the server spend, about 0.2 s of a core per guess.
 */
public final class LoginThrottle {

    /** How long failures are remembered, and how long a source that reached the limit is refused. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** Foreman's default. */
    public static final int DEFAULT_LIMIT = 30;
    /** Sources remembered at most; beyond this, sources whose window has passed are forgotten. */
    private static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final InstantSource clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(Instant since, int count) {
        boolean over(Instant now) {
            return !since.plus(WINDOW).isAfter(now);
        }
    }

    /** @param limit failed logins allowed per source and window; 0 turns the throttle off */
    public LoginThrottle(int limit, InstantSource clock) {
        if (limit < 0) {
            throw new IllegalArgumentException("the failed login limit must be 0 (off) or more, got " + limit);
        }
        this.limit = limit;
        this.clock = clock;
    }

    /** How long {@code source} is still refused; empty when it may log in. */
    public Optional<Duration> refusedFor(String source) {
        Failures f = failures.get(source);
        if (limit == 0 || f == null || f.count < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.since.plus(WINDOW));
        return left.isPositive() ? Optional.of(left) : Optional.empty();
    }

    /** Counts a failed login that cost a slow hash. */
    public void failed(String source) {
        if (limit == 0) {
            return;
        }
        Instant now = clock.instant();
        failures.compute(source, (s, f) -> f == null || f.over(now) ? new Failures(now, 1) : new Failures(f.since, f.count + 1));
        if (failures.size() > SWEEP_ABOVE) {
            failures.values().removeIf(f -> f.over(now));
        }
    }
}
