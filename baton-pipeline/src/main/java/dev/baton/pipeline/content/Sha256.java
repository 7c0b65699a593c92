package dev.baton.pipeline.content;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** SHA-256 digests as the content store names them: 64 lower-case hex digits. */
final class Sha256 {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** The digest in lower case; refused (with what was given) unless it is 64 hex digits. */
    static String normalize(String sha256) {
        String lower = sha256 == null ? null : sha256.toLowerCase(Locale.ROOT);
        requireValid(lower);
        return lower;
    }

    static void requireValid(String sha256) {
        if (sha256 == null || !HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a SHA-256 must be 64 hex digits, got '" + abbreviate(sha256) + "'");
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
