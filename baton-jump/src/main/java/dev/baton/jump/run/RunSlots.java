package dev.baton.jump.run;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;

/**
 * The slots of a run's Baton lock ({@code jump-<run>}): each host mid-jump holds one, under its own name, so the run
 * shows in the console and the lock history like any other holder. The lock has no lease: a host keeps its slot
 * across a restart of Baton (it is still mid-jump). Slots are created with the run's count; an operator may change
 * them on the lock, and the run follows the lock.
 */
final class RunSlots {

    private final Locks locks;
    private final String lockName;
    private final String actor;

    RunSlots(Locks locks, JumpRun run) {
        this.locks = locks;
        this.lockName = run.lockName();
        this.actor = "jump run " + run.name();
    }

    /** Creates the lock with the run's slots if it does not exist yet. */
    void open(int slots) {
        if (locks.reader().show(lockName).isEmpty()) {
            locks.policy().setSlots(lockName, slots, actor);
        }
    }

    /** The lock as it is now: its slots and holders. */
    LockView view() {
        return locks.reader().show(lockName).orElseThrow(() -> new IllegalStateException("the lock " + lockName
                + " was deleted while its run was active"));
    }

    /** Takes a slot for the host (keeps the one it holds); false when none is free. Never waits. */
    boolean take(String host) {
        AcquireResult result = locks.service().acquire(new AcquireRequest(lockName, host, actor, Protocol.SYSTEM,
                Duration.ZERO, true));
        return result.granted();
    }

    void give(String host) {
        locks.service().release(lockName, host, actor, Protocol.SYSTEM, false);
    }
}
