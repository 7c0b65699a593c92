package dev.baton.agent.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Only on the N-th such weekday of the month", as DLMEngineUpdater's {@code --date_constraint}:
 * {@code 2:Tue} matches the second Tuesday (day 8 to 14), {@code 5:Fri} the fifth Friday (day 29 to 31,
 * so not every month has one). A comma list is an OR: {@code "2:Tue,4:Fri"}.
 *
 * <p>Day names are the first three letters in English, any case; full names are accepted too.
 * N is 1 to 5; an empty item ({@code ","}, {@code "2:Tue,"}) is an error, not "no day". Evaluated on a calendar
 * date; the caller decides the time zone.
 */
public record DateConstraint(List<Term> terms) {

    /** One {@code N:Day}. */
    public record Term(int nth, DayOfWeek day) {
        public boolean matches(LocalDate date) {
            return date.getDayOfWeek() == day && (date.getDayOfMonth() - 1) / 7 + 1 == nth;
        }

        @Override
        public String toString() {
            return nth + ":" + day.name().charAt(0) + day.name().substring(1, 3).toLowerCase(Locale.ROOT);
        }
    }

    public DateConstraint {
        terms = List.copyOf(terms);
    }

    /**
     * Parses {@code "2:Tue,4:Fri"}.
     *
     * @throws IllegalArgumentException with a message naming the bad part
     */
    public static DateConstraint parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the date constraint is empty (expected N:Day[,N:Day...], e.g. 2:Tue,4:Fri)");
        }
        List<Term> terms = new ArrayList<>();
        // -1: keep trailing empty items, so "2:Tue," is refused like ",2:Tue" (a bare "," once meant "never", silently)
        for (String part : text.split(",", -1)) {
            String p = part.strip();
            if (p.isEmpty()) {
                throw new IllegalArgumentException("\"" + text.strip() + "\" has an empty item (expected N:Day[,N:Day...], "
                        + "e.g. 2:Tue,4:Fri, with no comma before, after or next to another)");
            }
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("\"" + p + "\" is not N:Day (e.g. 2:Tue)");
            }
            int nth;
            try {
                nth = Integer.parseInt(p.substring(0, colon).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + p + "\": \"" + p.substring(0, colon).strip() + "\" is not a number from 1 to 5");
            }
            if (nth < 1 || nth > 5) {
                throw new IllegalArgumentException("\"" + p + "\": " + nth + " is out of range (the N-th weekday of a month is 1 to 5)");
            }
            terms.add(new Term(nth, day(p, p.substring(colon + 1).strip())));
        }
        return new DateConstraint(terms);
    }

    static DayOfWeek day(String context, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (n.equals(full) || n.equals(full.substring(0, 3))) {
                return d;
            }
        }
        throw new IllegalArgumentException("\"" + context + "\": \"" + name + "\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)");
    }

    public boolean matches(LocalDate date) {
        return terms.stream().anyMatch(t -> t.matches(date));
    }

    @Override
    public String toString() {
        return String.join(",", terms.stream().map(Term::toString).toList());
    }
}
