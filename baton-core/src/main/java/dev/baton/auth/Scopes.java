package dev.baton.auth;

import dev.baton.lock.BadRequestException;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Scopes limit a user or credential to lock and host names: globs where {@code *} is any run of characters and
 * {@code ?} one character ({@code web-*}, {@code db-??}); anything else matches itself. No scopes: everything.
 */
public final class Scopes {

    /** Longest pattern accepted. */
    public static final int MAX_LENGTH = 255;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@*?/-]+");

    private Scopes() {
    }

    /** {@code pattern}, or 400 naming what is wrong with it. */
    public static String check(String pattern) {
        if (pattern == null || pattern.isBlank() || pattern.length() > MAX_LENGTH || !ALLOWED.matcher(pattern).matches()) {
            throw new BadRequestException("scope '" + pattern + "' is not a name pattern: use 1 to " + MAX_LENGTH
                    + " letters, digits, '.', '-', '_', ':', '@', '/' and the wildcards '*' and '?', e.g. web-*");
        }
        return pattern;
    }

    /** Whether {@code name} matches one of {@code scopes}; true when there are none. Case-insensitive, as host names are. */
    public static boolean matches(Collection<String> scopes, String name) {
        if (scopes.isEmpty()) {
            return true;
        }
        for (String scope : scopes) {
            if (glob(scope.toLowerCase(java.util.Locale.ROOT), 0, name.toLowerCase(java.util.Locale.ROOT), 0)) {
                return true;
            }
        }
        return false;
    }

    /** Iterative glob match with backtracking to the last {@code *}: linear in practice, no regex. */
    private static boolean glob(String p, int pi, String s, int si) {
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }
}
