package dev.baton.agent.config;

import dev.baton.agent.schedule.MaintenanceWindow;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Set;

/**
 * The maintenance window of {@code window_days}, {@code window_start}, {@code window_length} and {@code window_zone}:
 * none of them means no window; any of them needs the first three.
 */
final class WindowSettings {

    private WindowSettings() {
    }

    /** The window, or null when none is configured or it has errors (each reported on its key). */
    static MaintenanceWindow read(Settings s) {
        String days = s.str("window_days");
        String start = s.str("window_start");
        String length = s.str("window_length");
        String zone = s.str("window_zone");
        if (days == null && start == null && length == null && zone == null) {
            return null;
        }
        boolean ok = true;
        if (days == null) {
            s.missing("window_days", "a window needs its days, e.g. Sat,Sun or Mon-Fri");
            ok = false;
        }
        if (start == null) {
            s.missing("window_start", "a window needs its start time, e.g. 22:00");
            ok = false;
        }
        if (length == null) {
            s.missing("window_length", "a window needs its length, e.g. 4h");
            ok = false;
        }
        Set<DayOfWeek> parsedDays = null;
        LocalTime parsedStart = null;
        Duration parsedLength = null;
        ZoneId parsedZone = ZoneId.systemDefault();
        try {
            parsedDays = days == null ? null : MaintenanceWindow.parseDays(days);
        } catch (IllegalArgumentException e) {
            s.error("window_days", e.getMessage());
            ok = false;
        }
        try {
            parsedStart = start == null ? null : MaintenanceWindow.parseStart(start);
        } catch (IllegalArgumentException e) {
            s.error("window_start", e.getMessage());
            ok = false;
        }
        try {
            parsedLength = length == null ? null : MaintenanceWindow.parseLength(length);
            if (parsedLength != null && parsedLength.isZero()) {
                s.error("window_length", "must be longer than zero");
                ok = false;
            }
        } catch (IllegalArgumentException e) {
            s.error("window_length", e.getMessage());
            ok = false;
        }
        if (zone != null) {
            try {
                parsedZone = ZoneId.of(zone);
            } catch (DateTimeException e) {
                s.error("window_zone", "\"" + zone + "\" is not a time zone (e.g. Europe/Berlin, UTC)");
                ok = false;
            }
        }
        return ok ? new MaintenanceWindow(parsedDays, parsedStart, parsedLength, parsedZone) : null;
    }
}
