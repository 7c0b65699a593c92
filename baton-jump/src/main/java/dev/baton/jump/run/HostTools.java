package dev.baton.jump.run;

import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostSession;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a run uses on a host besides plain commands: the built-ins other than {@code reboot} and {@code hostkey}
 * (which the runner handles itself, with the connector), and the pre-checks a host must pass before it takes a slot.
 */
public interface HostTools {

    /** What a built-in did: the variables afterwards, its exit status (0: it succeeded) and a message for the log. */
    record BuiltinResult(Variables variables, int exitStatus, String message) {
    }

    /** Runs a built-in on the host, writing what it does to {@code log}; local files are found in the directory. */
    BuiltinResult builtin(java.nio.file.Path recipeDirectory, Statement.Builtin builtin, Variables variables, HostSession session, Consumer<String> log)
            throws IOException, InterruptedException;

    /** The reasons the host must not start (empty: it may): root, swap big enough, /boot separate, free space. */
    List<String> preChecks(HostSession session, Recipe recipe, Variables variables) throws IOException, InterruptedException;
}
