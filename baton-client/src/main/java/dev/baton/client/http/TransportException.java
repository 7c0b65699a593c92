package dev.baton.client.http;

import java.io.IOException;

/**
 * No HTTP answer came: the server could not be reached, the connection broke, or TLS failed. The message is for
 * people and says what to do; {@link #kind()} is for code, and {@link #permanent()} says whether trying again later
 * can help (a refused connection can; an untrusted certificate cannot).
 */
public class TransportException extends IOException {

    /** Why no answer came. */
    public enum Kind {
        /** Connection refused, no route, the host name does not resolve. */
        UNREACHABLE(false),
        /** No connection or no answer within the timeout. */
        TIMEOUT(false),
        /** The connection broke before the answer was complete. */
        BROKEN(false),
        /** The server's certificate does not chain to a trusted CA (or has expired). */
        UNTRUSTED(true),
        /** The server's certificate does not name the host the URL names. */
        WRONG_NAME(true),
        /** {@code https://} to a port that does not speak TLS. */
        NOT_TLS(true),
        /** {@code http://} to a port that speaks TLS. */
        SPEAKS_TLS(true),
        /** The TLS handshake failed otherwise, e.g. the server wants a client certificate it did not get. */
        TLS_REFUSED(true),
        /** The waiting thread was interrupted. */
        INTERRUPTED(false);

        private final boolean permanent;

        Kind(boolean permanent) {
            this.permanent = permanent;
        }
    }

    private final Kind kind;

    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when trying again will not help until someone changes a setting (a CA, a scheme, a certificate). */
    public boolean permanent() {
        return kind.permanent;
    }
}
