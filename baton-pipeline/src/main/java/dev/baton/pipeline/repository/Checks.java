package dev.baton.pipeline.repository;

import dev.baton.lock.BadRequestException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The argument checks the repository domain shares; each refusal names what is wrong and what is expected. */
final class Checks {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private Checks() {
    }

    static String sha256(String what, String value) {
        if (value == null || !SHA256.matcher(value).matches()) {
            throw new BadRequestException(what + " must be a SHA-256 of 64 lower-case hex digits, got '" + value + "'");
        }
        return value;
    }

    /** A repository or remote name: it becomes a URL path segment and a directory name. */
    static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new BadRequestException(what + " must be 1 to 100 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, got '" + value + "'");
        }
        return value;
    }

    /** Who and why of a change: both required, both kept in its history. */
    static void actorAndReason(String actor, String reason) {
        if (actor == null || actor.isBlank()) {
            throw new BadRequestException("every change needs an actor (who made it)");
        }
        if (reason == null || reason.isBlank()) {
            throw new BadRequestException("every change needs a reason (why); give one with --reason");
        }
        if (reason.length() > 2000) {
            throw new BadRequestException("a reason is at most 2000 characters, got " + reason.length());
        }
    }

    static String keyId(String value) {
        if (value == null || !value.matches("[0-9A-Fa-f]{16}")) {
            throw new BadRequestException("a key id must be 16 hex digits, got '" + value + "'");
        }
        return value.toUpperCase(Locale.ROOT);
    }
}
