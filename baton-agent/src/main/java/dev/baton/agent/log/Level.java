package dev.baton.agent.log;

import java.util.Locale;

/** Log levels, with the names the seeds' Python clients accept ({@code DEBUG}, {@code INFO}, {@code WARNING}, ...). */
public enum Level {
    DEBUG, INFO, WARNING, ERROR;

    /** Parses a level name; {@code WARN}, {@code CRITICAL}, {@code FATAL} are accepted; null when unknown. */
    public static Level named(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "DEBUG", "TRACE", "NOTSET" -> DEBUG;
            case "INFO" -> INFO;
            case "WARNING", "WARN" -> WARNING;
            case "ERROR", "CRITICAL", "FATAL" -> ERROR;
            default -> null;
        };
    }
}
