package dev.baton.cli.jump;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.Output;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code baton jump check RECIPE}: every problem of a recipe, with its line, before anything runs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Read a recipe and report every problem in it, each as FILE:LINE: MESSAGE on standard error: lines "
                + "that are no statement, unknown built-ins, wrong numbers of arguments, variables used before they are "
                + "defined. Nothing runs and no host or server is reached."},
        footer = {"", JumpRecipes.EXIT_CODES})
public final class JumpCheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RECIPE", description = "The recipe file (UTF-8 text, jump2nr's format).")
    Path file;
    @Option(names = "--json", description = "Print the result as JSON on standard output: the file, whether it is ok, "
            + "the number of statements and every problem with its line.")
    boolean json;

    @Override
    public Integer call() {
        Recipe recipe = JumpRecipes.read(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode result = JSON.createObjectNode().put("file", file.toString()).put("ok", recipe.ok())
                    .put("statements", recipe.statements().size());
            var problems = result.putArray("problems");
            for (RecipeProblem p : recipe.problems()) {
                problems.addObject().put("line", p.line()).put("message", p.message());
            }
            Output.json(out, result);
        } else if (recipe.ok()) {
            out.println(file + ": no problems (" + recipe.statements().size() + " statements)");
        } else {
            JumpRecipes.printProblems(recipe, spec.commandLine().getErr());
        }
        return recipe.ok() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
}
