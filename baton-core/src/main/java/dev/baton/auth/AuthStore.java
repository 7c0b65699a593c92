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

    Optional<Credential> credential(String id);

    List<Credential> credentials();

    void createCredential(Credential credential);

    /** Marks the credential revoked; returns false when no active credential has that id. */
    boolean revokeCredential(String id, Instant at);
}
