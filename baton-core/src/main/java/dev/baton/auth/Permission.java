package dev.baton.auth;

/**
 * What a user or API credential may do. Which role has which permission is {@link Role}'s table; where a
 * permission is checked, it is checked through {@link Access}. Later parts of Baton add their constants here.
 */
public enum Permission {
    /** Read locks, their history, hosts, progress and the fleet freeze. */
    VIEW,
    /** Take and give back slots as a holder (the target is the holder's name). */
    HOLD,
    /** Report an agent's progress for a host (the target is the host's name). */
    REPORT_PROGRESS,
    /** Force-release, set slots and timing, enable, disable, freeze and unfreeze one lock; allow or deny a host's update locks. */
    OPERATE_LOCKS,
    /** Freeze and unfreeze the whole fleet. */
    FREEZE_FLEET,
    /** Add and remove hosts and their aliases. */
    MANAGE_HOSTS,
    /** Users and API credentials. */
    MANAGE_PEOPLE,
    /** Notification channels and rules. */
    MANAGE_NOTIFICATIONS,
    /** Read the audit trail. */
    VIEW_AUDIT,
    /** Approve and promote packages and releases (the package pipeline). */
    MANAGE_RELEASES,
    /** Sign packages (the package pipeline). */
    SIGN_PACKAGES,
    /** Mark packages tested (the package pipeline). */
    TEST_PACKAGES,
    /** Start release jump runs, retry or skip a host's line, abort a run (the release jump). */
    OPERATE_JUMPS;

    /** Reading permissions are not limited to a principal's scopes when they concern the whole fleet (a listing). */
    public boolean reads() {
        return this == VIEW || this == VIEW_AUDIT;
    }

    /** The permission as people write it: {@code operate-locks}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
