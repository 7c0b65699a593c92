package dev.baton.agent.config;

/**
 * One thing wrong (or doubtful) in a configuration file.
 *
 * @param severity {@link Severity#ERROR} stops the agent, {@link Severity#WARNING} does not
 * @param line     1-based line in {@code file}, or 0 when the problem is not on one line (a missing key)
 * @param key      the key concerned, or {@code null}
 */
public record ConfigProblem(Severity severity, String file, int line, String key, String message) {

    public enum Severity { ERROR, WARNING }

    public static ConfigProblem error(String file, int line, String key, String message) {
        return new ConfigProblem(Severity.ERROR, file, line, key, message);
    }

    public static ConfigProblem warning(String file, int line, String key, String message) {
        return new ConfigProblem(Severity.WARNING, file, line, key, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code config.ini:12: error: wait_max: "soon" is not a whole number of seconds}, the way compilers say it. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        if (key != null) {
            out.append(key).append(": ");
        }
        return out.append(message).toString();
    }
}
