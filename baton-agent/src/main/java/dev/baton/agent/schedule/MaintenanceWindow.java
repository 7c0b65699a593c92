package dev.baton.agent.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import dev.baton.client.Lengths;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When a new update run may start: on {@code days}, from {@code start} (wall-clock time in {@code zone})
 * for {@code length}. A window may cross midnight ({@code Sat 22:00} for 4 h ends Sunday 02:00) and may
 * be longer than a day; the days are the days a window <em>opens</em>. Daylight-saving changes are
 * handled by {@link ZonedDateTime}: a window opening in a skipped hour opens that much later (02:30 becomes 03:30
 * when the clocks jump from 02:00 to 03:00) and still lasts {@code length}.
 */
public record MaintenanceWindow(Set<DayOfWeek> days, LocalTime start, Duration length, ZoneId zone) {

    public MaintenanceWindow {
        days = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(days);
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("the window length must be positive");
        }
    }

    /** Whether {@code now} falls inside one of the windows. */
    public boolean contains(Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        long back = length.toDays() + 1;
        for (long i = 0; i <= back; i++) {
            LocalDate day = today.minusDays(i);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime opens = ZonedDateTime.of(day, start, zone);
            Instant from = opens.toInstant();
            Instant to = opens.plus(length).toInstant();
            if (!now.isBefore(from) && now.isBefore(to)) {
                return true;
            }
        }
        return false;
    }

    /** Parses a comma list of days ({@code Mon,Tue} or {@code Mon-Fri} or {@code *}). */
    public static Set<DayOfWeek> parseDays(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (text.strip().equals("*")) {
            return EnumSet.allOf(DayOfWeek.class);
        }
        for (String part : text.split(",")) {
            String p = part.strip();
            int dash = p.indexOf('-');
            if (dash > 0) {
                DayOfWeek from = DateConstraint.day(p, p.substring(0, dash).strip());
                DayOfWeek to = DateConstraint.day(p, p.substring(dash + 1).strip());
                for (DayOfWeek d = from; ; d = d.plus(1)) {
                    days.add(d);
                    if (d == to) {
                        break;
                    }
                }
            } else {
                days.add(DateConstraint.day(p, p));
            }
        }
        return days;
    }

    /** Parses {@code 22:00} or {@code 02:30}. */
    public static LocalTime parseStart(String text) {
        try {
            return LocalTime.parse(text.strip().length() == 4 ? "0" + text.strip() : text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a time of day (HH:MM, e.g. 22:00)");
        }
    }

    /** Parses {@code 90m}, {@code 4h}, {@code 1d}, {@code 3h30m}, or an ISO-8601 {@code PT4H} (see {@link Lengths}). */
    public static Duration parseLength(String text) {
        return Lengths.parse(text);
    }

    @Override
    public String toString() {
        return days.stream().map(d -> d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(",")) + " " + start + " for " + length.toString().substring(2).toLowerCase(Locale.ROOT)
                + " (" + zone + ")";
    }
}
