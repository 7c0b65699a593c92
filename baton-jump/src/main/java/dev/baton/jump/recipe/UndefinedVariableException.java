package dev.baton.jump.recipe;

/** A {@code %name%} was to be replaced, but no variable of that name is defined. */
public final class UndefinedVariableException extends IllegalArgumentException {
    private final String name;

    public UndefinedVariableException(String name) {
        super("%" + name + "% is not defined");
        this.name = name;
    }

    /** The variable's name, without the percent signs. */
    public String name() {
        return name;
    }
}
