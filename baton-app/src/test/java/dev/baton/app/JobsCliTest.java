package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.jobs.Job;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
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
 * {@code baton jobs list|show|cancel|wait} against a real server that runs handler kinds registered by this test
 * only: wait follows the progress in plain lines (no terminal) and exits 0 when the job succeeded and 1 when it
 * failed, with its error; cancel stops a running job; list filters by kind and state, with --json.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JobsCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void listShowWaitAndCancelFromTheCommandLine() throws Exception {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                .withStore(tmp.resolve("data"), null).withAdminPassword(ServerProcess.ADMIN_PASSWORD));
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = "http://127.0.0.1:" + server.port();
            server.jobs().register("test-steps", context -> {
                for (int i = 1; i <= 4; i++) {
                    context.progress(i, 4, "steps", "step " + i);
                    if (i == 2) {
                        Thread.sleep(2_000); // the waiting CLI asks every 50 ms: it sees step 2
                    }
                    Thread.sleep(300);
                }
            });
            server.jobs().register("test-broken", context -> {
                throw new IllegalStateException("the remote's key does not match");
            });
            server.jobs().register("test-forever", context -> {
                while (!context.cancelled()) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        // cancelled() says why
                    }
                }
            });

            assertThat(cli.run(CLI_TIMEOUT, args(url, "jobs", "list")).exit()).as("the CLI's JVM is up").isZero();
            Job steps = server.jobs().submit("test-steps", "upstream", "", "alice");
            var waited = cli.run(CLI_TIMEOUT, args(url, "jobs", "wait", Long.toString(steps.id()), "--poll", "50"));
            assertThat(waited.exit()).as("%s", waited).isZero();
            assertThat(waited.out()).contains("job " + steps.id() + " test-steps upstream: running, 2/4 steps, step 2")
                    .contains("job " + steps.id() + " test-steps upstream: succeeded, 4/4 steps, step 4")
                    .doesNotContain("\r", "[#");

            Job broken = server.jobs().submit("test-broken", "upstream", "", "alice");
            var failed = cli.run(CLI_TIMEOUT, args(url, "jobs", "wait", Long.toString(broken.id())));
            assertThat(failed.exit()).as("%s", failed).isEqualTo(1);
            assertThat(failed.out()).contains("failed: the remote's key does not match");

            Job forever = server.jobs().submit("test-forever", "upstream", "", "alice");
            var timedOut = cli.run(CLI_TIMEOUT, args(url, "jobs", "wait", Long.toString(forever.id()), "--timeout", "1"));
            assertThat(timedOut.exit()).isEqualTo(1);
            assertThat(timedOut.err()).contains("is still running after 1 s; it goes on");
            var cancelled = cli.run(CLI_TIMEOUT, args(url, "jobs", "cancel", Long.toString(forever.id())));
            assertThat(cancelled.exit()).as("%s", cancelled).isZero();
            assertThat(cancelled.out()).contains("job " + forever.id() + " is asked to stop");
            var ended = cli.run(CLI_TIMEOUT, args(url, "jobs", "wait", Long.toString(forever.id())));
            assertThat(ended.exit()).isEqualTo(1);
            assertThat(ended.out()).contains("test-forever upstream: cancelled: cancelled by admin");

            var listed = cli.run(CLI_TIMEOUT, args(url, "jobs", "list"));
            assertThat(listed.out()).contains("ID", "KIND", "SUBJECT", "STATE", "PROGRESS", "test-steps", "test-broken",
                    "succeeded", "failed", "cancelled", "4/4 steps");
            var onlyFailed = cli.run(CLI_TIMEOUT, args(url, "jobs", "list", "--json", "--state", "failed"));
            JsonNode parsed = JSON.readTree(onlyFailed.out());
            assertThat(parsed.path("jobs")).hasSize(1);
            assertThat(parsed.path("jobs").get(0).path("id").asLong()).isEqualTo(broken.id());
            var byKind = JSON.readTree(cli.run(CLI_TIMEOUT, args(url, "jobs", "list", "--json", "--kind", "test-steps")).out());
            assertThat(byKind.path("jobs")).hasSize(1);

            var shown = cli.run(CLI_TIMEOUT, args(url, "jobs", "show", Long.toString(steps.id())));
            assertThat(shown.out()).contains("succeeded", "attempts: 1", "runner: " + server.jobs().serverId(), "actor: alice");
            var shownJson = JSON.readTree(cli.run(CLI_TIMEOUT, args(url, "jobs", "show", Long.toString(broken.id()), "--json")).out());
            assertThat(shownJson.path("error").asText()).isEqualTo("the remote's key does not match");

            var unknownState = cli.run(CLI_TIMEOUT, args(url, "jobs", "list", "--state", "asleep"));
            assertThat(unknownState.exit()).isEqualTo(1);
            assertThat(unknownState.err()).contains("unknown job state 'asleep'");
            ChildJvm.assertNoStackTrace(unknownState);
            var missing = cli.run(CLI_TIMEOUT, args(url, "jobs", "show", "424242"));
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("no job with id 424242");
        }
    }

    private static String[] args(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return all.toArray(String[]::new);
    }
}
