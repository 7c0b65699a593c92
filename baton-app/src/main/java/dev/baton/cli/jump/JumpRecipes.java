package dev.baton.cli.jump;

import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.jump.recipe.Recipe;
import dev.baton.jump.recipe.RecipeProblem;
import dev.baton.jump.recipe.RecipeReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading a recipe for the {@code jump} commands: a file that cannot be read is a usage error in words. */
final class JumpRecipes {
    static final String EXIT_CODES = "Exit codes: 0 the recipe has no problem (and the plan was printed); 1 the recipe "
            + "has problems, each printed as FILE:LINE: MESSAGE; 2 bad usage or a file that cannot be read.";

    private JumpRecipes() {
    }

    /** The recipe in {@code file}, problems and all. */
    static Recipe read(Path file) {
        if (Files.isDirectory(file)) {
            throw new CliException("cannot read the recipe " + file + ": it is a directory; name the recipe file in it");
        }
        try {
            return RecipeReader.read(file);
        } catch (NoSuchFileException e) {
            throw new CliException("cannot read the recipe " + file + ": no such file", ExitCodes.USAGE);
        } catch (AccessDeniedException e) {
            throw new CliException("cannot read the recipe " + file + ": permission denied", ExitCodes.USAGE);
        } catch (IOException e) {
            throw new CliException("cannot read the recipe " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** Prints every problem as {@code file:line: message}, the way compilers do, so editors jump to the line. */
    static void printProblems(Recipe recipe, PrintWriter err) {
        for (RecipeProblem p : recipe.problems()) {
            err.println(p);
        }
        err.println("baton: " + recipe.file() + " has " + recipe.problems().size()
                + (recipe.problems().size() == 1 ? " problem" : " problems") + "; nothing was run");
    }
}
