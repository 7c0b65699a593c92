package dev.baton.auth;

import java.time.Instant;

/** A person who logs in with a password (stored as a slow hash). */
public record User(String name, Role role, String passwordHash, Instant createdAt) {
}
