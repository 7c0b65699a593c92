package dev.baton.auth;

import java.time.Duration;

/** A login refused unchecked because its source failed too often ({@link LoginThrottle}). */
public final class LoginRefusedException extends RuntimeException {
    private final Duration retryAfter;

    public LoginRefusedException(String source, Duration retryAfter) {
        super("too many failed logins from " + source + "; try again in " + Math.max(1, retryAfter.toSeconds()) + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
