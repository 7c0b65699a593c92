package dev.baton.jump.plan;

/**
 * One line of a recipe as it would run on one host.
 *
 * @param line the recipe's line, 1-based
 * @param kind {@code set} (a variable), {@code print}, {@code local}, {@code remote} or {@code jump} (a built-in)
 * @param text what runs or is set, variables replaced; what Baton adds to explain it follows {@code "  # "}
 */
public record PlannedStep(int line, String kind, String text) {
    public static final String SET = "set";
    public static final String PRINT = "print";
    public static final String LOCAL = "local";
    public static final String REMOTE = "remote";
    public static final String JUMP = "jump";
}
