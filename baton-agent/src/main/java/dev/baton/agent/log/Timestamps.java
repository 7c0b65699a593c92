package dev.baton.agent.log;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Time stamps in UTC, formatted by hand: {@code java.time.format} (behind {@link Instant#toString()} and
 * {@code DateTimeFormatter}) takes 10-20 ms to initialise in a fresh JVM, and a timer run with nothing to do has
 * about 100 ms in all.
 */
public final class Timestamps {

    private Timestamps() {
    }

    /** ISO-8601 with nanoseconds, {@code 2026-11-22T03:12:19.289009518Z}, which {@link Instant#parse} reads. */
    public static String iso(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return t.toString();
        }
        StringBuilder b = new StringBuilder(30);
        b.append(d.getYear()).append('-');
        two(b, d.getMonthValue()).append('-');
        two(b, d.getDayOfMonth()).append('T');
        two(b, d.getHour()).append(':');
        two(b, d.getMinute()).append(':');
        two(b, d.getSecond()).append('.');
        String nanos = Integer.toString(t.getNano());
        b.append("000000000", 0, 9 - nanos.length()).append(nanos);
        return b.append('Z').toString();
    }

    /** {@code 20261122T031219Z}: to the second, no separators (run ids). */
    public static String compact(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder b = new StringBuilder(16).append(d.getYear());
        two(b, d.getMonthValue());
        two(b, d.getDayOfMonth()).append('T');
        two(b, d.getHour());
        two(b, d.getMinute());
        two(b, d.getSecond());
        return b.append('Z').toString();
    }

    /** Days since 1970-01-01 in UTC. */
    public static long epochDay(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), 86_400);
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return (v < 10 ? b.append('0') : b).append(v);
    }
}
