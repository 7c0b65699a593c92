package dev.baton.console.view;

import dev.baton.lock.LockView;

/** A lock in a table: its slots, how many hold and wait, and its marks. */
public record LockRow(String name, int slots, int held, int waiting, boolean enabled, boolean frozen, boolean stale) {

    public static LockRow of(LockView lock) {
        return new LockRow(lock.name(), lock.slots(), lock.holders().size(), lock.waiters().size(), lock.enabled(),
                lock.frozen(), lock.stale());
    }
}
