package dev.baton.console.view;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the console shows them: relative ("3 min ago") and absolute in UTC. A small script on the page adds the
 * viewer's own zone from the {@code datetime} attribute; without it the page still says everything in UTC.
 */
public final class Times {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** ISO-8601, for the {@code datetime} attribute. */
    public static String iso(Instant at) {
        return at == null ? "" : DateTimeFormatter.ISO_INSTANT.format(at);
    }

    public static String utc(Instant at) {
        return at == null ? "never" : UTC.format(at);
    }

    /** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "in ..." for a time ahead. */
    public static String relative(Instant at, Instant now) {
        if (at == null) {
            return "never";
        }
        Duration d = Duration.between(at, now);
        boolean ahead = d.isNegative();
        String span = span(d.abs());
        if (span == null) {
            return "just now";
        }
        return ahead ? "in " + span : span + " ago";
    }

    /** A duration as "42 s", "5 min", "3 h 10 min", "2 d"; null under a second. */
    public static String span(Duration d) {
        long s = d.toSeconds();
        if (s < 1) {
            return null;
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min";
        }
        if (s < 86_400) {
            long m = (s % 3600) / 60;
            return (s / 3600) + " h" + (m > 0 ? " " + m + " min" : "");
        }
        return (s / 86_400) + " d";
    }

    /** A duration for a setting: "off" when null. */
    public static String setting(Duration d) {
        if (d == null) {
            return "off";
        }
        String span = span(d);
        return span == null ? d.toMillis() + " ms" : span;
    }
}
