package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import dev.baton.channels.WebhookReceiver;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.server.BatonServer;
import dev.baton.server.NotifySettings;
import dev.baton.server.ServerSettings;
import dev.baton.web.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v3/notifications} on a real server, with GreenMail and a signature-checking receiver: channels keep
 * their secrets out of every answer, only a manager may change them, lock events (fleet freeze, force-release) reach
 * the channels, a test message is sent at once, and /metrics shows the outbox.
 */
class NotificationsApiTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static final String PASSWORD = "notify-test-admin-pw";
    private static final String HOOK_SECRET = "hook-secret-abcdefghijklmnop";
    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient admin;
    static BatonClient viewer;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD)
                .withNotifications(new NotifySettings(Duration.ofMillis(100), Duration.ofSeconds(30), 8, Duration.ofHours(1),
                        Duration.ofDays(7), Duration.ofMinutes(1), null)));
        admin = client("admin", PASSWORD);
        JsonNode v = admin.createCredential("watcher", "viewer", List.of());
        viewer = client(v.path("id").asText(), v.path("secret").asText());
        receiver = new WebhookReceiver(HOOK_SECRET);
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    static BatonClient client(String id, String secret) {
        return new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic(id, secret), null);
    }

    private static JsonNode post(BatonClient as, String path, String json, int... ok) {
        return as.call("POST", "api/v3/notifications/" + path, Json.parseObject(json), Duration.ofSeconds(30), ok);
    }

    private static JsonNode get(BatonClient as, String path) {
        return as.call("GET", "api/v3/notifications/" + path, null, Duration.ofSeconds(30), 200);
    }

    @Test
    void secretsNeverLeaveTheServerAndOnlyAManagerChangesChannels() {
        JsonNode added = post(admin, "channels", """
                {"name":"secret-mail","type":"email","host":"mail.example.com","port":587,"user":"baton",
                 "password":"smtp-password-XYZ","from":"baton@example.com","to":["ops@example.com"]}""", 201);
        assertThat(added.path("password_set").asBoolean()).isTrue();
        assertThat(added.path("starttls").asBoolean()).as("STARTTLS by default").isTrue();
        JsonNode hook = post(admin, "channels", """
                {"name":"secret-hook","type":"webhook","url":"https://hooks.example.com/x","secret":"%s"}""".formatted(HOOK_SECRET), 201);
        assertThat(hook.path("secret_set").asBoolean()).isTrue();
        String listed = get(admin, "channels").toString();
        assertThat(listed).contains("secret-mail", "secret-hook").doesNotContain("smtp-password-XYZ", HOOK_SECRET);
        assertThat(added.toString() + hook).doesNotContain("smtp-password-XYZ", HOOK_SECRET);
        String audit = admin.call("GET", "api/v3/audit", null, Duration.ofSeconds(30), 200).toString();
        assertThat(audit).as("channel changes are in the audit trail, without their secrets")
                .contains("notify.channel.add", "secret-mail", "secret-hook", "email via mail.example.com:587 (STARTTLS)")
                .doesNotContain("smtp-password-XYZ", HOOK_SECRET);

        assertThatThrownBy(() -> post(viewer, "channels", """
                {"name":"v","type":"webhook","url":"https://x.example.com/","secret":"0123456789abcdef0"}""", 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThatThrownBy(() -> get(viewer, "channels"))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(get(viewer, "outbox").has("counts")).as("any caller may read the outbox").isTrue();
        assertThat(get(viewer, "kinds").toString()).contains("host.failed", "lock.waiting_long", "host.not_seen");
    }

    @Test
    void failedSendsAreLoggedWithoutTheSecrets() {
        var root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var captured = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        captured.start();
        root.addAppender(captured);
        ch.qos.logback.classic.Level was = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            JsonNode hook = post(admin, "channels", """
                    {"name":"log-hook","type":"webhook","url":"http://127.0.0.1:9/x","secret":"log-secret-must-not-show-1"}""", 201);
            JsonNode mail = post(admin, "channels", """
                    {"name":"log-mail","type":"email","host":"127.0.0.1","port":9,"starttls":false,"user":"u",
                     "password":"smtp-pw-must-not-show-2","from":"baton@example.com","to":["ops@example.com"]}""", 201);
            post(admin, "rules", """
                    {"kinds":["host.not_seen"],"channel":%d}""".formatted(hook.path("id").asLong()), 201);
            post(admin, "rules", """
                    {"kinds":["host.not_seen"],"channel":%d}""".formatted(mail.path("id").asLong()), 201);
            server.notifier().publish(new dev.baton.notify.Notice("host.not_seen", "gone.example.com", "gone", "",
                    "log-test", java.time.Instant.now()));
            // Only this test's two channels: another test's rule on host.not_seen may send to a failing channel too.
            await().atMost(Duration.ofSeconds(30)).until(() -> captured.list.stream().map(e -> e.getFormattedMessage())
                    .filter(m -> m.contains("failed (try 1 of 8)"))
                    .filter(m -> m.contains("channel log-hook") || m.contains("channel log-mail")).count() == 2);
            assertThat(captured.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .noneMatch(m -> m.contains("log-secret-must-not-show-1") || m.contains("smtp-pw-must-not-show-2"));
        } finally {
            root.detachAppender(captured);
            root.setLevel(was);
        }
    }

    @Test
    void badInputIsRefusedWithAMessageThatSaysWhatToDo() {
        assertThatThrownBy(() -> post(admin, "channels", """
                {"name":"short","type":"webhook","url":"https://x.example.com/","secret":"short"}""", 201))
                .hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> post(admin, "channels", """
                {"name":"nope","type":"pager"}""", 201)).hasMessageContaining("email or webhook");
        assertThatThrownBy(() -> post(admin, "rules", """
                {"kinds":["host.exploded"],"channel":1}""", 201)).hasMessageContaining("unknown notification kind 'host.exploded'");
        assertThatThrownBy(() -> post(admin, "rules", """
                {"kinds":["host.failed"],"channel":"no-such-channel"}""", 201)).hasMessageContaining("no channel named");
        assertThatThrownBy(() -> post(admin, "rules", """
                {"kinds":["host.failed"],"channel":"secret-mail","frequency":"weekly"}""", 201))
                .hasMessageContaining("immediately, hourly or daily");
    }

    @Test
    void aRuleThresholdIsStoredAndShownAndRefusedWhereItMakesNoSense() {
        post(admin, "channels", """
                {"name":"threshold-hook","type":"webhook","url":"http://127.0.0.1:9/","secret":"threshold-secret-0123456789"}""", 201);
        JsonNode waits = post(admin, "rules", """
                {"kinds":["lock.waiting_long"],"channel":"threshold-hook","after":"PT30M"}""", 201);
        assertThat(waits.path("after").asText()).isEqualTo("PT30M");
        assertThat(waits.path("thresholds").path("lock.waiting_long").asText()).isEqualTo("PT30M");
        JsonNode silences = post(admin, "rules", """
                {"kinds":["host.not_seen","host.failed"],"channel":"threshold-hook"}""", 201);
        assertThat(silences.path("after").isNull()).as("no threshold of its own").isTrue();
        assertThat(silences.path("thresholds").path("host.not_seen").asText()).as("the server's default").isEqualTo("P7D");
        assertThat(silences.path("thresholds").has("host.failed")).isFalse();
        JsonNode listed = get(admin, "rules");
        assertThat(listed.path("rules").findValuesAsText("after")).contains("PT30M");
        int rules = listed.path("rules").size();

        for (String[] bad : List.of(
                new String[] {"\"-PT5M\"", "must be a positive whole number of seconds"},
                new String[] {"\"PT0S\"", "must be a positive whole number of seconds"},
                new String[] {"\"P4000D\"", "up to 3650 days"},
                new String[] {"\"soon\"", "'after' must be an ISO-8601 duration such as PT30M"},
                new String[] {"30", "'after' must be a string"})) {
            assertThatThrownBy(() -> post(admin, "rules", """
                    {"kinds":["host.not_seen"],"channel":"threshold-hook","after":%s}""".formatted(bad[0]), 201))
                    .as(bad[0]).isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400))
                    .hasMessageContaining(bad[1]);
        }
        assertThatThrownBy(() -> post(admin, "rules", """
                {"kinds":["host.failed","lock.waiting_long"],"channel":"threshold-hook","after":"PT30M"}""", 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("applies only to host.not_seen and lock.waiting_long; host.failed takes none");
        assertThat(get(admin, "rules").path("rules").size()).as("nothing stored").isEqualTo(rules);
    }

    @Test
    void fleetFreezeAndForceReleaseReachTheChannelsAndATestMessageGoesAtOnce() throws Exception {
        JsonNode mail = post(admin, "channels", """
                {"name":"ops","type":"email","host":"127.0.0.1","port":%d,"starttls":false,
                 "from":"baton@example.com","to":["ops@example.com"]}""".formatted(smtp.getSmtp().getPort()), 201);
        JsonNode hook = post(admin, "channels", """
                {"name":"ops-hook","type":"webhook","url":"%s","secret":"%s"}""".formatted(receiver.url(), HOOK_SECRET), 201);
        post(admin, "rules", """
                {"kinds":["fleet.frozen","fleet.unfrozen"],"channel":"ops"}""", 201);
        JsonNode rule = post(admin, "rules", """
                {"kinds":["lock.force_released"],"scopes":["patch-*"],"channel":%d}""".formatted(hook.path("id").asLong()), 201);
        assertThat(rule.path("scopes").get(0).asText()).isEqualTo("patch-*");

        post(admin, "channels/" + mail.path("id").asLong() + "/test", "{}", 200);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Baton] Test message from Baton");

        admin.call("POST", "api/v3/fleet/freeze", Json.parseObject("{\"reason\":\"incident 42\"}"), Duration.ofSeconds(30), 200);
        admin.call("POST", "api/v3/fleet/unfreeze", Json.parseObject("{}"), Duration.ofSeconds(30), 200);
        admin.acquire("patch-web", "web1", Duration.ZERO);
        admin.forceRelease("patch-web", "web1", "host is gone");
        admin.acquire("other-lock", "web1", Duration.ZERO);
        admin.forceRelease("other-lock", "web1", "out of the rule's scope");

        await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length == 3 && receiver.accepted().size() == 1);
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("[Baton] Fleet frozen by admin");
        assertThat(smtp.getReceivedMessages()[2].getSubject()).isEqualTo("[Baton] Fleet unfrozen by admin");
        assertThat(receiver.accepted().getFirst().body()).contains("lock.force_released", "patch-web", "host is gone");
        Thread.sleep(500);
        assertThat(receiver.accepted()).as("other-lock is out of scope").hasSize(1);

        // A channel accepts a message before the server records it as sent.
        await().atMost(Duration.ofSeconds(30)).until(() -> get(viewer, "outbox?state=sent").path("entries").size() >= 3);
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("baton_notify_outbox_pending ", "baton_notify_outbox_dead ", "baton_hosts_failed ",
                "baton_lock_stale_holders ", "baton_lock_stale_longest_hold_seconds ");
    }

    @Test
    void theExampleAlertRulesUseOnlyMetricsTheServerServes() throws Exception {
        String rules = java.nio.file.Files.readString(Path.of(System.getProperty("basedir", "."), "..", "docs", "alerts.yml"));
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var used = java.util.regex.Pattern.compile("\\bbaton_[a-z_]+").matcher(rules).results()
                .map(java.util.regex.MatchResult::group).distinct().toList();
        assertThat(used).contains("baton_lock_stale_holders", "baton_hosts_failed", "baton_notify_outbox_pending",
                "baton_notify_outbox_dead");
        for (String metric : used) {
            assertThat(metrics).as("served at /metrics: " + metric).containsPattern("(?m)^" + metric + "[ {]");
        }
    }

    @Test
    void aTestMessageThatFailsIsA502WithTheReason() {
        JsonNode hook = post(admin, "channels", """
                {"name":"dead-hook","type":"webhook","url":"http://127.0.0.1:9/none","secret":"%s"}""".formatted(HOOK_SECRET), 201);
        assertThatThrownBy(() -> post(admin, "channels/" + hook.path("id").asLong() + "/test", "{}", 200))
                .isInstanceOf(BatonClientException.class).hasMessageContaining("could not be reached");
        assertThatThrownBy(() -> post(admin, "channels/999999/test", "{}", 200)).hasMessageContaining("no notification channel");
    }
}
