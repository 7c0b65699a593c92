package dev.baton.web.dlmengine;

import dev.baton.lock.BadRequestException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A client's regular expression (DLM Engine's {@code lock_id}, {@code locks} and {@code acquired_by} filters), run
 * with bounds so that a hostile or careless pattern cannot take the server's CPU: the pattern is at most
 * {@link #MAX_PATTERN} characters, and each match may read at most {@link #MAX_STEPS} characters of its input
 * (catastrophic backtracking reads the same characters over and over), after which the request is refused with
 * 400. Inputs are lock names and holders, at most 255 characters.
 */
final class SafeRegex {

    static final int MAX_PATTERN = 200;
    static final long MAX_STEPS = 200_000;

    private final Pattern pattern;
    private final String parameter;

    private SafeRegex(Pattern pattern, String parameter) {
        this.pattern = pattern;
        this.parameter = parameter;
    }

    /** Null or empty matches everything. @throws BadRequestException for a bad or too long pattern */
    static SafeRegex compile(String regex, String parameter) {
        if (regex == null || regex.isEmpty()) {
            return new SafeRegex(null, parameter);
        }
        if (regex.length() > MAX_PATTERN) {
            throw new BadRequestException(parameter + " is longer than " + MAX_PATTERN + " characters");
        }
        try {
            return new SafeRegex(Pattern.compile(regex), parameter);
        } catch (PatternSyntaxException e) {
            throw new BadRequestException(parameter + " is not a valid regular expression: " + e.getDescription());
        }
    }

    /** Whether the pattern is found in {@code input} (as MongoDB's {@code $regex} does). */
    boolean find(String input) {
        if (pattern == null) {
            return true;
        }
        try {
            return pattern.matcher(new Bounded(input)).find();
        } catch (TooExpensive e) {
            throw new BadRequestException(parameter + " takes too long to match; simplify the regular expression");
        }
    }

    private static final class TooExpensive extends RuntimeException {
        TooExpensive() {
            super(null, null, false, false);
        }
    }

    /** A string that counts how often it is read and gives up past the bound. */
    private static final class Bounded implements CharSequence {
        private final String text;
        private long steps;

        Bounded(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_STEPS) {
                throw new TooExpensive();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
