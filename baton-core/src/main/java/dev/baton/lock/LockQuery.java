package dev.baton.lock;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which locks to list and which page, for the console and {@code GET /api/v3/locks}: every filter is optional.
 *
 * @param search text to find in a lock's name, ignoring case; null or empty for every lock
 * @param only   only locks with all of these properties; empty for every lock
 * @param sort   the order of the list
 * @param after  the {@link LockPage#next()} of the previous page, or null for the first page
 * @param limit  the page size, 1 to {@value #MAX_LIMIT}
 */
public record LockQuery(String search, Set<Only> only, Sort sort, String after, int limit) {

    public static final int MAX_LIMIT = 1000;

    /** A property a listed lock must have. */
    public enum Only {
        /** At least one holder. */
        HELD,
        /** At least one live waiter. */
        WAITING,
        /** Frozen by itself or by the fleet. */
        FROZEN,
        /** Disabled. */
        DISABLED,
        /** A holder past the lock's stale_after. */
        STALE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The orders a lock list can take; each ends in the lock name, so every order is total. */
    public enum Sort {
        /** By name. */
        NAME,
        /** The most holders first. */
        HOLDERS,
        /** The longest queue first. */
        WAITERS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LockQuery {
        search = search == null || search.isBlank() ? null : search.trim();
        only = only == null || only.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(only));
        sort = sort == null ? Sort.NAME : sort;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** The first {@code limit} locks by name. */
    public static LockQuery first(int limit) {
        return new LockQuery(null, Set.of(), Sort.NAME, null, limit);
    }

    /** The same filters and order, the page after {@code cursor}. */
    public LockQuery after(String cursor) {
        return new LockQuery(search, only, sort, cursor, limit);
    }
}
