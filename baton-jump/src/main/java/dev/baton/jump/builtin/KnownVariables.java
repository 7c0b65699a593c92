package dev.baton.jump.builtin;

import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.Statement;
import dev.baton.jump.recipe.UndefinedVariableException;
import dev.baton.jump.recipe.Variables;

/**
 * The variables a recipe will have at a line, as far as they are known before anything runs: its {@code key=value}
 * lines above that line, expanded in order, on top of what the caller knows already (the host's {@code _HOST},
 * {@code _LOGFILE}, outputs of {@code key=`cmd`} lines it ran). A value that needs an unknown variable stays unknown.
 * Used where the host is looked at before the run: the pre-checks and {@code plan --probe}.
 */
final class KnownVariables {

    private KnownVariables() {
    }

    static Variables before(Recipe recipe, int line, Variables known) {
        Variables vars = known;
        for (Statement s : recipe.statements()) {
            if (s.line() >= line) {
                break;
            }
            if (s instanceof Statement.Assign a) {
                try {
                    vars = vars.with(a.name(), vars.expand(a.value()));
                } catch (UndefinedVariableException e) {
                    // depends on something only the run knows
                }
            }
        }
        return vars;
    }
}
