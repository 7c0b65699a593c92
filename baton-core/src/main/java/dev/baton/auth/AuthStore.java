package dev.baton.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where users and API credentials are kept. Implemented next to the lock store, in the same database. */
public interface AuthStore {

    Optional<User> user(String name);

    List<User> users();

    /** Creates the user; returns false when one of that name exists already (nothing changed). */
    boolean createUser(User user);

    void setPassword(String name, String passwordHash);

    /** Sets a user's role; false when there is no such user. */
    boolean setRole(String name, Role role);

    /** Disables a user ({@code at}) or enables it again ({@code null}); false when there is no such user. */
    boolean setDisabled(String name, Instant at);

    /** Replaces a user's scopes; false when there is no such user. */
    boolean setScopes(String name, java.util.Set<String> scopes);

    /** Replaces a user's password hash only if it is still {@code expected}; false otherwise (nothing changed). */
    boolean replacePasswordHash(String name, String expected, String passwordHash);

    Optional<Credential> credential(String id);

    List<Credential> credentials();

    void createCredential(Credential credential);

    /**
     * Replaces an active credential's secret hash only if it is still {@code expected}; false otherwise
     * (nothing changed).
     */
    boolean replaceSecretHash(String id, String expected, String secretHash);

    /** Marks the credential revoked; returns false when no active credential has that id. */
    boolean revokeCredential(String id, Instant at);
}
