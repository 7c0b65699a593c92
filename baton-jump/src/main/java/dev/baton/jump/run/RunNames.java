package dev.baton.jump.run;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.Names;

/** Validation of run names, and the lock a run's hosts take slots of ({@code jump-<run name>}). */
public final class RunNames {

    public static final String LOCK_PREFIX = "jump-";
    /** Short enough for the run's job subject and lock name. */
    public static final int MAX_NAME = 64;

    private RunNames() {
    }

    /** A run name: 1 to 64 letters, digits and . - _ : @ + (what a lock name may hold). */
    public static String name(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new BadRequestException("a jump run's name must be 1 to " + MAX_NAME + " characters; got "
                    + (name == null ? "none" : "'" + name + "'"));
        }
        try {
            Names.lockName(name);
        } catch (BadRequestException e) {
            throw new BadRequestException("jump run name '" + name + "': " + e.getMessage().replace("lock name", "it"));
        }
        return name;
    }

    public static String lockName(String runName) {
        return LOCK_PREFIX + runName;
    }
}
