package dev.baton.agent.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class DateConstraintTest {

    /** The reference: count the same weekdays from the 1st up to the date, the slow and obvious way. */
    private static int nthOfMonth(LocalDate date) {
        int n = 0;
        for (LocalDate d = date.withDayOfMonth(1); !d.isAfter(date); d = d.plusDays(1)) {
            if (d.getDayOfWeek() == date.getDayOfWeek()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void everyNAndEveryDayOverWholeYears() {
        int matches = 0;
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2028, 1, 1)); d = d.plusDays(1)) {
            for (int n = 1; n <= 5; n++) {
                for (DayOfWeek day : DayOfWeek.values()) {
                    DateConstraint c = DateConstraint.parse(n + ":" + day.name().substring(0, 3));
                    boolean expected = d.getDayOfWeek() == day && nthOfMonth(d) == n;
                    assertThat(c.matches(d)).as("%s:%s on %s", n, day, d).isEqualTo(expected);
                    if (expected) {
                        matches++;
                    }
                }
            }
        }
        assertThat(matches).isEqualTo(4 * 365 + 1); // every day is exactly one N-th weekday
    }

    @Test
    void eachTermMatchesExactlyOnceInEveryMonthExceptTheFifth() {
        for (YearMonth m = YearMonth.of(2026, 1); m.isBefore(YearMonth.of(2027, 1)); m = m.plusMonths(1)) {
            for (DayOfWeek day : DayOfWeek.values()) {
                for (int n = 1; n <= 5; n++) {
                    DateConstraint c = DateConstraint.parse(n + ":" + day);
                    long hits = m.atDay(1).datesUntil(m.atEndOfMonth().plusDays(1)).filter(c::matches).count();
                    long weekdays = m.atDay(1).datesUntil(m.atEndOfMonth().plusDays(1)).filter(d -> d.getDayOfWeek() == day).count();
                    assertThat(hits).as("%s %s:%s", m, n, day).isEqualTo(n <= weekdays ? 1 : 0);
                }
            }
        }
    }

    @Test
    void aCommaListIsAnOr() {
        DateConstraint c = DateConstraint.parse("2:Tue, 4:fri");
        assertThat(c.matches(LocalDate.of(2026, 1, 13))).isTrue();  // 2nd Tuesday
        assertThat(c.matches(LocalDate.of(2026, 1, 23))).isTrue();  // 4th Friday
        assertThat(c.matches(LocalDate.of(2026, 1, 6))).isFalse();  // 1st Tuesday
        assertThat(c.matches(LocalDate.of(2026, 1, 16))).isFalse(); // 3rd Friday
        assertThat(c.toString()).isEqualTo("2:Tue,4:Fri");
    }

    @Test
    void badConstraintsSayWhatIsWrong() {
        assertThatThrownBy(() -> DateConstraint.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> DateConstraint.parse("Tue")).hasMessage("\"Tue\" is not N:Day (e.g. 2:Tue)");
        assertThatThrownBy(() -> DateConstraint.parse("0:Tue")).hasMessageContaining("0 is out of range");
        assertThatThrownBy(() -> DateConstraint.parse("x:Tue")).hasMessageContaining("\"x\" is not a number from 1 to 5");
        assertThatThrownBy(() -> DateConstraint.parse("2:Tue,3:Tuesdayy")).hasMessageContaining("\"Tuesdayy\" is not a day");
    }

    @Test
    void emptyItemsAreRejectedNotIgnored() {
        // "," once parsed to no terms at all, which matched no day: updates were off, silently
        for (String bad : new String[] {",", " , ", ",,", "2:Tue,", ",2:Tue", "2:Tue,,4:Fri", "2:Tue, ,4:Fri"}) {
            assertThatThrownBy(() -> DateConstraint.parse(bad)).as(bad)
                    .hasMessageContaining("an empty item").hasMessageContaining("N:Day[,N:Day...]");
        }
    }
}
