package dev.baton.agent.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dotenv file ({@code KEY=value} lines) as DLMEngineUpdater 1.0 reads it: optional {@code export },
 * single- or double-quoted values, {@code #} comments (whole line, or after an unquoted value following a
 * space). Keys are matched case-insensitively (stored lower-case), like the settings library the original uses.
 */
public final class DotenvFile {

    private final Map<String, IniFile.Entry> entries = new LinkedHashMap<>();
    private final List<ConfigProblem> problems = new ArrayList<>();

    private DotenvFile() {
    }

    public static DotenvFile parse(String file, String text) {
        DotenvFile env = new DotenvFile();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                env.problems.add(ConfigProblem.error(file, lineNo, null, "expected KEY=value, found \"" + IniFile.abbreviate(line) + "\""));
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String rest = line.substring(eq + 1).strip();
            String value;
            if (rest.startsWith("\"") || rest.startsWith("'")) {
                char quote = rest.charAt(0);
                int end = rest.indexOf(quote, 1);
                if (end < 0) {
                    env.problems.add(ConfigProblem.error(file, lineNo, key, "the value's opening " + quote + " is never closed"));
                    continue;
                }
                value = rest.substring(1, end);
                if (quote == '"') {
                    value = value.replace("\\n", "\n").replace("\\\"", "\"");
                }
            } else {
                int hash = rest.indexOf(" #");
                value = (hash >= 0 ? rest.substring(0, hash) : rest).strip();
            }
            IniFile.Entry previous = env.entries.get(key);
            if (previous != null) {
                env.problems.add(ConfigProblem.warning(file, lineNo, key, "given twice (first on line " + previous.line() + "); this one wins"));
            }
            env.entries.put(key, new IniFile.Entry(key, value, lineNo));
        }
        return env;
    }

    public Map<String, IniFile.Entry> entries() {
        return entries;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
