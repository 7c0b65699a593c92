package dev.baton.lock;

import java.time.Instant;

/**
 * Settings that apply to every lock at once. A fleet freeze stops all new grants, for incidents.
 */
public record FleetPolicy(boolean frozen, String reason, Instant changedAt, String changedBy) {
    public static final FleetPolicy OPEN = new FleetPolicy(false, null, null, null);
}
