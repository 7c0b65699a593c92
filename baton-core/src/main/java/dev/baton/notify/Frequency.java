package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How often a rule's channel hears: at once, or gathered into one message per hour or per day (UTC). */
public enum Frequency {
    IMMEDIATELY, HOURLY, DAILY;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Frequency parse(String text) {
        for (Frequency f : values()) {
            if (f.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return f;
            }
        }
        throw new BadRequestException("unknown frequency '" + text + "': use immediately, hourly or daily");
    }

    /** When the message holding a notice received at {@code at} is due: now, or at the end of the hour or day. */
    public Instant due(Instant at) {
        return switch (this) {
            case IMMEDIATELY -> at;
            case HOURLY -> at.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            case DAILY -> at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant();
        };
    }
}
