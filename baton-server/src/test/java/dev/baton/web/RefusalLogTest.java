package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The refusal log's rate limit (issue 13): one line per kind and address per minute, then the count left out. */
class RefusalLogTest {

    private final AtomicLong millis = new AtomicLong(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
    private final RefusalLog refusals = new RefusalLog(() -> Instant.ofEpochMilli(millis.get()));
    private CapturedLog lines;

    @BeforeEach
    void listen() {
        lines = new CapturedLog(RefusalLog.class, Level.INFO);
    }

    @AfterEach
    void stopListening() {
        lines.close();
    }

    private List<String> messages() {
        return lines.messages();
    }

    @Test
    void oneLinePerKindAndAddressPerMinuteThenTheCountOfTheOnesLeftOut() {
        for (int i = 0; i < 5; i++) {
            refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, "198.51.100.7", "user 'admin' is unknown");
        }
        refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, "198.51.100.8", "user 'admin' is unknown");
        refusals.note(RefusalLog.Kind.UNKNOWN_CERTIFICATE, "198.51.100.7", "CN 'stranger'");
        assertThat(messages()).containsExactly(
                "refused: wrong credentials from 198.51.100.7: user 'admin' is unknown",
                "refused: wrong credentials from 198.51.100.8: user 'admin' is unknown",
                "refused: unknown client certificate from 198.51.100.7: CN 'stranger'");
        assertThat(lines.events()).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));

        millis.addAndGet(Duration.ofSeconds(59).toMillis());
        refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, "198.51.100.7", "user 'admin' is unknown");
        assertThat(messages()).hasSize(3);

        millis.addAndGet(Duration.ofSeconds(1).toMillis());
        refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, "198.51.100.7", "user 'root' is unknown");
        assertThat(messages()).hasSize(4).last().isEqualTo("refused: wrong credentials from 198.51.100.7: user 'root' is unknown "
                + "(5 more like it from this address in the minute before, not logged)");

        millis.addAndGet(Duration.ofMinutes(5).toMillis());
        refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, "198.51.100.7", "user 'root' is unknown");
        assertThat(messages()).hasSize(5).last().asString().doesNotContain("more like it");
    }

    @Test
    void anAutomaticRegistrationIsInformationNotAWarning() {
        refusals.note(RefusalLog.Kind.HOST_REGISTERED, "10.0.0.5", "'web1.example.com'");
        assertThat(lines.events()).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).isEqualTo("host registered automatically from 10.0.0.5: 'web1.example.com'");
        });
    }

    @Test
    void whatAClientSentIsCutToOneShortLine() {
        assertThat(RefusalLog.printable("evil\nrefused: forged line\u0000")).isEqualTo("evil?refused: forged line?");
        assertThat(RefusalLog.printable("x".repeat(500))).hasSize(101).endsWith("…");
        assertThat(RefusalLog.printable(null)).isEmpty();
    }
}
