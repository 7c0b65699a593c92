package dev.baton.auth;

import java.time.Duration;

/**
 * How long a console session lasts.
 *
 * @param idle     ended when no request came for this long. Default 30 minutes.
 * @param absolute ended this long after the login, however busy. Default 12 hours.
 */
public record SessionTimeouts(Duration idle, Duration absolute) {

    public static final SessionTimeouts DEFAULTS = new SessionTimeouts(Duration.ofMinutes(30), Duration.ofHours(12));

    public SessionTimeouts {
        if (idle == null || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("--session-idle must be a positive duration such as PT30M, got " + idle);
        }
        if (absolute == null || absolute.compareTo(idle) < 0) {
            throw new IllegalArgumentException("--session-max must be a duration no shorter than --session-idle ("
                    + idle + "), such as PT12H, got " + absolute);
        }
    }
}
