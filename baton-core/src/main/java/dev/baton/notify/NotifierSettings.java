package dev.baton.notify;

import java.time.Duration;

/**
 * How the outbox sends.
 *
 * @param lease       how long a server's claim on a message lasts; a server killed mid-send leaves the message to
 *                    another (or to itself, restarted) after this. Default 5 min: several times a transport's own timeouts (SMTP: 30 s a step).
 * @param retryBase   the wait after the first failed try; it doubles with each further failure. Default 30 s.
 * @param retryMax    the longest wait between two tries. Default 1 h.
 * @param maxAttempts tries before a message is given up as a dead letter. Default 8 (about 1 h 4 min of tries).
 */
public record NotifierSettings(Duration lease, Duration retryBase, Duration retryMax, int maxAttempts) {

    public static final NotifierSettings DEFAULTS = new NotifierSettings(Duration.ofMinutes(5), Duration.ofSeconds(30),
            Duration.ofHours(1), 8);

    public NotifierSettings {
        if (lease.isNegative() || lease.isZero() || retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("notification timings must be positive, and the longest retry wait at least the first");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("--notify-max-attempts must be 1 or more, got " + maxAttempts);
        }
    }

    /** The wait after the {@code attempts}-th failed try. */
    public Duration backoff(int attempts) {
        Duration wait = retryBase;
        for (int i = 1; i < attempts && wait.compareTo(retryMax) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(retryMax) > 0 ? retryMax : wait;
    }

    public NotifierSettings withRetry(Duration base, Duration max, int attempts) {
        return new NotifierSettings(lease, base, max, attempts);
    }

    public NotifierSettings withLease(Duration newLease) {
        return new NotifierSettings(newLease, retryBase, retryMax, maxAttempts);
    }
}
