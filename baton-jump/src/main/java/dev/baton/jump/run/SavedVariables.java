package dev.baton.jump.run;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A host's variables as one text, for the store: one {@code name=value} per line, in definition order, with
 * backslash, line feed and carriage return in values escaped ({@code \\}, {@code \n}, {@code \r}).
 */
public final class SavedVariables {

    private SavedVariables() {
    }

    public static String encode(Map<String, String> variables) {
        StringBuilder text = new StringBuilder();
        variables.forEach((name, value) -> {
            text.append(name).append('=');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
            text.append('\n');
        });
        return text.toString();
    }

    public static Map<String, String> decode(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return variables;
        }
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("a saved variable line without a name: '" + line + "'");
            }
            StringBuilder value = new StringBuilder();
            for (int i = eq + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\' && i + 1 < line.length()) {
                    char e = line.charAt(++i);
                    value.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e);
                } else {
                    value.append(c);
                }
            }
            variables.put(line.substring(0, eq), value.toString());
        }
        return variables;
    }
}
