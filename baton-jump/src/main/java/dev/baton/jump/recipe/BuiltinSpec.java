package dev.baton.jump.recipe;

import java.util.List;

/**
 * What a built-in looks like to the check and the dry run (running it is elsewhere).
 *
 * @param name          the name in {@code jump(name, ...)}, lower case
 * @param minArgs       the fewest arguments it takes
 * @param maxArgs       the most ({@link Integer#MAX_VALUE}: no limit)
 * @param setsVariables the internal variables it sets, defined from the line after it on
 * @param usage         how it is called, e.g. {@code usepartition(PARTITION, MOUNTPOINT)}
 */
public record BuiltinSpec(String name, int minArgs, int maxArgs, List<String> setsVariables, String usage) {

    public BuiltinSpec {
        setsVariables = List.copyOf(setsVariables);
    }

    /** "takes 2 arguments", "takes 0 or 1 argument", "takes at least 2 arguments". */
    public String arity() {
        if (maxArgs == Integer.MAX_VALUE) {
            return "takes at least " + plural(minArgs);
        }
        if (minArgs == maxArgs) {
            return "takes " + plural(minArgs);
        }
        return "takes " + minArgs + " to " + plural(maxArgs);
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }
}
