package dev.baton.pipeline.advisory;

import dev.baton.lock.BadRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an advisory is about, as updateinfo.xml's {@code type} attribute spells it. */
public enum AdvisoryType {
    SECURITY, BUGFIX, ENHANCEMENT, NEWPACKAGE;

    /** The updateinfo.xml spelling: {@code security}, {@code bugfix}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the updateinfo.xml spelling (any case); a 400 naming the field and the allowed values otherwise. */
    public static AdvisoryType parse(String text) {
        for (AdvisoryType t : values()) {
            if (t.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return t;
            }
        }
        throw new BadRequestException("advisory type must be one of " + Arrays.stream(values())
                .map(AdvisoryType::wireName).collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }
}
