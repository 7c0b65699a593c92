package dev.baton.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class MaintenanceWindowTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant();
    }

    @Test
    void aWindowCrossingMidnightBelongsToTheDayItOpens() {
        var w = new MaintenanceWindow(EnumSet.of(DayOfWeek.SATURDAY), LocalTime.of(22, 0), Duration.ofHours(4), BERLIN);
        // 2026-03-07 is a Saturday
        assertThat(w.contains(at("2026-03-07T21:59:59", BERLIN))).isFalse();
        assertThat(w.contains(at("2026-03-07T22:00:00", BERLIN))).isTrue();
        assertThat(w.contains(at("2026-03-08T01:59:59", BERLIN))).isTrue();  // Sunday, still Saturday's window
        assertThat(w.contains(at("2026-03-08T02:00:00", BERLIN))).isFalse(); // end is exclusive
        assertThat(w.contains(at("2026-03-08T22:30:00", BERLIN))).isFalse(); // Sunday evening: no window
        assertThat(w.contains(at("2026-03-06T23:00:00", BERLIN))).isFalse(); // Friday
    }

    @Test
    void evaluatedInTheWindowsZoneNotTheHosts() {
        var w = new MaintenanceWindow(EnumSet.of(DayOfWeek.MONDAY), LocalTime.of(1, 0), Duration.ofHours(1), ZoneId.of("Asia/Tokyo"));
        // Monday 01:30 in Tokyo is Sunday 16:30 UTC
        assertThat(w.contains(Instant.parse("2026-03-08T16:30:00Z"))).isTrue();
        assertThat(w.contains(Instant.parse("2026-03-09T01:30:00Z"))).isFalse(); // Monday 01:30 UTC is 10:30 in Tokyo
    }

    @Test
    void everyMinuteOfAWeekAgainstAReference() {
        var w = new MaintenanceWindow(EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.FRIDAY), LocalTime.of(23, 30), Duration.ofMinutes(90),
                ZoneId.of("America/New_York"));
        ZonedDateTime t = ZonedDateTime.of(2026, 6, 1, 0, 0, 0, 0, ZoneId.of("America/New_York"));
        for (int i = 0; i < 7 * 24 * 60; i++, t = t.plusMinutes(1)) {
            LocalTime lt = t.toLocalTime();
            DayOfWeek d = t.getDayOfWeek();
            boolean expected = (lt.compareTo(LocalTime.of(23, 30)) >= 0 && (d == DayOfWeek.TUESDAY || d == DayOfWeek.FRIDAY))
                    || (lt.isBefore(LocalTime.of(1, 0)) && (d == DayOfWeek.WEDNESDAY || d == DayOfWeek.SATURDAY));
            assertThat(w.contains(t.toInstant())).as(t.toString()).isEqualTo(expected);
        }
    }

    @Test
    void daylightSavingChangesKeepTheWallClock() {
        var w = new MaintenanceWindow(EnumSet.allOf(DayOfWeek.class), LocalTime.of(2, 30), Duration.ofHours(1), BERLIN);
        // 2026-03-29: clocks go from 02:00 to 03:00 in Berlin; 02:30 does not exist, the window opens at 03:30 for 1 h
        assertThat(w.contains(Instant.parse("2026-03-29T01:15:00Z"))).isFalse(); // 03:15 CEST
        assertThat(w.contains(Instant.parse("2026-03-29T01:45:00Z"))).isTrue();  // 03:45 CEST
        assertThat(w.contains(Instant.parse("2026-03-29T02:30:00Z"))).isFalse(); // 04:30 CEST
        // a normal day: 02:30-03:30 CET
        assertThat(w.contains(Instant.parse("2026-03-28T01:45:00Z"))).isTrue();
    }

    @Test
    void aWindowLongerThanADay() {
        var w = new MaintenanceWindow(EnumSet.of(DayOfWeek.FRIDAY), LocalTime.of(18, 0), Duration.ofHours(62), ZoneId.of("UTC"));
        assertThat(w.contains(Instant.parse("2026-03-08T12:00:00Z"))).isTrue();  // Sunday noon
        assertThat(w.contains(Instant.parse("2026-03-09T07:59:00Z"))).isTrue();  // Monday 07:59
        assertThat(w.contains(Instant.parse("2026-03-09T08:00:00Z"))).isFalse();
    }

    @Test
    void parsing() {
        assertThat(MaintenanceWindow.parseDays("Fri-Mon")).containsExactlyInAnyOrder(DayOfWeek.FRIDAY, DayOfWeek.SATURDAY,
                DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
        assertThat(MaintenanceWindow.parseDays("*")).hasSize(7);
        assertThat(MaintenanceWindow.parseLength("3h30m")).isEqualTo(Duration.ofMinutes(210));
        assertThat(MaintenanceWindow.parseLength("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(MaintenanceWindow.parseStart("2:05")).isEqualTo(LocalTime.of(2, 5));
        assertThatThrownBy(() -> MaintenanceWindow.parseLength("4 hours")).hasMessageContaining("is not a length");
        assertThatThrownBy(() -> MaintenanceWindow.parseStart("25:00")).hasMessageContaining("is not a time of day");
    }
}
