package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.JumpClient;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A jump run through a real {@code baton server} process and the {@code baton jump} commands, on real test hosts: the
 * server is killed with SIGKILL mid-run and started again on the same store; the run resumes by itself, each host
 * at its first unfinished line, a host whose line had started waits for an operator's skip, and no line runs twice
 * (counted on the hosts), nor the local command whose output a host's variable holds.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class JumpRunProcessTest {

    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    /** The job lease is 30 s: the restarted server takes the run over after it. */
    private static final Duration PATIENCE = Duration.ofSeconds(150);
    private static final int LINES = 8;

    @TempDir
    Path tmp;

    @Test
    void killNineMidRunResumesWithNothingRunTwice() throws Exception {
        Path counts = Files.createDirectories(tmp.resolve("counts"));
        StringBuilder recipe = new StringBuilder("# counts every execution, on this side and on the hosts\n"
                + "COUNTED=`echo x >> " + counts + "/local-%_HOST%; echo counted`\n");
        for (int i = 1; i <= LINES; i++) {
            recipe.append("remote echo line").append(i).append(" %COUNTED% >> /executions; sleep 0.4\n");
        }
        Path recipeFile = Files.createDirectories(tmp.resolve("recipes")).resolve("fleet.cfg");
        Files.writeString(recipeFile, recipe);
        try (TestHosts hosts = TestHosts.start(4, tmp.resolve("hosts"));
             ServerProcess server = ServerProcess.embedded(tmp.resolve("data"),
                     "--jump-ssh-key", hosts.clientKey().toString(), "--jump-known-hosts", hosts.knownHosts().toString(),
                     "--jump-log-dir", tmp.resolve("logs").toString()).start();
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            List<String> args = new ArrayList<>(List.of("jump", "run", recipeFile.toString()));
            hosts.hosts().forEach(h -> args.add(h.address().toString()));
            args.addAll(List.of("--slots", "2", "--max-failures", "0", "--name", "killed", "--no-follow"));
            var started = cli.run(CLI_TIMEOUT, withServer(server, args));
            assertThat(started.exit()).as("%s", started).isZero();
            assertThat(started.out()).contains("started jump run killed on 4 hosts, 2 at a time");

            await(server, run -> linesDone(run) >= 6, "6 lines ran");
            server.kill9();
            server.start();

            // Hosts caught mid-line keep their slots and wait for an operator; with both slots held, nobody else starts.
            JsonNode waiting = await(server, run -> !"running".equals(run.path("state").asText())
                    || count(run, "interrupted") > 0 && count(run, "running") == 0,
                    "the resumed run ran every host it could");
            List<String> interrupted = new ArrayList<>();
            waiting.path("hosts").forEach(h -> {
                if ("interrupted".equals(h.path("state").asText())) {
                    interrupted.add(h.path("name").asText());
                }
            });
            assertThat(interrupted).as("the kill caught hosts mid-line").isNotEmpty();
            for (String host : interrupted) {
                var log = cli.run(CLI_TIMEOUT, withServer(server, List.of("jump", "show", "killed", host)));
                assertThat(log.out()).as("%s", log).contains(host + ": interrupted", "retry or skip", "# interrupted");
                var skipped = cli.run(CLI_TIMEOUT, withServer(server, List.of("jump", "skip", "killed", host)));
                assertThat(skipped.exit()).as("%s", skipped).isZero();
            }
            JsonNode ended = await(server, run -> !"running".equals(run.path("state").asText()), "the run ended");
            assertThat(ended.path("state").asText()).as("%s", ended).isEqualTo("finished");
            assertThat(count(ended, "done")).isEqualTo(4);

            for (TestHost h : hosts.hosts()) {
                assertThat(Files.readAllLines(counts.resolve("local-" + h.name())))
                        .as("the local command of %s ran once", h.name()).hasSize(1);
                List<String> ran = Files.readAllLines(h.path("/executions"));
                assertThat(ran).as("no line of %s ran twice", h.name()).doesNotHaveDuplicates();
                JsonNode steps = new JumpClient(server.adminClient()).hostLog("killed", h.name()).path("steps");
                for (int i = 1; i <= LINES; i++) {
                    int line = i + 2;
                    boolean skipped = false;
                    for (JsonNode s : steps) {
                        skipped |= s.path("line").asInt() == line && "skipped".equals(s.path("state").asText());
                    }
                    if (!skipped) {
                        assertThat(ran).as("%s ran line %d", h.name(), line).contains("line" + i + " counted");
                    }
                }
            }
            var list = cli.run(CLI_TIMEOUT, withServer(server, List.of("jump", "runs")));
            assertThat(list.out()).as("%s", list).contains("killed", "finished", "4 done");
            var show = cli.run(CLI_TIMEOUT, withServer(server, List.of("jump", "show", "killed", "--json")));
            assertThat(show.out()).contains("\"lock\" : \"jump-killed\"");
        }
    }

    private static String[] withServer(ServerProcess server, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.add("--server");
        all.add(server.url().toString());
        return all.toArray(String[]::new);
    }

    private static JsonNode await(ServerProcess server, Predicate<JsonNode> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            try {
                run = new JumpClient(server.adminClient()).run("killed");
                if (done.test(run)) {
                    return run;
                }
            } catch (RuntimeException e) {
                // starting up
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + PATIENCE + ": " + what + "; the run: " + run + "\n" + server.output());
    }

    private static long count(JsonNode run, String state) {
        return run.path("hosts_by_state").path(state).asLong();
    }

    /** Lines that ended or run now, summed over the hosts (a host's line is the one it runs or ran last). */
    private static long linesDone(JsonNode run) {
        long sum = 0;
        for (JsonNode h : run.path("hosts")) {
            sum += Math.max(0, h.path("line").asInt() - 2);
        }
        return sum;
    }
}
