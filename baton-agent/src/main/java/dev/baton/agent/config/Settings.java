package dev.baton.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to the key/value pairs of one configuration file, under canonical key names, collecting
 * a {@link ConfigProblem} (with the key's line) for every value that does not parse. Package-private:
 * {@link ConfigLoader} is the only user.
 */
final class Settings {

    /** "wait forever": long enough for any host, short enough to add to an {@link java.time.Instant}. */
    static final Duration FOREVER = Duration.ofDays(36_500);

    private final String file;
    private final Map<String, IniFile.Entry> entries;
    private final List<ConfigProblem> problems;
    private final Map<String, String> displayNames;
    private final Set<String> read = new HashSet<>();

    /**
     * @param entries      canonical key to entry
     * @param displayNames canonical key to the name the file uses ({@code foreman_url} for {@code endpoint})
     */
    Settings(String file, Map<String, IniFile.Entry> entries, Map<String, String> displayNames, List<ConfigProblem> problems) {
        this.file = file;
        this.entries = entries;
        this.displayNames = displayNames;
        this.problems = problems;
    }

    String name(String key) {
        return displayNames.getOrDefault(key, key);
    }

    boolean has(String key) {
        return str(key) != null;
    }

    int line(String key) {
        IniFile.Entry e = entries.get(key);
        return e == null ? 0 : e.line();
    }

    /** The value, or null when absent or empty (an empty value means "not set", as in the seeds' files). */
    String str(String key) {
        read.add(key);
        IniFile.Entry e = entries.get(key);
        return e == null || e.value().isBlank() ? null : e.value();
    }

    String str(String key, String fallback) {
        String v = str(key);
        return v == null ? fallback : v;
    }

    String required(String key, String what) {
        String v = str(key);
        if (v == null) {
            missing(key, what);
        }
        return v;
    }

    void missing(String key, String what) {
        IniFile.Entry e = entries.get(key);
        problems.add(ConfigProblem.error(file, e == null ? 0 : e.line(), name(key),
                (e == null ? "required key is missing" : "required key is empty") + " (" + what + ")"));
    }

    void error(String key, String message) {
        problems.add(ConfigProblem.error(file, line(key), name(key), message));
    }

    void warning(String key, String message) {
        problems.add(ConfigProblem.warning(file, line(key), name(key), message));
    }

    Path path(String key, Path fallback) {
        String v = str(key);
        return v == null ? fallback : Path.of(v);
    }

    boolean bool(String key, boolean fallback) {
        String v = str(key);
        if (v == null) {
            return fallback;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "yes", "true", "on" -> {
                return true;
            }
            case "0", "no", "false", "off" -> {
                return false;
            }
            default -> {
                error(key, "\"" + v + "\" is not a boolean (use true or false)");
                return fallback;
            }
        }
    }

    int integer(String key, int fallback, int min) {
        String v = str(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min) {
                error(key, n + " is too small (at least " + min + ")");
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            error(key, "\"" + v + "\" is not a whole number");
            return fallback;
        }
    }

    /** Whole seconds; {@code forever} (or -1) when {@code foreverAllowed}. */
    Duration seconds(String key, Duration fallback, boolean foreverAllowed) {
        String v = str(key);
        if (v == null) {
            return fallback;
        }
        if (foreverAllowed && (v.equalsIgnoreCase("forever") || v.equals("-1"))) {
            return FOREVER;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > FOREVER.toSeconds()) {
                error(key, n + " is out of range (0 to " + FOREVER.toSeconds() + " seconds" + (foreverAllowed ? ", or forever)" : ")"));
                return fallback;
            }
            return Duration.ofSeconds(n);
        } catch (NumberFormatException e) {
            error(key, "\"" + v + "\" is not a whole number of seconds" + (foreverAllowed ? " (or forever)" : ""));
            return fallback;
        }
    }

    URI url(String key) {
        String v = str(key);
        if (v == null) {
            return null;
        }
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                error(key, "\"" + v + "\" is not an http:// or https:// URL with a host name");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            error(key, "\"" + v + "\" is not a URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
            return null;
        }
    }

    List<String> list(String key) {
        String v = str(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String s : v.split("[,\\s]+")) {
                if (!s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** Keys present in the file but never asked for. */
    List<String> unread() {
        List<String> out = new ArrayList<>();
        for (String k : entries.keySet()) {
            if (!read.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }
}
