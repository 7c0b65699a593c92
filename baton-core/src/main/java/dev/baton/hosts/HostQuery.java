package dev.baton.hosts;

import dev.baton.lock.BadRequestException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which hosts to list and which page: every filter is optional.
 *
 * @param search text to find in a host's name or any of its aliases, ignoring case; null or empty for every host
 * @param states only hosts in one of these states; empty for every state
 * @param sort   the order of the list
 * @param after  the {@link HostPage#next()} of the previous page, or null for the first page
 * @param limit  the page size, 1 to {@value #MAX_LIMIT}
 */
public record HostQuery(String search, Set<HostState> states, Sort sort, String after, int limit) {

    public static final int MAX_LIMIT = 1000;

    /** The orders a host list can take; each ends in the host name, so every order is total. */
    public enum Sort {
        /** By name, a to z. */
        NAME,
        /** The most recent call first; hosts that never called last. */
        LAST_CHECK_IN,
        /** By state in the order of {@link HostState}'s constants (idle, waiting, updating, failed, stale, not seen), then name. */
        STATE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public HostQuery {
        search = search == null || search.isBlank() ? null : search.trim();
        states = states == null || states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        sort = sort == null ? Sort.NAME : sort;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (search != null && search.length() > 255) {
            throw new BadRequestException("the search text is longer than 255 characters");
        }
    }

    /** The first {@code limit} hosts by name. */
    public static HostQuery first(int limit) {
        return new HostQuery(null, Set.of(), Sort.NAME, null, limit);
    }

    /** The same filters and order, {@code newLimit} hosts a page. */
    public HostQuery limit(int newLimit) {
        return new HostQuery(search, states, sort, after, newLimit);
    }

    /** The same filters and order, the page after {@code cursor}. */
    public HostQuery after(String cursor) {
        return new HostQuery(search, states, sort, cursor, limit);
    }
}
