package dev.baton.pipeline.advisory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A plain text template that a site may edit: {@code {{name}}} is replaced by a value, {@code {{#name}}...{{/name}}}
 * repeats its text for each item of a list (or shows it once when a value is present and not false),
 * {@code {{^name}}...{{/name}}} shows its text when the value is absent, empty or false. Nothing else: no code, no
 * includes, no access to anything but the values given, so a template file cannot run anything. Names are checked
 * against the known ones when the template is read, so a typo fails at start, naming the file and line, rather
 * than in a mail at three in the morning. Values are escaped by the escaper the template is rendered with (JSON
 * string escaping for a webhook body).
 */
final class Template {

    private sealed interface Node permits Text, Value, Section {
    }

    private record Text(String text) implements Node {
    }

    private record Value(String name) implements Node {
    }

    private record Section(String name, boolean inverted, List<Node> body) implements Node {
    }

    private final List<Node> nodes;

    private Template(List<Node> nodes) {
        this.nodes = nodes;
    }

    /**
     * Parses {@code text}.
     *
     * @param source names the template in errors (a file name)
     * @param names  the names a template may use
     * @throws IllegalArgumentException an unknown name, an unclosed or mismatched section; naming source and line
     */
    static Template parse(String text, String source, Set<String> names) {
        List<List<Node>> stack = new ArrayList<>();
        List<String> open = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int start = text.indexOf("{{", at);
            if (start < 0) {
                current.add(new Text(text.substring(at)));
                break;
            }
            if (start > at) {
                current.add(new Text(text.substring(at, start)));
            }
            int end = text.indexOf("}}", start + 2);
            if (end < 0) {
                throw new IllegalArgumentException(where(source, text, start) + ": '{{' is not closed by '}}'");
            }
            String tag = text.substring(start + 2, end).strip();
            char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
            String name = (kind == '#' || kind == '^' || kind == '/') ? tag.substring(1).strip() : tag;
            if (!names.contains(name)) {
                throw new IllegalArgumentException(where(source, text, start) + ": unknown name '{{" + tag + "}}'; known: "
                        + String.join(", ", names.stream().sorted().toList()));
            }
            if (kind == '#' || kind == '^') {
                stack.add(current);
                open.add((kind == '^' ? "^" : "") + name);
                current = new ArrayList<>();
            } else if (kind == '/') {
                if (open.isEmpty() || !open.get(open.size() - 1).replace("^", "").equals(name)) {
                    throw new IllegalArgumentException(where(source, text, start) + ": '{{/" + name + "}}' closes "
                            + (open.isEmpty() ? "no open section" : "section '" + open.get(open.size() - 1).replace("^", "") + "'"));
                }
                String opened = open.remove(open.size() - 1);
                Section section = new Section(name, opened.startsWith("^"), List.copyOf(current));
                current = stack.remove(stack.size() - 1);
                current.add(section);
            } else {
                current.add(new Value(name));
            }
            at = end + 2;
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException(source + ": section '{{#" + open.get(open.size() - 1).replace("^", "")
                    + "}}' is not closed");
        }
        return new Template(List.copyOf(current));
    }

    /**
     * Renders with {@code values}: a value is a String, a Boolean, or a list of maps (the items of a section, each
     * seeing its own names first, then the outer ones).
     */
    String render(Map<String, Object> values, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder();
        render(nodes, List.of(values), escape, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, List<Map<String, Object>> scopes, UnaryOperator<String> escape,
                               StringBuilder out) {
        for (Node node : nodes) {
            switch (node) {
                case Text t -> out.append(t.text());
                case Value v -> {
                    Object value = lookup(scopes, v.name());
                    out.append(value == null || value instanceof List<?> ? "" : escape.apply(String.valueOf(value)));
                }
                case Section s -> {
                    Object value = lookup(scopes, s.name());
                    boolean present = value instanceof List<?> list ? !list.isEmpty()
                            : value instanceof Boolean b ? b : value != null && !String.valueOf(value).isEmpty();
                    if (s.inverted()) {
                        if (!present) {
                            render(s.body(), scopes, escape, out);
                        }
                    } else if (value instanceof List<?> list) {
                        for (Object item : list) {
                            @SuppressWarnings("unchecked")
                            Map<String, Object> scope = (Map<String, Object>) item;
                            List<Map<String, Object>> inner = new ArrayList<>(scopes);
                            inner.add(scope);
                            render(s.body(), inner, escape, out);
                        }
                    } else if (present) {
                        render(s.body(), scopes, escape, out);
                    }
                }
            }
        }
    }

    private static Object lookup(List<Map<String, Object>> scopes, String name) {
        for (int i = scopes.size() - 1; i >= 0; i--) {
            if (scopes.get(i).containsKey(name)) {
                return scopes.get(i).get(name);
            }
        }
        return null;
    }

    private static String where(String source, String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return source + " line " + line;
    }
}
