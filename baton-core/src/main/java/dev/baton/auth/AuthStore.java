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

    /**
     * Sets a user's role; false when there is no such user. Unguarded: for a directory user, whose groups decide; a
     * change by a person goes through {@link #setRoleKeepingAnAdmin}.
     */
    boolean setRole(String name, Role role);

    /** Enables a user again ({@code null}) or disables it ({@code at}); false when there is no such user. Unguarded. */
    boolean setDisabled(String name, Instant at);

    /**
     * Sets a user's role unless that takes the admin role from the last enabled admin. The check and the write are
     * one step: of two admins demoting or disabling each other at once, one is refused.
     */
    AdminGuard setRoleKeepingAnAdmin(String name, Role role);

    /** Disables a user ({@code at}) unless it is the last enabled admin; one step, as {@link #setRoleKeepingAnAdmin}. */
    AdminGuard disableKeepingAnAdmin(String name, Instant at);

    /** What a change that may take away an enabled admin did. */
    enum AdminGuard {
        DONE,
        NO_SUCH_USER,
        /** Refused, nothing changed: the user is the last enabled admin. */
        LAST_ADMIN
    }

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
