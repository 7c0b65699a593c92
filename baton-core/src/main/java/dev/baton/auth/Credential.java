package dev.baton.auth;

import java.time.Instant;
import java.util.Set;

/**
 * An API credential as stored: the secret only as a slow hash.
 *
 * @param id      public identifier, a UUID (DLM Engine clients send it as {@code x-secret-id})
 * @param holders for the host role: the holder names it may lock as
 * @param scopes  lock and host name patterns it is limited to ({@link Scopes}); empty for everything
 */
public record Credential(String id, String name, Role role, Set<String> holders, String secretHash,
                         Instant createdAt, Instant revokedAt, Set<String> scopes) {

    public Credential {
        holders = Set.copyOf(holders);
        scopes = Set.copyOf(scopes);
    }

    /** What the audit trail keeps of it: its name, role, holders and scopes; never its secret. */
    public String describe() {
        return "name=" + name + " role=" + role.wireName()
                + (holders.isEmpty() ? "" : " holders=" + String.join(",", holders.stream().sorted().toList()))
                + (scopes.isEmpty() ? "" : " scopes=" + String.join(",", scopes.stream().sorted().toList()));
    }

    /** Without scopes. */
    public Credential(String id, String name, Role role, Set<String> holders, String secretHash, Instant createdAt,
                      Instant revokedAt) {
        this(id, name, role, holders, secretHash, createdAt, revokedAt, Set.of());
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    /** The principal this credential acts as. */
    public Principal principal() {
        return new Principal(id, name, role, holders, scopes);
    }
}
