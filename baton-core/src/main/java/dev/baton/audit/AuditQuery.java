package dev.baton.audit;

/**
 * Which entries to list, newest first: all filters optional ({@code null}).
 *
 * @param actor  exactly this actor name
 * @param action exactly this action, or, ending in {@code .*}, every action under it ({@code lock.*})
 * @param target exactly this target
 * @param before only entries with a smaller id (the previous page's {@link AuditPage#nextBefore})
 * @param limit  1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(String actor, String action, String target, Long before, int limit) {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 50;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new dev.baton.lock.BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** The newest entries, unfiltered. */
    public static AuditQuery latest(int limit) {
        return new AuditQuery(null, null, null, null, limit);
    }
}
