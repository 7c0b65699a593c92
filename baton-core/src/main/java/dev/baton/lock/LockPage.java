package dev.baton.lock;

import java.util.List;

/**
 * A page of the lock list.
 *
 * @param locks the locks of this page with their holders and waiters, in the query's order
 * @param next  pass as {@link LockQuery#after()} for the next page; null when this is the last page
 * @param total how many locks match the query's filters
 */
public record LockPage(List<LockView> locks, String next, int total) {

    public LockPage {
        locks = List.copyOf(locks);
    }
}
