package dev.baton.jump.recipe;

import java.nio.file.Path;
import java.util.List;

/**
 * A recipe as read: its file, its statements in the order they run, and every problem found in it. A recipe with
 * problems must not run, not even in part: {@link #ok()} tells. Statements of lines that could not be understood are
 * missing from {@link #statements()}; their problems say so.
 */
public record Recipe(Path file, List<Statement> statements, List<RecipeProblem> problems) {

    public Recipe {
        statements = List.copyOf(statements);
        problems = List.copyOf(problems);
    }

    /** Whether the recipe may run: no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }

    /** The directory the recipe is in: where {@code local} lines run and relative file names are found. */
    public Path directory() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? file.toAbsolutePath() : parent;
    }
}
