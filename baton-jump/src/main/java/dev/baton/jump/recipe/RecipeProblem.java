package dev.baton.jump.recipe;

import java.nio.file.Path;

/**
 * Something wrong with one line of a recipe, found before anything runs.
 *
 * @param file    the recipe, as the operator named it
 * @param line    1-based line number in the file
 * @param message what is wrong and, where it helps, what to write instead
 */
public record RecipeProblem(Path file, int line, String message) {

    /** {@code file:line: message}, the way compilers report, so editors can jump to the line. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
