package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Something worth telling people about, as any part of Baton raises it through {@link Notifier#publish}.
 *
 * @param kind      a kind registered in {@link NotificationKinds}, e.g. {@code host.failed}
 * @param subject   the lock or host the notice concerns (what rule scopes match), or {@code null} for the fleet
 * @param title     one line, used as a mail's subject
 * @param body      the details, plain text
 * @param dedupeKey one occurrence: a second notice with the same key (from a second scan, a second server) is
 *                  the same notice and is dropped. E.g. {@code host.failed:web1:run-42}
 * @param at        when it happened
 * @param webhookBody the exact JSON a web hook posts for this notice on its own, instead of the generic envelope
 *                  (an advisory's announcement rendered from the site's template), or {@code null} for the envelope.
 *                  Whoever raises the notice makes sure it is JSON; it is sent byte for byte as given.
 */
public record Notice(String kind, String subject, String title, String body, String dedupeKey, Instant at,
                     String webhookBody) {

    static final int MAX_TITLE = 200;
    static final int MAX_BODY = 4000;
    static final int MAX_KEY = 400;
    /** A webhook body is never cut (it would not be JSON any more): a longer one is refused. */
    public static final int MAX_WEBHOOK_BODY = 1 << 20;

    public Notice {
        require("kind", kind, 100);
        require("title", title, MAX_TITLE);
        require("dedupe key", dedupeKey, MAX_KEY);
        if (subject != null && subject.length() > 255) {
            throw new BadRequestException("a notice's subject is longer than 255 characters");
        }
        body = body == null ? "" : body.length() > MAX_BODY ? body.substring(0, MAX_BODY - 1) + "…" : body;
        at = (at == null ? Instant.now() : at).truncatedTo(ChronoUnit.MILLIS);
        if (webhookBody != null && webhookBody.length() > MAX_WEBHOOK_BODY) {
            throw new BadRequestException("a notice's webhook body is longer than " + MAX_WEBHOOK_BODY + " characters");
        }
    }

    /** A notice that web hooks send in the generic envelope. */
    public Notice(String kind, String subject, String title, String body, String dedupeKey, Instant at) {
        this(kind, subject, title, body, dedupeKey, at, null);
    }

    private static void require(String what, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException("a notice needs a " + what);
        }
        if (value.length() > max) {
            throw new BadRequestException("a notice's " + what + " is longer than " + max + " characters");
        }
    }
}
