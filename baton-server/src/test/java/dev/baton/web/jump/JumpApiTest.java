package dev.baton.web.jump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.client.JumpClient;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v3/jump/runs} on a real server: a run is refused with every problem named (the recipe's with file and
 * line, the directory, the hosts, the options) and nothing stored; a name is taken once; a host that cannot be
 * reached is refused by its pre-checks and the run says why; decisions and aborts that do not apply are 409s; and
 * changes are audited.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JumpApiTest {

    private static final String PASSWORD = "jump-api-test-admin-pw";
    @TempDir
    static Path data;
    static BatonServer server;
    static JumpClient jump;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data.resolve("data"), null)
                .withAdminPassword(PASSWORD));
        jump = new JumpClient(new BatonClient(URI.create("http://127.0.0.1:" + server.port()),
                new BatonClient.Auth.Basic("admin", PASSWORD), null));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static BatonClientException refused(Runnable call) {
        try {
            call.run();
        } catch (BatonClientException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void aBadRunIsRefusedWithEveryProblemNamedAndNothingStored() {
        var e = refused(() -> jump.start(new JumpClient.Start("bad", "/r/nextrel.cfg",
                "remote echo %UNDEFINED%\njump(nosuch, x)\n", "relative/dir", List.of("h1", "h1", "a b"), 0, -1)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("directory relative/dir is not an absolute path",
                "slots must be between 1", "max_failures must be 0", "host h1 is named twice", "'a b' is not a host");

        e = refused(() -> jump.start(new JumpClient.Start("bad", "nextrel.cfg",
                "remote echo %UNDEFINED%\njump(nosuch, x)\n", data.toString(), List.of("h1"), 1, 0)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("nextrel.cfg:1:", "UNDEFINED", "nextrel.cfg:2:", "nosuch");

        e = refused(() -> jump.start(new JumpClient.Start("bad", "nextrel.cfg", "remote true\n", data.toString(),
                List.of(), 1, 0)));
        assertThat(e.getMessage()).contains("hosts are missing");
        e = refused(() -> jump.start(new JumpClient.Start("bad/name", "nextrel.cfg", "remote true\n", data.toString(),
                List.of("h1"), 1, 0)));
        assertThat(e.getMessage()).contains("jump run name 'bad/name'");
        assertThat(refused(() -> jump.run("bad")).status()).as("nothing stored").isEqualTo(404);
    }

    @Test
    void anUnreachableHostIsRefusedByItsPreChecksAndDecisionsThatDoNotApplyAre409() throws Exception {
        Path dir = Files.createDirectories(data.resolve("recipes"));
        JsonNode started = jump.start(new JumpClient.Start("unreachable", dir.resolve("r.cfg").toString(),
                "remote true\n", dir.toString(), List.of("h1=127.0.0.1:1"), 2, 1));
        assertThat(started.path("name").asText()).isEqualTo("unreachable");
        assertThat(started.path("lock").asText()).isEqualTo("jump-unreachable");
        assertThat(started.path("hosts").get(0).path("state").asText()).isEqualTo("waiting");
        assertThat(refused(() -> jump.start(new JumpClient.Start("unreachable", "r.cfg", "remote true\n", dir.toString(),
                List.of("h2"), 1, 0))).status()).as("the name is taken").isEqualTo(409);

        JsonNode run = started;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!"finished".equals(run.path("state").asText())) {
            assertThat(System.nanoTime()).as("finished: %s", run).isLessThan(deadline);
            Thread.sleep(100);
            run = jump.run("unreachable");
        }
        JsonNode host = run.path("hosts").get(0);
        assertThat(host.path("state").asText()).isEqualTo("refused");
        // This server has no SSH key at all: every host is refused saying so, and the run ends.
        assertThat(host.path("message").asText()).startsWith("not started: cannot reach it over SSH: Baton cannot log in");
        assertThat(run.path("hosts_by_state").path("refused").asInt()).isEqualTo(1);

        assertThat(refused(() -> jump.skip("unreachable", "h1")).status()).isEqualTo(409);
        assertThat(refused(() -> jump.retry("unreachable", "h1")).getMessage()).contains("the run has ended");
        assertThat(refused(() -> jump.abort("unreachable")).status()).isEqualTo(409);
        assertThat(refused(() -> jump.retry("unreachable", "nobody")).status()).isEqualTo(404);
        assertThat(jump.runs(10).path("runs").get(0).path("name").asText()).isEqualTo("unreachable");
        assertThat(jump.hostLog("unreachable", "h1").path("steps")).isEmpty();
        assertThat(server.audit().list(new dev.baton.audit.AuditQuery(null, "jump.run", null, null, 10)).entries())
                .extracting(dev.baton.audit.AuditEntry::target)
                .contains("unreachable");
    }

    @Test
    void aGroupReadShowsTheHostsThatTookItsLockAndAnUnknownGroupIs404() {
        assertThat(server.locks().service().acquire(new dev.baton.lock.AcquireRequest("api-web", "web7.example.com",
                "web7.example.com", dev.baton.lock.Protocol.DLM_V1, java.time.Duration.ZERO, true)).granted()).isTrue();
        JsonNode group = jump.group("api-web");
        assertThat(group.path("group").asText()).isEqualTo("api-web");
        assertThat(group.path("hosts")).hasSize(1);
        JsonNode host = group.path("hosts").get(0);
        assertThat(host.path("name").asText()).isEqualTo("web7.example.com");
        assertThat(host.path("registered").asBoolean()).isFalse();
        assertThat(host.path("last_taken").asText()).isNotEmpty();
        var e = refused(() -> jump.group("api-nosuch"));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.getMessage()).contains("there is no group api-nosuch");
        e = refused(() -> jump.start(new JumpClient.Start("grouped-api", "r.cfg", "remote true\n", data.toString(),
                List.of(), "api-nosuch", 1, 0)));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("there is no group api-nosuch");
    }
}
