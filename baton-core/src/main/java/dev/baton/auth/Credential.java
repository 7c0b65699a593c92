package dev.baton.auth;

import java.time.Instant;
import java.util.Set;

/**
 * An API credential as stored: the secret only as a slow hash.
 *
 * @param id      public identifier, a UUID (DLM Engine clients send it as {@code x-secret-id})
 * @param holders for the host role: the holder names it may lock as
 */
public record Credential(String id, String name, Role role, Set<String> holders, String secretHash,
                         Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
