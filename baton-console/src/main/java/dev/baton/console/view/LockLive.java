package dev.baton.console.view;

import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import java.time.Instant;
import java.util.List;

/**
 * The part of a lock page that updates live: settings, holders, the queue and the newest events. The same for every
 * viewer (no session's token in it), so it is rendered once per change and sent to every open page of the lock.
 */
public record LockLive(LockView lock, List<LockEvent> recent, Instant now) {

    /** The newest event's id: the live stream sends the state at once when it changed after the page was read. */
    public long version() {
        return recent.isEmpty() ? 0 : recent.getFirst().id();
    }
}
