package dev.baton.client;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Lengths of time as people type them on the command line and in the agent's configuration: {@code 90m},
 * {@code 4h}, {@code 1d}, {@code 3h30m}, {@code 45s}, or ISO-8601 ({@code PT4H}, {@code P3D}). Shared by the
 * agent and the admin CLI so both read the same forms.
 */
public final class Lengths {

    private Lengths() {
    }

    /** Parses {@code 90m}, {@code 4h}, {@code 1d}, {@code 3h30m}, or an ISO-8601 {@code PT4H}, {@code P3D}. */
    public static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            Duration total = Duration.ZERO;
            int i = 0;
            if (t.isEmpty()) {
                throw new IllegalArgumentException();
            }
            while (i < t.length()) {
                int j = i;
                while (j < t.length() && Character.isDigit(t.charAt(j))) {
                    j++;
                }
                if (j == i || j == t.length()) {
                    throw new IllegalArgumentException();
                }
                long n = Long.parseLong(t.substring(i, j));
                total = switch (t.charAt(j)) {
                    case 'd' -> total.plusDays(n);
                    case 'h' -> total.plusHours(n);
                    case 'm' -> total.plusMinutes(n);
                    case 's' -> total.plusSeconds(n);
                    default -> throw new IllegalArgumentException();
                };
                i = j + 1;
            }
            return total;
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a length (e.g. 4h, 90m, 1d, 3h30m)");
        }
    }
}
