package dev.baton.jump.recipe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A recipe's variables at one point of a run: names and values in the order they were first defined. Immutable:
 * {@link #with} gives a new set, so each host and each line can keep the variables it saw.
 *
 * <p>{@link #expand} replaces {@code %name%} by the variable's value, left to right in one pass (a value holding
 * {@code %x%} is not expanded again). A name is letters, digits and {@code _}, not starting with a digit. {@code %%}
 * is one literal {@code %} (so {@code date +%%H%%M} gives {@code date +%H%M}); any other {@code %} that does not
 * start a {@code %name%} stays as it is ({@code 50%}, {@code %s}). Adjacent references work: {@code %A%%B%} is A's
 * value followed by B's.
 */
public final class Variables {
    /** No variables at all. */
    public static final Variables EMPTY = new Variables(Map.of());

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> values;

    private Variables(Map<String, String> values) {
        this.values = values;
    }

    /** Variables holding {@code values}, in the map's order. */
    public static Variables of(Map<String, String> values) {
        Variables v = EMPTY;
        for (Map.Entry<String, String> e : values.entrySet()) {
            v = v.with(e.getKey(), e.getValue());
        }
        return v;
    }

    /** Whether {@code name} may name a variable: letters, digits and {@code _}, not starting with a digit. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /** These variables and {@code name} set to {@code value} (a name defined before keeps its place). */
    public Variables with(String name, String value) {
        if (!isName(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a variable name");
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Variables(Collections.unmodifiableMap(copy));
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** The names, in the order they were first defined. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** {@code text} with every {@code %name%} replaced by its value and {@code %%} by {@code %}. */
    public String expand(String text) {
        return substitute(text, name -> {
            String value = values.get(name);
            if (value == null) {
                throw new UndefinedVariableException(name);
            }
            return value;
        });
    }

    /** The names {@code text} refers to as {@code %name%}, each once, in order of first use. */
    public static List<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        substitute(text, name -> {
            names.add(name);
            return "";
        });
        return new ArrayList<>(names);
    }

    /** The one scanner of {@code %name%} and {@code %%}, shared by expansion and by the check. */
    static String substitute(String text, Function<String, String> value) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            int end = i + 1;
            while (end < text.length() && isNameChar(text.charAt(end))) {
                end++;
            }
            if (end < text.length() && text.charAt(end) == '%' && end > i + 1 && !Character.isDigit(text.charAt(i + 1))) {
                out.append(value.apply(text.substring(i + 1, end)));
                i = end + 1;
            } else {
                out.append('%');
                i++;
            }
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** {@code NAME=value} lines, one per variable, in order. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variables v && values.equals(v.values) && names().equals(v.names());
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
