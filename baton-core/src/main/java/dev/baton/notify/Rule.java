package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * To whom, what and how often: notices of {@code kinds} whose subject matches one of {@code scopes} go to
 * channel {@code channelId}, at once or in an hourly or daily digest.
 *
 * <p>For the kinds raised once a condition has lasted a while ({@link NotificationKinds#takesThreshold}: a wait, a
 * silence) the rule may set how long: {@code after}. Each rule then hears of each wait or silence once, when it has
 * lasted longer than the rule's own threshold.
 *
 * @param id     assigned by the store; 0 before it is stored
 * @param kinds  the kinds it subscribes to (at least one)
 * @param scopes globs over the lock or host name ({@code web-*}, {@code db?.example.com}); empty: everything.
 *               A fleet-wide notice (no subject) matches every rule of its kind.
 * @param after  for kinds that take a threshold: a wait or silence longer than this is told; null: the kind's
 *               {@linkplain NotificationKinds#defaultThreshold default}. Whole seconds, positive, at most
 *               {@link #MAX_AFTER}.
 */
public record Rule(long id, Set<String> kinds, List<String> scopes, long channelId, Frequency frequency, Duration after) {

    /** The longest threshold a rule may set: ten years. */
    public static final Duration MAX_AFTER = Duration.ofDays(3650);

    public Rule {
        if (kinds == null || kinds.isEmpty()) {
            throw new BadRequestException("a rule needs one or more notification kinds");
        }
        kinds = Set.copyOf(kinds);
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        for (String s : scopes) {
            if (s == null || s.isBlank() || s.length() > 255) {
                throw new BadRequestException("a rule's scope is a lock or host name pattern such as web-*, got '" + s + "'");
            }
        }
        if (frequency == null) {
            throw new BadRequestException("a rule needs a frequency: immediately, hourly or daily");
        }
        if (after != null) {
            checkThreshold(after);
        }
    }

    /** A rule without a threshold of its own. */
    public Rule(long id, Set<String> kinds, List<String> scopes, long channelId, Frequency frequency) {
        this(id, kinds, scopes, channelId, frequency, null);
    }

    public Rule withId(long newId) {
        return new Rule(newId, kinds, scopes, channelId, frequency, after);
    }

    /** How long a condition of {@code kind} must last before this rule hears of it: its own threshold, or the kind's default. */
    public Duration threshold(String kind, NotificationKinds registry) {
        return after != null ? after : registry.defaultThreshold(kind).orElseThrow(
                () -> new IllegalArgumentException(kind + " takes no threshold"));
    }

    /** Refuses a threshold that is not a positive whole number of seconds up to {@link #MAX_AFTER}. */
    static void checkThreshold(Duration after) {
        if (after == null || after.isNegative() || after.isZero() || after.getNano() != 0 || after.compareTo(MAX_AFTER) > 0) {
            throw new BadRequestException("a rule's threshold ('after') must be a positive whole number of seconds up to "
                    + "3650 days, such as PT30M (30 minutes) or P3D (3 days); got " + after);
        }
    }

    public boolean matches(Notice notice) {
        return matches(notice.kind(), notice.subject());
    }

    /** Whether a notice of {@code kind} about {@code subject} (null: the fleet) is for this rule. */
    public boolean matches(String kind, String subject) {
        if (!kinds.contains(kind)) {
            return false;
        }
        if (scopes.isEmpty() || subject == null) {
            return true;
        }
        return scopes.stream().anyMatch(s -> glob(s).matcher(subject).matches());
    }

    /** A duration for people, exactly: {@code 3 days}, {@code 1 h 30 min}, {@code 45 s}. */
    public static String describe(Duration d) {
        List<String> parts = new ArrayList<>();
        long days = d.toDays();
        if (days > 0) {
            parts.add(days + (days == 1 ? " day" : " days"));
        }
        if (d.toHoursPart() > 0) {
            parts.add(d.toHoursPart() + " h");
        }
        if (d.toMinutesPart() > 0) {
            parts.add(d.toMinutesPart() + " min");
        }
        if (d.toSecondsPart() > 0 || parts.isEmpty()) {
            parts.add(d.toSecondsPart() + " s");
        }
        return String.join(" ", parts);
    }

    /** {@code *} any run of characters, {@code ?} one character, everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
            re.append(switch (part) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(part);
            });
        }
        return Pattern.compile(re.toString());
    }
}
