package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton notify ...} against a real server process and GreenMail: a channel added with its password from a file
 * is listed without it and sends a test message; rules are added, listed and removed; the outbox lists what was sent
 * and, with {@code --failed}, the dead letters; a rule's threshold ({@code --after 30m}) is shown by list and
 * {@code --json}; mistakes are one line with exit code 1 or 2.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NotifyCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void channelsRulesAndTheOutboxFromTheCommandLine() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("baton@example.com", "baton", "cli-smtp-pw"));
        smtp.start();
        try (ServerProcess server = ServerProcess.embedded(tmp.resolve("data"), "--notify-interval", "PT0.2S").start();
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            Path passwordFile = Files.writeString(tmp.resolve("smtp-password"), "cli-smtp-pw\n");
            var url = server.url().toString();

            var added = run(cli, url, "notify", "channel", "add", "ops-mail", "--type", "email", "--host", "127.0.0.1",
                    "--port", Integer.toString(smtp.getSmtp().getPort()), "--starttls", "false", "--user", "baton",
                    "--password-file", passwordFile.toString(), "--from", "baton@example.com", "--to", "ops@example.com");
            assertThat(added.exit()).as("%s", added).isZero();
            assertThat(added.out()).contains("added channel 1 (ops-mail)");

            var listed = run(cli, url, "notify", "channel", "list");
            assertThat(listed.out()).contains("ops-mail", "email", "-> ops@example.com", "set")
                    .doesNotContain("cli-smtp-pw");

            var tested = run(cli, url, "notify", "channel", "test", "1");
            assertThat(tested.exit()).as("%s", tested).isZero();
            assertThat(smtp.getReceivedMessages()).hasSize(1);

            var rule = run(cli, url, "notify", "rule", "add", "--kind", "host.failed", "--scope", "web-*", "--channel", "ops-mail");
            assertThat(rule.out()).contains("added rule 1");
            var rules = run(cli, url, "notify", "rule", "list", "--json");
            JsonNode parsed = JSON.readTree(rules.out());
            assertThat(parsed.path("rules").get(0).path("scopes").get(0).asText()).isEqualTo("web-*");

            server.adminClient().report("web-7", JSON.readTree("""
                    {"run_id":"r1","phase":"update","status":"failed","message":"boom"}"""));
            await().atMost(Duration.ofSeconds(60)).until(() -> smtp.getReceivedMessages().length == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> run(cli, url, "notify", "outbox").out().contains("sent 1"));
            var outbox = run(cli, url, "notify", "outbox");
            assertThat(outbox.out()).contains("host.failed", "web-7", "pending 0, sent 1, dead 0");
            var failed = run(cli, url, "notify", "outbox", "--failed");
            assertThat(failed.out()).doesNotContain("host.failed").contains("dead 0");

            var waits = run(cli, url, "notify", "rule", "add", "--kind", "lock.waiting_long", "--after", "30m", "--channel", "ops-mail");
            assertThat(waits.out()).as("%s", waits).contains("added rule 2 (after PT30M)");
            var silences = run(cli, url, "notify", "rule", "add", "--kind", "host.not_seen", "--channel", "1", "--frequency", "daily");
            assertThat(silences.out()).as("%s", silences).contains("added rule 3 (after default P7D)");
            assertThat(run(cli, url, "notify", "rule", "list").out()).contains("AFTER", "PT30M", "default P7D");
            JsonNode thresholds = JSON.readTree(run(cli, url, "notify", "rule", "list", "--json").out()).path("rules");
            assertThat(thresholds.get(1).path("after").asText()).isEqualTo("PT30M");
            assertThat(thresholds.get(2).path("thresholds").path("host.not_seen").asText()).isEqualTo("P7D");
            var garbage = run(cli, url, "notify", "rule", "add", "--kind", "host.not_seen", "--after", "soon", "--channel", "1");
            assertThat(garbage.exit()).isEqualTo(2);
            assertThat(garbage.err()).contains("--after: \"soon\" is not a length").doesNotContain("Exception");
            var zero = run(cli, url, "notify", "rule", "add", "--kind", "host.not_seen", "--after", "0m", "--channel", "1");
            assertThat(zero.exit()).isEqualTo(2);
            assertThat(zero.err()).contains("--after must be longer than zero");
            var noThreshold = run(cli, url, "notify", "rule", "add", "--kind", "host.failed", "--after", "3d", "--channel", "1");
            assertThat(noThreshold.exit()).isEqualTo(1);
            assertThat(noThreshold.err()).contains("host.failed takes none").doesNotContain("Exception");
            assertThat(JSON.readTree(run(cli, url, "notify", "rule", "list", "--json").out()).path("rules").size())
                    .as("nothing stored").isEqualTo(3);
            assertThat(run(cli, url, "notify", "rule", "remove", "2").exit()).isZero();
            assertThat(run(cli, url, "notify", "rule", "remove", "3").exit()).isZero();

            var inUse = run(cli, url, "notify", "channel", "remove", "1");
            assertThat(inUse.exit()).isEqualTo(1);
            assertThat(inUse.err()).contains("used by rule(s) [1]");
            assertThat(run(cli, url, "notify", "rule", "remove", "1").exit()).isZero();
            assertThat(run(cli, url, "notify", "channel", "remove", "1").exit()).isZero();

            var badKind = run(cli, url, "notify", "rule", "add", "--kind", "host.exploded", "--channel", "1");
            assertThat(badKind.exit()).isEqualTo(1);
            assertThat(badKind.err()).contains("unknown notification kind 'host.exploded'").doesNotContain("Exception");
            var noType = run(cli, url, "notify", "channel", "add", "x", "--type", "pager");
            assertThat(noType.exit()).isEqualTo(2);
            assertThat(noType.err()).contains("--type must be email or webhook");
        } finally {
            smtp.stop();
        }
    }

    private static ChildJvm.Result run(CliHost cli, String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return cli.run(CLI_TIMEOUT, all.toArray(String[]::new));
    }
}
