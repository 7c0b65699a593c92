package dev.baton.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Console sessions: a login opens one, each request resolves it, logout ends it.
 *
 * <p>The contract:
 * <ul>
 *   <li>The token is 256 random bits, given to the browser once; the store keeps its SHA-256 only.</li>
 *   <li>A session ends {@link SessionTimeouts#idle()} after its last request and {@link SessionTimeouts#absolute()}
 *       after its login, whichever comes first; an ended session is deleted when it is next presented.</li>
 *   <li>Every resolve reads the user again ({@link AuthService#userPrincipal}): a disabled user is logged out, a
 *       changed role applies to the next request.</li>
 *   <li>The last request is written at most once a minute per session, so reading pages costs no store write
 *       each; the idle timeout is therefore exact to a minute.</li>
 * </ul>
 */
public final class Sessions {

    /** How stale a session's stored last request may be before a request writes it again. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionStore store;
    private final AuthService auth;
    private final InstantSource clock;
    private final SessionTimeouts timeouts;

    public Sessions(SessionStore store, AuthService auth, InstantSource clock, SessionTimeouts timeouts) {
        this.store = store;
        this.auth = auth;
        this.clock = clock;
        this.timeouts = timeouts;
    }

    /** A new session and the token that opens it, which is given to the browser and never stored. */
    public record Opened(String token, Session session) {
    }

    /** A session in force and who it is now. */
    public record Active(Session session, Principal principal) {
    }

    /** Opens a session for a user whose password was just checked. */
    public Opened open(String user, String address) {
        String token = randomToken();
        Instant now = clock.instant();
        Session session = new Session(hash(token), user, randomToken(), now, now, address);
        store.create(session);
        return new Opened(token, session);
    }

    /** The session this token opens, with its user as the store has them now; empty when ended, expired or unknown. */
    public Optional<Active> resolve(String token) {
        if (token == null || token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        String key = hash(token);
        Optional<Session> found = store.find(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        Instant now = clock.instant();
        if (!now.isBefore(session.lastSeenAt().plus(timeouts.idle())) || !now.isBefore(session.createdAt().plus(timeouts.absolute()))) {
            store.delete(key);
            return Optional.empty();
        }
        Optional<Principal> principal = auth.userPrincipal(session.user());
        if (principal.isEmpty()) {
            store.delete(key);
            return Optional.empty();
        }
        if (!now.isBefore(session.lastSeenAt().plus(TOUCH_EVERY))) {
            store.touch(key, now);
        }
        return Optional.of(new Active(session, principal.get()));
    }

    /** Logout: the token opens nothing any more, on any server sharing the store. */
    public void close(String token) {
        if (token != null && !token.isEmpty() && token.length() <= 100) {
            store.delete(hash(token));
        }
    }

    /** Deletes ended sessions that were never presented again; run periodically. */
    public int purge() {
        Instant now = clock.instant();
        return store.deleteExpired(now.minus(timeouts.idle()), now.minus(timeouts.absolute()));
    }

    public SessionTimeouts timeouts() {
        return timeouts;
    }

    /** 256 random bits, URL-safe: a session's token, its CSRF token, the login form's token. */
    public static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
