package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * To whom, what and how often: notices of {@code kinds} whose subject matches one of {@code scopes} go to
 * channel {@code channelId}, at once or in an hourly or daily digest.
 *
 * @param id     assigned by the store; 0 before it is stored
 * @param kinds  the kinds it subscribes to (at least one)
 * @param scopes globs over the lock or host name ({@code web-*}, {@code db?.example.com}); empty: everything.
 *               A fleet-wide notice (no subject) matches every rule of its kind.
 */
public record Rule(long id, Set<String> kinds, List<String> scopes, long channelId, Frequency frequency) {

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
    }

    public Rule withId(long newId) {
        return new Rule(newId, kinds, scopes, channelId, frequency);
    }

    public boolean matches(Notice notice) {
        if (!kinds.contains(notice.kind())) {
            return false;
        }
        if (scopes.isEmpty() || notice.subject() == null) {
            return true;
        }
        return scopes.stream().anyMatch(s -> glob(s).matcher(notice.subject()).matches());
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
