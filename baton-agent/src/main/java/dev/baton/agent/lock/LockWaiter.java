package dev.baton.agent.lock;

import dev.baton.agent.log.AgentLog;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Takes a lock within a time budget, the way the seeds' {@code wait}/{@code wait_max} settings describe, without
 * their defects: network errors are retried within the same budget instead of crashing, and there is no endless
 * loop unless {@code wait_max = forever} was configured.
 *
 * <p>With {@code wait} off there is exactly one attempt. With {@code wait} on, attempts repeat until the budget
 * runs out; between two attempts the waiter sleeps a random time between {@code retryMin} and {@code retryMax}
 * (never past the deadline). Protocols that wait on the server (Baton's native API) are given the remaining
 * budget, capped at {@link #SERVER_WAIT_CAP} per request, and so poll rarely.
 */
public final class LockWaiter {

    /** Longest single long-poll request; then the waiter asks again (keeps proxies and load balancers happy). */
    public static final Duration SERVER_WAIT_CAP = Duration.ofSeconds(300);

    private final LockClient client;
    private final AgentLog log;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public LockWaiter(LockClient client, AgentLog log, Clock clock, Sleeper sleeper, RandomGenerator random) {
        this.client = client;
        this.log = log;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    /** The outcome: granted, or the last reason it was not. */
    public record Outcome(boolean granted, int attempts, String detail) {
    }

    /**
     * @param wait    keep trying until {@code waitMax} has passed
     * @throws LockException when the server refuses for good (no point retrying)
     */
    public Outcome acquire(boolean wait, Duration waitMax, Duration retryMin, Duration retryMax)
            throws LockException, InterruptedException {
        Instant deadline = clock.instant().plus(wait ? waitMax : Duration.ZERO);
        int attempts = 0;
        String last = "not tried";
        while (true) {
            attempts++;
            Duration remaining = Duration.between(clock.instant(), deadline);
            Duration serverWait = !wait || remaining.isNegative() ? Duration.ZERO
                    : remaining.compareTo(SERVER_WAIT_CAP) > 0 ? SERVER_WAIT_CAP : remaining;
            try {
                AcquireAttempt attempt = client.tryAcquire(serverWait);
                if (attempt.granted()) {
                    return new Outcome(true, attempts, attempt.detail());
                }
                last = attempt.detail();
                log.info("lock not granted by " + client.describe() + ": " + last);
            } catch (IOException e) {
                last = "cannot reach " + client.describe() + ": " + describe(e);
                log.warn(last);
            }
            remaining = Duration.between(clock.instant(), deadline);
            if (!wait || remaining.isNegative() || remaining.isZero()) {
                return new Outcome(false, attempts, last);
            }
            Duration pause = between(retryMin, retryMax);
            if (pause.compareTo(remaining) > 0) {
                pause = remaining;
            }
            log.info("trying again in " + pause.toSeconds() + " s (giving up in " + remaining.toSeconds() + " s)");
            sleeper.sleep(pause);
        }
    }

    /**
     * Gives the lock back, retrying network errors {@code tries} times {@code pause} apart (the seeds retry
     * 10 times, 5 s apart).
     *
     * @return null when released, else why not
     */
    public String release(int tries, Duration pause) throws InterruptedException {
        String last = null;
        for (int i = 1; i <= tries; i++) {
            try {
                client.release();
                return null;
            } catch (LockException e) {
                return e.getMessage();
            } catch (IOException e) {
                last = "cannot reach " + client.describe() + ": " + describe(e);
                log.warn(last + (i < tries ? " (try " + i + " of " + tries + ")" : ""));
                if (i < tries) {
                    sleeper.sleep(pause);
                }
            }
        }
        return last;
    }

    private Duration between(Duration min, Duration max) {
        long lo = min.toMillis();
        long hi = max.toMillis();
        return Duration.ofMillis(hi <= lo ? lo : random.nextLong(lo, hi + 1));
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
