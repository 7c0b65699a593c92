package dev.baton.agent.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.FakeLockServer;
import dev.baton.agent.TestFiles;
import dev.baton.agent.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code kill -9} in every phase: the agent runs as a real child JVM against real scripts, is killed with
 * {@link Process#destroyForcibly()} while the phase is under way, and is run again. It must resume at the right
 * phase, keep the lock, and run nothing again that had finished.
 */
class KillNineTest {

    @TempDir
    Path dir;

    private TestHost host;
    private FakeLockServer server;
    private Path go;

    private Process start(String... args) throws Exception {
        host.writeConfig();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.baton.agent.AgentMain"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--cfg", host.config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent-output-" + System.nanoTime()).toFile())
                .start();
    }

    private int runToEnd(String... args) throws Exception {
        Process p = start(args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    /**
     * A script that records its start and its process group (its own, or with the check phases the one of the shell
     * that runs them all), blocks until {@link #go} exists, then records its end.
     */
    private void blocking(String phase, String name, int exit) {
        host.scriptBody(phase, name, "echo $(ps -o pgid= -p $$) > " + dir.resolve("blocker.pid") + "\necho start " + phase + "/" + name + " >> " + host.marker
                + "\nn=0; while [ ! -e " + go + " ] && [ $n -lt 1200 ]; do sleep 0.05; n=$((n+1)); done\necho end " + phase + "/"
                + name + " >> " + host.marker + "\nexit " + exit);
    }

    private void quick(String phase, String name, int exit) {
        host.scriptBody(phase, name, "echo start " + phase + "/" + name + " >> " + host.marker + "\necho end " + phase + "/" + name
                + " >> " + host.marker + "\nexit " + exit);
    }

    private void setUp(boolean reboot) throws Exception {
        server = FakeLockServer.start();
        host = new TestHost(dir);
        go = dir.resolve("go");
        host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret");
        quick("needs_update", "01-check", 1);
        quick("pre_update", "01-stop", 0);
        quick("update", "01-install", 0);
        quick("needs_reboot", "01-kernel", reboot ? 1 : 0);
        quick("post_update", "01-start", 0);
    }

    private long count(String line) {
        return host.ran().stream().filter(line::equals).count();
    }

    @ParameterizedTest(name = "kill -9 during {0}")
    @ValueSource(strings = {"needs_update", "pre_update", "update", "needs_reboot", "post_update"})
    void killedWhileAScriptRunsThenRerun(String phase) throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            quick(phase, "00-before", phase.equals("needs_update") ? 1 : 0);
            blocking(phase, "50-block", phase.equals("needs_update") ? 1 : 0);
            quick(phase, "99-after", 0);
            Process agent = start("run");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> host.ran().contains("start " + phase + "/50-block"));
            agent.destroyForcibly().waitFor();
            // the machine "crashed": the script (and the shell running it, in a check phase) dies with it
            dev.baton.agent.script.ScriptRunnerAccess.killGroup(Long.parseLong(TestFiles.read(dir.resolve("blocker.pid")).strip()));

            String expectedState = phase;
            assertThat(host.state()).isEqualTo(phase.equals("needs_update") ? "" : expectedState);
            boolean lockPhase = !phase.equals("needs_update");
            assertThat(server.holders.containsKey("web")).as("lock held after the kill").isEqualTo(lockPhase);

            Files.createFile(go);
            assertThat(runToEnd("run")).isZero();
            assertThat(host.state).doesNotExist();
            assertThat(server.holders).as("released at the end").isEmpty();
            // the interrupted script ran again and finished once; nothing that had finished ran twice
            assertThat(count("start " + phase + "/50-block")).isEqualTo(2);
            assertThat(count("end " + phase + "/50-block")).isEqualTo(1);
            boolean checkPhase = phase.equals("needs_update") || phase.equals("needs_reboot");
            assertThat(count("end " + phase + "/00-before")).isEqualTo(checkPhase ? 2 : 1);
            for (String other : List.of("pre_update/01-stop", "update/01-install", "post_update/01-start", phase + "/99-after")) {
                assertThat(count("end " + other)).as(other).isEqualTo(1);
            }
            assertThat(count("end needs_update/01-check")).isEqualTo(phase.equals("needs_update") ? 2 : 1);
        }
    }

    @Test
    void killedDuringTheRebootCommandResumesAtPostUpdateAfterReboot() throws Exception {
        setUp(true);
        try (FakeLockServer s = server) {
            blocking("rebootcmd", "reboot", 0);
            host.with("reboot_cmd = " + dir.resolve("rebootcmd.d/reboot"));
            Process agent = start("run");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> host.ran().contains("start rebootcmd/reboot"));
            agent.destroyForcibly().waitFor();
            dev.baton.agent.script.ScriptRunnerAccess.killGroup(Long.parseLong(TestFiles.read(dir.resolve("blocker.pid")).strip()));
            assertThat(host.state()).isEqualTo("post_update");
            assertThat(server.holders).containsEntry("web", "host-1");
            Files.createFile(go);
            assertThat(runToEnd("run", "--after_reboot")).isZero();
            assertThat(count("start rebootcmd/reboot")).isEqualTo(1);
            assertThat(count("end post_update/01-start")).isEqualTo(1);
            assertThat(count("end update/01-install")).isEqualTo(1);
            assertThat(server.holders).isEmpty();
        }
    }

    @ParameterizedTest(name = "kill -9 while talking to the lock server in {0}")
    @ValueSource(strings = {"lock_get", "lock_release"})
    void killedDuringALockRequestThenRerun(String phase) throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            TestFiles.write(host.state, phase + "\nrun_id=test-run\n");
            if (phase.equals("lock_release")) {
                server.holders.put("web", "host-1");
            }
            server.delayMillis = 30_000;
            Process agent = start("run");
            String request = phase.equals("lock_get") ? "GET /api/v2/locks/web" : "DELETE /api/v2/locks/web";
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> server.requests.contains(request));
            agent.destroyForcibly().waitFor();
            assertThat(host.state()).isEqualTo(phase);
            server.delayMillis = 0;
            assertThat(runToEnd("run")).isZero();
            assertThat(host.state).doesNotExist();
            assertThat(server.holders).isEmpty();
            if (phase.equals("lock_get")) {
                assertThat(host.ran()).containsExactly("start pre_update/01-stop", "end pre_update/01-stop", "start update/01-install",
                        "end update/01-install", "start needs_reboot/01-kernel", "end needs_reboot/01-kernel",
                        "start post_update/01-start", "end post_update/01-start");
            } else {
                assertThat(host.ran()).isEmpty();
            }
        }
    }

}
