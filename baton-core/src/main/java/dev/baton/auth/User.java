package dev.baton.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A person who logs in with a password (stored as a slow hash).
 *
 * @param scopes     lock and host name patterns the user is limited to ({@link Scopes}); empty for everything
 * @param disabledAt when the user was disabled (cannot log in, sessions end); {@code null} while enabled
 * @param directory  signs in against the {@link Directory}, which also decides its role; it has no password here
 */
public record User(String name, Role role, String passwordHash, Instant createdAt, Set<String> scopes, Instant disabledAt,
                   boolean directory) {

    /** What a directory user keeps instead of a password hash: no password ever matches it. */
    public static final String NO_PASSWORD = "!directory";

    public User {
        scopes = Set.copyOf(scopes);
    }

    /** An enabled user without scopes. */
    public User(String name, Role role, String passwordHash, Instant createdAt) {
        this(name, role, passwordHash, createdAt, Set.of(), null, false);
    }

    public boolean disabled() {
        return disabledAt != null;
    }

    /** The principal this user acts as. */
    public Principal principal() {
        return new Principal(name, name, role, Set.of(), scopes);
    }
}
