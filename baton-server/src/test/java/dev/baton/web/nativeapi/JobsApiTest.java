package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.jobs.Job;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v3/jobs} on a real server with a handler kind registered by the test only: a running job's progress shows
 * through the API, a viewer reads but may not cancel, an operator's cancel stops the handler, a failed handler's error
 * shows, and the list filters by kind and state and pages by id.
 */
class JobsApiTest {

    private static final String PASSWORD = "jobs-test-admin-pw";
    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient admin;
    static BatonClient viewer;
    static final CountDownLatch reported = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        admin = client("admin", PASSWORD);
        JsonNode v = admin.createCredential("job-watcher", "viewer", List.of());
        viewer = client(v.path("id").asText(), v.path("secret").asText());
        server.jobs().register("test-steps", context -> {
            context.progress(3, 8, "steps", "step 3 of 8");
            reported.countDown();
            while (!context.cancelled()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    // cancelled() says why
                }
            }
        });
        server.jobs().register("test-broken", context -> {
            throw new IllegalStateException("checksum of primary.xml.gz does not match repomd.xml");
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BatonClient client(String id, String secret) {
        return new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic(id, secret), null);
    }

    static JsonNode get(BatonClient as, String path) {
        return as.call("GET", "api/v3/" + path, null, Duration.ofSeconds(30), 200);
    }

    @Test
    void progressShowsWhileRunningAndAnOperatorCancels() throws Exception {
        Job job = server.jobs().submit("test-steps", "upstream", "{\"full\":false}", "alice");
        assertThat(reported.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode shown = get(viewer, "jobs/" + job.id());
            assertThat(shown.path("state").asText()).isEqualTo("running");
            assertThat(shown.path("progress").path("done").asLong()).isEqualTo(3);
            assertThat(shown.path("progress").path("total").asLong()).isEqualTo(8);
            assertThat(shown.path("progress").path("message").asText()).isEqualTo("step 3 of 8");
        });
        JsonNode shown = get(viewer, "jobs/" + job.id());
        assertThat(shown.path("kind").asText()).isEqualTo("test-steps");
        assertThat(shown.path("subject").asText()).isEqualTo("upstream");
        assertThat(shown.path("runner").asText()).isEqualTo(server.jobs().serverId());
        assertThat(shown.path("attempts").asInt()).isEqualTo(1);
        assertThat(server.locks().reader().show("baton-job-test-steps-upstream").orElseThrow()
                .isHeldBy(server.jobs().serverId())).isTrue();

        assertThatThrownBy(() -> viewer.call("POST", "api/v3/jobs/" + job.id() + "/cancel", null, Duration.ofSeconds(30), 200))
                .isInstanceOf(BatonClientException.class).hasMessageContaining("operate-locks");
        JsonNode asked = admin.call("POST", "api/v3/jobs/" + job.id() + "/cancel", null, Duration.ofSeconds(30), 200);
        assertThat(asked.path("cancel_requested_by").asText()).isEqualTo("admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(viewer, "jobs/" + job.id()).path("state").asText()).isEqualTo("cancelled"));
        assertThat(get(viewer, "jobs/" + job.id()).path("error").asText()).isEqualTo("cancelled by admin");
        assertThat(get(admin, "audit?action=job.cancel").path("entries").get(0).path("detail").asText())
                .isEqualTo("job=" + job.id());
    }

    @Test
    void aFailedHandlersErrorShowsAndTheListFiltersAndPages() throws Exception {
        Job broken = server.jobs().submit("test-broken", "mirror-a", "", "alice");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(viewer, "jobs/" + broken.id()).path("state").asText()).isEqualTo("failed"));
        assertThat(get(viewer, "jobs/" + broken.id()).path("error").asText())
                .isEqualTo("checksum of primary.xml.gz does not match repomd.xml");
        Job second = server.jobs().submit("test-broken", "mirror-b", "", "alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.jobs().get(second.id()).orElseThrow().active());

        JsonNode page = get(viewer, "jobs?kind=test-broken&state=failed&limit=1");
        assertThat(page.path("jobs")).hasSize(1);
        assertThat(page.path("jobs").get(0).path("id").asLong()).isEqualTo(second.id());
        JsonNode next = get(viewer, "jobs?kind=test-broken&state=failed&limit=1&before=" + page.path("next_before").asLong());
        assertThat(next.path("jobs").get(0).path("id").asLong()).isEqualTo(broken.id());
        assertThat(get(viewer, "jobs?kind=test-broken&state=succeeded").path("jobs")).isEmpty();

        assertThatThrownBy(() -> get(viewer, "jobs?state=sleeping")).isInstanceOf(BatonClientException.class)
                .hasMessageContaining("unknown job state 'sleeping'");
        assertThatThrownBy(() -> get(viewer, "jobs/999999")).isInstanceOf(BatonClientException.class)
                .hasMessageContaining("no job with id 999999");
        assertThatThrownBy(() -> get(viewer, "jobs/abc")).isInstanceOf(BatonClientException.class)
                .hasMessageContaining("job id must be a whole number");
    }
}
