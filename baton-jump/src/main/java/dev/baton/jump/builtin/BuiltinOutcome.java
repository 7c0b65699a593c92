package dev.baton.jump.builtin;

import dev.baton.jump.recipe.Variables;

/**
 * How a built-in ended on a host.
 *
 * @param vars       the variables after it (with what it set, e.g. {@code _JUMPPARTITION}); unchanged on failure
 * @param exitStatus 0 when it succeeded; else the exit status of the command that failed, or 1
 * @param message    one line for the host's log and the operator: what it did, or why it failed
 */
public record BuiltinOutcome(Variables vars, int exitStatus, String message) {

    /** Whether the built-in succeeded. */
    public boolean succeeded() {
        return exitStatus == 0;
    }

    static BuiltinOutcome failed(Variables vars, int exitStatus, String message) {
        return new BuiltinOutcome(vars, exitStatus == 0 ? 1 : exitStatus, message);
    }
}
