package dev.baton.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An INI file read the way Python's {@code configparser} reads it (the seeds' clients use it), but
 * remembering the line of every key so problems can point at it.
 *
 * <p>Accepted: {@code [section]} headers, {@code key = value} and {@code key: value}, whole-line comments
 * starting with {@code #} or {@code ;}, indented continuation lines, blank lines. Keys are case-insensitive
 * (stored lower-case); values are trimmed; inline comments are part of the value, as in configparser.
 * Syntax problems are collected, never thrown.
 */
public final class IniFile {

    /** A value and the line it was read from. */
    public record Entry(String key, String value, int line) {
    }

    private final String file;
    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();
    private final Map<String, Integer> sectionLines = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private IniFile(String file) {
        this.file = file;
    }

    public static IniFile parse(String file, String text) {
        IniFile ini = new IniFile(file);
        ini.read(text);
        return ini;
    }

    private void read(String text) {
        String[] lines = text.split("\r?\n", -1);
        Map<String, Entry> current = null;
        String currentName = null;
        Entry last = null;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty()) {
                last = null;
                continue;
            }
            if (line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            boolean indented = Character.isWhitespace(raw.charAt(0));
            if (indented && last != null) {
                // continuation of the previous value
                Entry joined = new Entry(last.key(), last.value().isEmpty() ? line : last.value() + "\n" + line, last.line());
                current.put(joined.key(), joined);
                last = joined;
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    problems.add(ConfigProblem.error(file, lineNo, null, "malformed section header \"" + line + "\" (expected [name])"));
                    current = null;
                    currentName = null;
                    last = null;
                    continue;
                }
                currentName = line.substring(1, line.length() - 1).strip();
                if (sections.containsKey(currentName)) {
                    problems.add(ConfigProblem.error(file, lineNo, null, "section [" + currentName + "] appears twice (first on line "
                            + sectionLines.get(currentName) + ")"));
                    current = sections.get(currentName);
                } else {
                    current = new LinkedHashMap<>();
                    sections.put(currentName, current);
                    sectionLines.put(currentName, lineNo);
                }
                last = null;
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                problems.add(ConfigProblem.error(file, lineNo, null, sep == 0 ? "a key is missing before \"" + line.charAt(0) + "\""
                        : "expected \"key = value\", found \"" + abbreviate(line) + "\""));
                last = null;
                continue;
            }
            String key = line.substring(0, sep).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(sep + 1).strip();
            if (current == null) {
                problems.add(ConfigProblem.error(file, lineNo, key, "key outside of any section (add a [main] or [baton] header above it)"));
                last = null;
                continue;
            }
            Entry previous = current.get(key);
            if (previous != null) {
                problems.add(ConfigProblem.error(file, lineNo, key, "given twice in [" + currentName + "] (first on line " + previous.line() + ")"));
            }
            last = new Entry(key, value, lineNo);
            current.put(key, last);
        }
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    public int sectionLine(String name) {
        return sectionLines.getOrDefault(name, 0);
    }

    /** The section's entries in file order; empty when the section is missing. */
    public Map<String, Entry> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    public Iterable<String> sectionNames() {
        return sections.keySet();
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
