package dev.baton.server;

import dev.baton.notify.NotificationKinds;
import dev.baton.notify.NotifierSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The notification options of {@code baton server} (see {@link ServerCommand} for each option's help).
 *
 * @param sendInterval how often the outbox is checked for due messages. Default 5 s.
 * @param retryBase    the wait after a failed send; it doubles with each further failure, up to 1 h. Default 30 s.
 * @param maxAttempts  tries before a message becomes a dead letter. Default 8.
 * @param waitingAfter the threshold of a {@code lock.waiting_long} rule that sets none: such a rule hears of a waiter
 *                     waiting longer than this. Default 1 h.
 * @param notSeenAfter the threshold of a {@code host.not_seen} rule that sets none: such a rule hears of a registered
 *                     host silent for longer than this. Default 7 days.
 * @param scanInterval how often the waiting and not-seen checks run. Default 1 min.
 * @param smtpCa       PEM certificates of the CAs that sign the SMTP servers' certificates (STARTTLS), for a site
 *                     CA the JVM does not know; null: the JVM's trust store. Default none.
 */
public record NotifySettings(Duration sendInterval, Duration retryBase, int maxAttempts, Duration waitingAfter,
                             Duration notSeenAfter, Duration scanInterval, Path smtpCa) {

    public static final NotifySettings DEFAULTS = new NotifySettings(Duration.ofSeconds(5), Duration.ofSeconds(30), 8,
            NotificationKinds.DEFAULT_WAITING_AFTER, NotificationKinds.DEFAULT_NOT_SEEN_AFTER, Duration.ofMinutes(1), null);

    public NotifySettings {
        positive("--notify-interval", sendInterval);
        positive("--notify-retry-after", retryBase);
        positive("--notify-waiting-after", waitingAfter);
        positive("--notify-not-seen-after", notSeenAfter);
        positive("--notify-scan-interval", scanInterval);
        if (smtpCa != null && !Files.isReadable(smtpCa)) {
            throw new IllegalArgumentException("--notify-smtp-ca " + smtpCa + " is not a readable file: give the PEM file "
                    + "of the CA that signed your mail server's certificate");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("--notify-max-attempts must be between 1 and 100, got " + maxAttempts);
        }
    }

    /** The outbox's timings for the domain. */
    public NotifierSettings outbox() {
        Duration max = Duration.ofHours(1).compareTo(retryBase) < 0 ? retryBase : Duration.ofHours(1);
        return NotifierSettings.DEFAULTS.withRetry(retryBase, max, maxAttempts);
    }

    private static void positive(String option, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be a positive duration such as PT30S, got " + d);
        }
    }
}
