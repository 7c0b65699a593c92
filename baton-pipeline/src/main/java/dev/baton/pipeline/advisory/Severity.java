package dev.baton.pipeline.advisory;

import dev.baton.lock.BadRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How urgent a security advisory is, Red Hat's scale as updateinfo.xml's {@code severity} spells it. */
public enum Severity {
    CRITICAL, IMPORTANT, MODERATE, LOW;

    /** {@code Critical}, {@code Important}, ... */
    public String wireName() {
        return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a severity in any case; blank, {@code None} and {@code null} are no severity ({@code null}), as
     * non-security advisories have none.
     */
    public static Severity parse(String text) {
        if (text == null || text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return null;
        }
        for (Severity s : values()) {
            if (s.name().equalsIgnoreCase(text.strip())) {
                return s;
            }
        }
        throw new BadRequestException("advisory severity must be one of " + Arrays.stream(values())
                .map(Severity::wireName).collect(Collectors.joining(", ")) + " (or none), got '" + text + "'");
    }
}
