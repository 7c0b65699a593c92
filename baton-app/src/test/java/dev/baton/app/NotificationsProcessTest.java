package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.baton.channels.WebhookReceiver;
import dev.baton.client.BatonClient;
import dev.baton.store.testing.PostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end, with real server processes, a real SMTP server (GreenMail) and a real web hook receiver
 * that checks the HMAC signature: a failed run reported to the server is exactly one mail and one signed web hook;
 * a notice stored by a server killed with {@code kill -9} before it sent anything is sent once after the restart;
 * two servers on one PostgreSQL send one mail per notice; a failing web hook is retried with growing waits and ends
 * as a dead letter that the API shows and retries.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class NotificationsProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK_SECRET = "end-to-end-hook-secret-0123456789";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    private GreenMail smtp;
    private final int smtpPort = freePort();
    private WebhookReceiver receiver;
    private final List<ServerProcess> servers = new java.util.ArrayList<>();

    @AfterEach
    void stopAll() {
        servers.forEach(ServerProcess::close);
        if (smtp != null) {
            smtp.stop();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("baton@example.com", "baton", "smtp-secret-pw"));
        smtp.start();
    }

    private ServerProcess server(ServerProcess s) {
        servers.add(s);
        return s.start();
    }

    private static JsonNode body(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode post(BatonClient c, String path, String json) {
        return c.call("POST", "api/v3/notifications/" + path, body(json), Duration.ofSeconds(30), 200, 201);
    }

    private void mailChannelAndRule(BatonClient admin) {
        post(admin, "channels", """
                {"name":"ops-mail","type":"email","host":"127.0.0.1","port":%d,"starttls":false,"user":"baton",
                 "password":"smtp-secret-pw","from":"baton@example.com","to":["ops@example.com"]}""".formatted(smtpPort));
        post(admin, "rules", """
                {"kinds":["host.failed"],"channel":"ops-mail","frequency":"immediately"}""");
    }

    private static void report(BatonClient c, String host, String run, String status) {
        c.report(host, body("""
                {"run_id":"%s","phase":"update","script":"10-dnf","status":"%s","exit_code":1,"message":"dnf failed"}"""
                .formatted(run, status)));
    }

    private int mails() {
        return smtp.getReceivedMessages().length;
    }

    @Test
    void aFailedRunIsExactlyOneMailAndOneSignedWebhook() throws Exception {
        startSmtp();
        receiver = new WebhookReceiver(HOOK_SECRET);
        ServerProcess server = server(ServerProcess.embedded(tmp.resolve("data"), "--notify-interval", "PT0.2S"));
        BatonClient admin = server.adminClient();
        mailChannelAndRule(admin);
        post(admin, "channels", """
                {"name":"ops-hook","type":"webhook","url":"%s","secret":"%s"}""".formatted(receiver.url(), HOOK_SECRET));
        post(admin, "rules", """
                {"kinds":["host.failed"],"scopes":["web*"],"channel":"ops-hook"}""");

        report(admin, "web1.example.com", "run-1", "started");
        report(admin, "web1.example.com", "run-1", "failed");
        report(admin, "web1.example.com", "run-1", "failed"); // a second failed step of the same run

        await().atMost(PATIENCE).until(() -> mails() >= 1 && !receiver.accepted().isEmpty());
        Thread.sleep(1500); // several send rounds more: nothing else may arrive
        assertThat(mails()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Baton] web1.example.com failed in update");
        assertThat(receiver.accepted()).hasSize(1);
        assertThat(receiver.refused()).as("every request carried a valid signature").isZero();
        assertThat(receiver.accepted().getFirst().body()).contains("\"kind\":\"host.failed\"", "web1.example.com");
    }

    @Test
    void aNoticeStoredBeforeAKill9IsSentOnceAfterTheRestart() throws Exception {
        Path data = tmp.resolve("data");
        // The sender is held back: its first round would be an hour after the start.
        ServerProcess first = server(ServerProcess.embedded(data, "--notify-interval", "PT1H"));
        BatonClient admin = first.adminClient();
        mailChannelAndRule(admin);
        report(admin, "web2.example.com", "run-7", "failed");
        JsonNode outbox = admin.call("GET", "api/v3/notifications/outbox", null, Duration.ofSeconds(30), 200);
        assertThat(outbox.path("counts").path("pending").asLong()).as("stored before anything is sent").isEqualTo(1);

        first.kill9();
        startSmtp();
        ServerProcess second = server(ServerProcess.embedded(data, "--notify-interval", "PT0.2S"));
        await().atMost(PATIENCE).until(() -> mails() >= 1);
        Thread.sleep(1500);
        assertThat(mails()).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("[Baton] web2.example.com failed in update");
        await().atMost(PATIENCE).until(() -> second.adminClient().call("GET", "api/v3/notifications/outbox", null,
                Duration.ofSeconds(30), 200).path("counts").path("sent").asLong() == 1);
        JsonNode after = second.adminClient().call("GET", "api/v3/notifications/outbox", null, Duration.ofSeconds(30), 200);
        assertThat(after.path("counts").path("sent").asLong()).isEqualTo(1);
        assertThat(after.path("counts").path("pending").asLong()).isZero();
    }

    @Test
    void twoServersOnOnePostgresSendOneMailPerNotice() throws Exception {
        startSmtp();
        String url = PostgresServer.shared().createDatabase();
        ServerProcess a = server(ServerProcess.postgres(url, tmp.resolve("a"), "--notify-interval", "PT0.1S"));
        ServerProcess b = server(ServerProcess.postgres(url, tmp.resolve("b"), "--notify-interval", "PT0.1S"));
        BatonClient viaA = a.adminClient();
        BatonClient viaB = b.adminClient();
        mailChannelAndRule(viaA);
        for (int i = 0; i < 10; i++) {
            report(i % 2 == 0 ? viaA : viaB, "host" + i + ".example.com", "run-1", "failed");
        }
        // The same failure reaching both servers is one notice.
        report(viaA, "host0.example.com", "run-1", "failed");
        report(viaB, "host0.example.com", "run-1", "failed");

        await().atMost(PATIENCE).until(() -> mails() >= 10);
        Thread.sleep(2000);
        assertThat(mails()).isEqualTo(10);
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).distinct()).hasSize(10);
    }

    @Test
    void aFailingWebhookIsRetriedWithGrowingWaitsAndEndsAsADeadLetterTheApiShowsAndRetries() throws Exception {
        receiver = new WebhookReceiver(HOOK_SECRET);
        receiver.answerWith(500);
        ServerProcess server = server(ServerProcess.embedded(tmp.resolve("data"), "--notify-interval", "PT0.1S",
                "--notify-retry-after", "PT0.5S", "--notify-max-attempts", "3"));
        BatonClient admin = server.adminClient();
        post(admin, "channels", """
                {"name":"flaky-hook","type":"webhook","url":"%s","secret":"%s"}""".formatted(receiver.url(), HOOK_SECRET));
        post(admin, "rules", """
                {"kinds":["host.failed"],"channel":"flaky-hook"}""");
        report(admin, "db1.example.com", "run-3", "failed");

        await().atMost(PATIENCE).until(() -> admin.call("GET", "api/v3/notifications/outbox?state=dead", null,
                Duration.ofSeconds(30), 200).path("entries").size() == 1);
        List<WebhookReceiver.Request> tries = receiver.tries();
        assertThat(tries).hasSize(3);
        long firstWait = TimeUnit.NANOSECONDS.toMillis(tries.get(1).nanos() - tries.get(0).nanos());
        long secondWait = TimeUnit.NANOSECONDS.toMillis(tries.get(2).nanos() - tries.get(1).nanos());
        assertThat(firstWait).as("the first retry waits the retry time").isGreaterThanOrEqualTo(500);
        assertThat(secondWait).as("the next waits twice as long").isGreaterThanOrEqualTo(1000);
        Thread.sleep(1500);
        assertThat(receiver.tries()).as("a dead letter is not tried again by itself").hasSize(3);

        JsonNode dead = admin.call("GET", "api/v3/notifications/outbox?state=dead", null, Duration.ofSeconds(30), 200)
                .path("entries").get(0);
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("last_error").asText()).contains("answered HTTP 500");
        assertThat(dead.path("kind").asText()).isEqualTo("host.failed");

        receiver.answerWith(204);
        post(admin, "outbox/" + dead.path("id").asLong() + "/retry", "{}");
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
        // The receiver answers before the server records the send: wait for the record.
        await().atMost(PATIENCE).until(() -> admin.call("GET", "api/v3/notifications/outbox", null, Duration.ofSeconds(30), 200)
                .path("counts").path("sent").asLong() == 1);
        JsonNode counts = admin.call("GET", "api/v3/notifications/outbox", null, Duration.ofSeconds(30), 200).path("counts");
        assertThat(counts.path("dead").asLong()).isZero();
        assertThat(receiver.accepted()).hasSize(1);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
