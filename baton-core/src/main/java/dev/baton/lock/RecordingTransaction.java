package dev.baton.lock;

import java.util.List;

/**
 * A {@link LockStore.LockTransaction} that passes every call through and records the events appended,
 * so that {@link LockUpdates#update} publishes them to the {@link LockListener} once the store has
 * committed. One per attempt: an optimistic store may run the work more than once, and only the events
 * of the attempt that committed may be published.
 */
final class RecordingTransaction extends ForwardingLockTransaction {

    private final List<LockEvent> events;

    RecordingTransaction(LockStore.LockTransaction tx, List<LockEvent> events) {
        super(tx);
        this.events = events;
    }

    @Override
    public void append(LockEvent event) {
        super.append(event);
        events.add(event);
    }
}
