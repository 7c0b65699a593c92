package dev.baton.lock;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which events to read from the fleet-wide history, and which page: every filter is optional (null or empty means
 * any), and all given filters must hold. Pages run newest first, keyed by event id: {@code before} is the
 * {@link EventPage#nextBefore()} of the previous page, so a page deep in a million events costs what the first does.
 *
 * @param lock     only this lock's events; null for every lock and the fleet's own (freeze) events
 * @param types    only events of these types; empty for every type
 * @param holder   only events about this holder (exactly as the door recorded it)
 * @param protocol only events that came through this door
 * @param from     only events at or after this time
 * @param to       only events before this time
 * @param before   only events with an id below this one; null for the newest
 * @param limit    the page size, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(String lock, Set<EventType> types, String holder, Protocol protocol, Instant from,
                         Instant to, Long before, int limit) {

    public static final int MAX_LIMIT = 1000;

    public EventQuery {
        if (lock != null) {
            Names.lockName(lock);
        }
        types = types == null || types.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(types));
        if (types.size() == EventType.values().length) {
            types = Set.of(); // every type is no filter, and costs none
        }
        if (holder != null && holder.isEmpty()) {
            holder = null;
        }
        if (holder != null && holder.length() > Names.MAX_HOLDER) {
            throw new BadRequestException("holder is longer than " + Names.MAX_HOLDER + " characters");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadRequestException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    /** The newest {@code limit} events of every lock and the fleet. */
    public static EventQuery all(int limit) {
        return new EventQuery(null, Set.of(), null, null, null, null, null, limit);
    }

    /** One lock's history (or the fleet's, {@code lock} null), a page at a time. */
    public static EventQuery of(String lock, Long before, int limit) {
        return new EventQuery(lock, Set.of(), null, null, null, null, before, limit);
    }

    /** The same filters, the page before {@code id} (older). */
    public EventQuery before(Long id) {
        return new EventQuery(lock, types, holder, protocol, from, to, id, limit);
    }

    /** The same filters and place, {@code newLimit} events a page. */
    public EventQuery limit(int newLimit) {
        return new EventQuery(lock, types, holder, protocol, from, to, before, newLimit);
    }
}
