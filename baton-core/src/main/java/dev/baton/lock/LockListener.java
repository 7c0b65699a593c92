package dev.baton.lock;

/** Told of every event after it is committed; used for metrics and notifications. Must not block. */
@FunctionalInterface
public interface LockListener {
    void committed(LockEvent event);
}
