package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
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
 * {@code baton jump run RECIPE --group G} in its own process against a real server: the group's hosts are the hosts
 * that took a slot of the lock G (resolved by the server, by registered name), listed in the output and in the JSON;
 * an unknown group, a group no host took and hosts given with a group are refused in words.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class JumpGroupCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final String MACHINE_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    @TempDir
    Path tmp;

    @Test
    void aRunOfAGroupListsTheHostsItResolvedAndAnUnknownOrEmptyGroupIsRefused() throws Exception {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                .withStore(tmp.resolve("data"), null).withAdminPassword(ServerProcess.ADMIN_PASSWORD));
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = "http://127.0.0.1:" + server.port();
            Path recipe = Files.writeString(tmp.resolve("wave.cfg"), "remote true\n");
            ok(cli.run(CLI_TIMEOUT, "lock", "set-slots", "web", "3", "--server", url));
            ok(cli.run(CLI_TIMEOUT, "lock", "acquire", "web", "--holder", "web1.example.com", "--server", url));
            ok(cli.run(CLI_TIMEOUT, "lock", "release", "web", "--holder", "web1.example.com", "--server", url));
            ok(cli.run(CLI_TIMEOUT, "hosts", "add", "web2.example.com", "--alias", MACHINE_ID, "--server", url));
            assertThat(server.locks().service().acquire(new AcquireRequest("web", MACHINE_ID, MACHINE_ID,
                    Protocol.FLEETLOCK, Duration.ZERO, true)).granted()).as("Zincati took it").isTrue();
            ok(cli.run(CLI_TIMEOUT, "lock", "set-slots", "empty", "2", "--server", url));

            ChildJvm.Result started = cli.run(CLI_TIMEOUT, run(url, recipe, "--group", "web", "--name", "wave1"));
            ok(started);
            assertThat(started.out()).contains("group web: 2 hosts: web1.example.com, web2.example.com\n",
                    "started jump run wave1 on 2 hosts");

            ChildJvm.Result json = cli.run(CLI_TIMEOUT, run(url, recipe, "--group", "web", "--name", "wave2", "--json"));
            ok(json);
            JsonNode answer = JSON.readTree(json.out());
            assertThat(answer.path("group").asText()).isEqualTo("web");
            assertThat(answer.path("hosts")).extracting(h -> h.path("name").asText())
                    .containsExactly("web1.example.com", "web2.example.com");

            ChildJvm.Result unknown = cli.run(CLI_TIMEOUT, run(url, recipe, "--group", "nosuch"));
            assertThat(unknown.exit()).as("%s", unknown).isEqualTo(1);
            assertThat(unknown.err()).contains("there is no group nosuch", "'baton lock list'");
            ChildJvm.Result empty = cli.run(CLI_TIMEOUT, run(url, recipe, "--group", "empty"));
            assertThat(empty.exit()).as("%s", empty).isEqualTo(1);
            assertThat(empty.err()).contains("the group empty has no hosts", "name the hosts instead");
            ChildJvm.Result both = cli.run(CLI_TIMEOUT, run(url, recipe, "--group", "web", "web9"));
            assertThat(both.exit()).as("%s", both).isEqualTo(2);
            assertThat(both.err()).contains("give hosts (arguments or --hosts-file) or --group, not both");
            for (ChildJvm.Result r : List.of(unknown, empty, both)) {
                assertThat(r.err()).doesNotContain("Exception");
            }
        }
    }

    private static String[] run(String url, Path recipe, String... more) {
        List<String> args = new ArrayList<>(List.of("jump", "run", recipe.toString(), "--no-follow", "--server", url));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static void ok(ChildJvm.Result r) {
        assertThat(r.exit()).as("%s", r).isZero();
    }
}
