package dev.baton.jump.recipe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check of a recipe as a whole, after each line was read: built-ins exist and get the right arguments, and every
 * {@code %name%} is defined above the line that uses it. Internal variables count as defined from the line after the
 * built-in that sets them; {@code _HOST} and {@code _LOGFILE} always.
 */
final class RecipeCheck {

    private RecipeCheck() {
    }

    static List<RecipeProblem> check(Path file, List<Statement> statements) {
        List<RecipeProblem> problems = new ArrayList<>();
        Set<String> defined = new HashSet<>(InternalVariables.ALWAYS_DEFINED);
        Map<String, Integer> firstDefinition = firstDefinitions(statements);
        for (Statement s : statements) {
            for (String text : texts(s)) {
                for (String name : Variables.references(text)) {
                    if (!defined.contains(name)) {
                        problems.add(new RecipeProblem(file, s.line(), undefined(name, s.line(), firstDefinition)));
                        defined.add(name); // one problem per name, at its first use
                    }
                }
            }
            switch (s) {
                case Statement.Assign a -> defined.add(a.name());
                case Statement.AssignOutput a -> defined.add(a.name());
                case Statement.Builtin b -> {
                    Builtins.problems(b.function(), b.args()).forEach(m -> problems.add(new RecipeProblem(file, b.line(), m)));
                    Builtins.spec(b.function()).ifPresent(spec -> defined.addAll(spec.setsVariables()));
                }
                default -> {
                }
            }
            if (s instanceof Statement.Assign a && a.name().equals(Builtins.IMAGE_SIZE_VARIABLE) && !a.value().contains("%")) {
                try {
                    Builtins.size(a.value());
                } catch (IllegalArgumentException e) {
                    problems.add(new RecipeProblem(file, a.line(), Builtins.IMAGE_SIZE_VARIABLE + " " + e.getMessage()));
                }
            }
        }
        return problems;
    }

    /** The texts of a statement in which {@code %name%} is replaced. */
    static List<String> texts(Statement s) {
        return switch (s) {
            case Statement.Assign a -> List.of(a.value());
            case Statement.AssignOutput a -> List.of(a.command());
            case Statement.Print p -> List.of(p.message());
            case Statement.Local l -> List.of(l.command());
            case Statement.Remote r -> List.of(r.command());
            case Statement.Builtin b -> b.args();
        };
    }

    private static String undefined(String name, int line, Map<String, Integer> firstDefinition) {
        Integer later = firstDefinition.get(name);
        if (later != null && later > line) {
            return "%" + name + "% is used before it is defined (line " + later + "): define it above this line";
        }
        for (BuiltinSpec spec : Builtins.all()) {
            if (spec.setsVariables().contains(name)) {
                return "%" + name + "% is set by jump(" + spec.name() + ", ...), which has not run above this line";
            }
        }
        return "%" + name + "% is not defined: define it above this line (" + name + "=value)";
    }

    private static Map<String, Integer> firstDefinitions(List<Statement> statements) {
        Map<String, Integer> lines = new HashMap<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Assign a) {
                lines.putIfAbsent(a.name(), a.line());
            } else if (s instanceof Statement.AssignOutput a) {
                lines.putIfAbsent(a.name(), a.line());
            }
        }
        return lines;
    }
}
