package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.AuditQuery;
import dev.baton.auth.Role;
import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.Frequency;
import dev.baton.notify.Notice;
import dev.baton.notify.OutboxState;
import dev.baton.notify.Rule;
import dev.baton.notify.Secret;
import dev.baton.server.BatonServer;
import dev.baton.server.NotifySettings;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifications page over HTTP: a send that failed its last try (a webhook nobody listens to) shows as a failed
 * send with its last error, on the page and as a warning on the overview; the channels show their secrets only as
 * set or not set; a retry needs the permission, the CSRF token and a reason, and is in the audit trail.
 */
class ConsoleNotificationsTest {

    static final String PASSWORD = "admin-password-1";
    static final String HOOK_SECRET = "hook-secret-0123456789";
    static final String MAIL_PASSWORD = "mail-password-9876";
    @TempDir
    static Path data;
    static BatonServer server;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        // One try only, sent every 100 ms: a failing send is a dead letter at once.
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD)
                .withNotifications(new NotifySettings(Duration.ofMillis(100), Duration.ofSeconds(30), 1, Duration.ofHours(1),
                        Duration.ofDays(7), Duration.ofMinutes(1), null)));
        base = "http://127.0.0.1:" + server.port();
        server.auth().accounts().create("vic", Role.VIEWER, "viewer-password-1", Set.of());
        Channel hook = server.notifier().addChannel(new Channel(0, "ops-hook",
                new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/none"), new Secret(HOOK_SECRET))));
        server.notifier().addChannel(new Channel(0, "ops-mail", new ChannelConfig.Email("smtp.example.com", 587, true, "baton",
                new Secret(MAIL_PASSWORD), "baton@example.com", List.of("ops@example.com"))));
        server.notifier().addRule(new Rule(0, Set.of("host.failed"), List.of("web-*"), hook.id(), Frequency.IMMEDIATELY));
        server.notifier().publish(new Notice("host.failed", "web-1.example.com", "web-1.example.com failed in update",
                "20-dnf-upgrade exited 1", "host.failed:web-1:r1", null));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (server.notifier().counts().get(OutboxState.DEAD) == 0) {
            assertThat(System.nanoTime()).as("the send failed its one try within 20 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aFailedSendIsShownWithItsLastErrorAndTheOverviewWarns() throws Exception {
        Script admin = new Script(base).logIn("admin", PASSWORD);
        admin.get("/");
        assertThat(admin.last.body()).contains("id=\"dead-letters-warning\"").contains("1 notification could not be sent")
                .contains("href=\"/notifications#dead\"");
        admin.get("/notifications");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        String deadTable = admin.last.body().replaceAll("(?s).*<table id=\"dead-letters\">(.*?)</table>.*", "$1");
        assertThat(deadTable).contains("host.failed").contains("web-1.example.com failed in update").contains("ops-hook")
                .contains("action=\"/notifications/outbox/");
        String lastError = server.notifier().failed(1).getFirst().lastError();
        assertThat(lastError).isNotBlank();
        assertThat(deadTable).contains(lastError.length() > 40 ? lastError.substring(0, 40) : lastError);
        assertThat(admin.last.body()).contains("data-channel=\"ops-mail\"").contains("data-rule=\"")
                .doesNotContain(HOOK_SECRET).doesNotContain(MAIL_PASSWORD);
        assertThat(admin.last.body().replaceAll("(?s).*<tr data-channel=\"ops-mail\">(.*?)</tr>.*", "$1")).contains("<td>set</td>");

        admin.get("/notifications?state=dead");
        assertThat(admin.last.body()).contains("class=\"out-dead\"").doesNotContain("class=\"out-sent\"");
        admin.get("/notifications?state=lost");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void theRulesShowTheirThresholdsOrTheServersDefault() throws Exception {
        long hook = server.notifier().channels().getFirst().id();
        Rule waits = server.notifier().addRule(new Rule(0, Set.of("lock.waiting_long"), List.of(), hook, Frequency.IMMEDIATELY,
                Duration.ofMinutes(30)));
        Rule silences = server.notifier().addRule(new Rule(0, Set.of("host.not_seen"), List.of(), hook, Frequency.DAILY));
        Script admin = new Script(base).logIn("admin", PASSWORD);
        admin.get("/notifications");
        assertThat(row(admin.last.body(), waits.id())).endsWith("<td>30 min</td>");
        assertThat(row(admin.last.body(), silences.id())).endsWith("<td>default 7 days</td>");
        assertThat(server.notifier().removeRule(waits.id()) && server.notifier().removeRule(silences.id())).isTrue();
    }

    private static String row(String page, long rule) {
        return page.replaceAll("(?s).*<tr data-rule=\"" + rule + "\">(.*?)</tr>.*", "$1").strip();
    }

    @Test
    void aViewerSeesTheFailedSendsButNeitherRetriesNorSeesChannels() throws Exception {
        Script vic = new Script(base).logIn("vic", "viewer-password-1");
        vic.get("/notifications");
        assertThat(vic.last.statusCode()).isEqualTo(200);
        assertThat(vic.last.body()).contains("web-1.example.com failed in update").doesNotContain("/retry\"")
                .doesNotContain("data-channel=").contains("href=\"/notifications\"");
        long id = server.notifier().failed(1).getFirst().id();
        vic.post("/notifications/outbox/" + id + "/retry", Map.of("csrf", vic.field("csrf"), "reason", "try"));
        assertThat(vic.last.statusCode()).isEqualTo(403);
    }

    @Test
    void aRetryNeedsTheTokenAndAReasonAndIsAudited() throws Exception {
        Script admin = new Script(base).logIn("admin", PASSWORD);
        admin.get("/notifications");
        String csrf = admin.field("csrf");
        long id = server.notifier().failed(1).getFirst().id();
        admin.post("/notifications/outbox/" + id + "/retry", Map.of("reason", "no token"));
        assertThat(admin.last.statusCode()).isEqualTo(403);
        admin.post("/notifications/outbox/" + id + "/retry", Map.of("csrf", csrf, "reason", ""));
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(server.audit().list(new AuditQuery(null, "notify.outbox.retry", null, null, 10)).entries()).isEmpty();

        admin.post("/notifications/outbox/" + id + "/retry", Map.of("csrf", csrf, "reason", "hook is back"));
        assertThat(admin.last.statusCode()).isEqualTo(303);
        var entry = server.audit().list(new AuditQuery(null, "notify.outbox.retry", null, null, 10)).entries().getFirst();
        assertThat(entry.target()).isEqualTo("outbox " + id);
        assertThat(entry.reason()).isEqualTo("hook is back");
        assertThat(entry.actor().via()).isEqualTo("session");

        admin.post("/notifications/outbox/999999/retry", Map.of("csrf", csrf, "reason", "nothing there"));
        assertThat(admin.last.statusCode()).isEqualTo(404);
    }
}
