package dev.baton.auth;

import java.time.Instant;

/**
 * A console login, as the store keeps it. The browser holds a random token; only its SHA-256 is stored, so a
 * copy of the store opens no session.
 *
 * @param tokenHash  SHA-256 of the cookie's token, hex
 * @param user       the user name; the user is read again on every request ({@link AuthService#userPrincipal})
 * @param csrf       the token every form and htmx request of this session must send back
 * @param createdAt  the login; the absolute timeout counts from here
 * @param lastSeenAt the last request (kept to the minute); the idle timeout counts from here
 * @param address    the client address at login, for the audit trail
 */
public record Session(String tokenHash, String user, String csrf, Instant createdAt, Instant lastSeenAt, String address) {
}
