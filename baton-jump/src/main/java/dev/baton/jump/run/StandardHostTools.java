package dev.baton.jump.run;

import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostSession;
import java.util.List;
import java.util.function.Consumer;

/** The built-ins and pre-checks of {@code dev.baton.jump.builtin}, as a run uses them. */
public final class StandardHostTools implements HostTools {

    @Override
    public BuiltinResult builtin(Statement.Builtin builtin, Variables variables, HostSession session,
                                 Consumer<String> log) {
        // TODO(i16-runs): J2's BuiltinRunner, once merged
        return new BuiltinResult(variables, 1, "the built-in " + builtin.function() + " is not available yet");
    }

    @Override
    public List<String> preChecks(HostSession session, Recipe recipe, Variables variables) {
        return List.of(); // TODO(i16-runs): J2's PreChecks, once merged
    }
}
