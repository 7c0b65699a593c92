package dev.baton.jump.run;

import dev.baton.jump.builtin.BuiltinOutcome;
import dev.baton.jump.builtin.BuiltinRunner;
import dev.baton.jump.builtin.PreCheckFailure;
import dev.baton.jump.builtin.PreChecks;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.HostSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** The built-ins ({@link BuiltinRunner}) and pre-checks ({@link PreChecks}) of {@code dev.baton.jump.builtin}. */
public final class StandardHostTools implements HostTools {

    @Override
    public BuiltinResult builtin(Path recipeDirectory, Statement.Builtin builtin, Variables variables,
                                 HostSession session, Consumer<String> log) throws IOException, InterruptedException {
        BuiltinOutcome outcome = new BuiltinRunner(recipeDirectory).run(builtin, variables, session, log);
        return new BuiltinResult(outcome.vars(), outcome.exitStatus(), outcome.message());
    }

    @Override
    public List<String> preChecks(HostSession session, Recipe recipe, Variables variables)
            throws InterruptedException {
        return PreChecks.check(session, recipe, variables).stream().map(PreCheckFailure::toString).toList();
    }
}
