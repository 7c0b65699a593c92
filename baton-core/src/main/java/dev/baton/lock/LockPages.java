package dev.baton.lock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Search, filter, order and keyset paging of a lock list already read. A cursor is the last lock's sort key and
 * name ({@code KEY:NAME}), so a page starts after it even when that lock was deleted meanwhile.
 */
final class LockPages {

    private LockPages() {
    }

    /**
     * The lock list the pages are cut from, read at most once per {@code maxAge} and again after every change this
     * server commits (an event clears it): a console listing a thousand locks then costs one read of them all per
     * second, not one per page. Changes without an event (a waiter joining a queue) and other servers' changes show
     * within {@code maxAge}.
     */
    static final class Listing {
        private final java.time.Duration maxAge;
        private volatile Snapshot snapshot;

        Listing(java.time.Duration maxAge) {
            this.maxAge = maxAge;
        }

        List<LockView> get(java.time.Instant now, java.util.function.Supplier<List<LockView>> read) {
            Snapshot s = snapshot;
            if (s == null || s.readAt.plus(maxAge).isBefore(now) || s.readAt.isAfter(now)) {
                s = new Snapshot(now, read.get());
                snapshot = s;
            }
            return s.locks;
        }

        /** Forgets the list; the next page reads it again. Cheap: called for every committed event. */
        void clear() {
            snapshot = null;
        }

        private record Snapshot(java.time.Instant readAt, List<LockView> locks) {
        }
    }

    static LockPage page(List<LockView> all, LockQuery query) {
        Comparator<LockView> order = order(query.sort());
        List<LockView> matching = new ArrayList<>();
        String needle = query.search() == null ? null : query.search().toLowerCase(Locale.ROOT);
        for (LockView v : all) {
            if ((needle == null || v.name().toLowerCase(Locale.ROOT).contains(needle)) && query.only().stream().allMatch(o -> has(v, o))) {
                matching.add(v);
            }
        }
        matching.sort(order);
        long afterKey = 0;
        String afterName = null;
        if (query.after() != null) {
            int colon = query.after().indexOf(':');
            try {
                afterKey = Long.parseLong(query.after().substring(0, Math.max(colon, 0)));
            } catch (NumberFormatException e) {
                throw new BadRequestException("'after' must be the 'next' cursor of the previous page, got '" + query.after() + "'");
            }
            afterName = query.after().substring(colon + 1);
        }
        List<LockView> page = new ArrayList<>(query.limit());
        boolean more = false;
        for (LockView v : matching) {
            long key = key(query.sort(), v);
            if (afterName != null && (key < afterKey || key == afterKey && v.name().compareTo(afterName) <= 0)) {
                continue;
            }
            if (page.size() == query.limit()) {
                more = true;
                break;
            }
            page.add(v);
        }
        String next = more ? key(query.sort(), page.getLast()) + ":" + page.getLast().name() : null;
        return new LockPage(page, next, matching.size());
    }

    private static boolean has(LockView v, LockQuery.Only only) {
        return switch (only) {
            case HELD -> !v.holders().isEmpty();
            case WAITING -> !v.waiters().isEmpty();
            case FROZEN -> v.frozen();
            case DISABLED -> !v.enabled();
            case STALE -> v.stale();
        };
    }

    /** The order's first key, smaller first: the most holders or waiters come first as the most negative. */
    private static long key(LockQuery.Sort sort, LockView v) {
        return switch (sort) {
            case NAME -> 0;
            case HOLDERS -> -v.holders().size();
            case WAITERS -> -v.waiters().size();
        };
    }

    private static Comparator<LockView> order(LockQuery.Sort sort) {
        return Comparator.<LockView>comparingLong(v -> key(sort, v)).thenComparing(LockView::name);
    }
}
