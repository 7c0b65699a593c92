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
import org.junit.jupiter.api.AfterEach;
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

    /** Every agent a test started: a test that fails must not leave one behind, retrying its lock for an hour. */
    private final List<Process> agents = new ArrayList<>();

    @AfterEach
    void stopWhatIsLeft() {
        agents.forEach(Process::destroyForcibly);
        if (Files.exists(dir.resolve("blocker.pid"))) {
            dev.baton.agent.script.ScriptRunnerAccess.killGroup(Long.parseLong(TestFiles.read(dir.resolve("blocker.pid")).strip()));
        }
    }

    private Process start(String... args) throws Exception {
        host.writeConfig();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.baton.agent.AgentMain"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--cfg", host.config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent-output-" + System.nanoTime()).toFile())
                .start();
        agents.add(p);
        return p;
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

    /** Starts a run, waits until {@code phase/50-block} runs, and kills the agent (not the script). */
    private long killTheAgentWhileBlocking(String phase) throws Exception {
        Process agent = start("run");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> host.ran().contains("start " + phase + "/50-block"));
        agent.destroyForcibly().waitFor();
        long pgid = Long.parseLong(TestFiles.read(dir.resolve("blocker.pid")).strip());
        assertThat(TestFiles.read(host.state)).contains("running=50-block\n", "running_pgid=" + pgid + "\n");
        assertThat(ProcessHandle.of(pgid)).as("the script goes on without the agent").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        return pgid;
    }

    private String log() {
        return TestFiles.read(dir.resolve("log/agent.log"));
    }

    /**
     * Issue 13, item 2: kill -9 while an update.d script runs; the script goes on in its own session. Without a
     * script_timeout the next run refuses (it must not start the script beside itself); once the script has ended with
     * 0 a run goes on after it, running nothing twice.
     */
    @Test
    void aScriptLeftRunningByAKilledAgentIsNotStartedAgainBesideItself() throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            quick("update", "00-before", 0);
            blocking("update", "50-block", 0);
            quick("update", "99-after", 0);
            long pgid = killTheAgentWhileBlocking("update");

            assertThat(runToEnd("run")).isEqualTo(1);
            assertThat(count("start update/50-block")).isEqualTo(1);
            assertThat(host.state()).isEqualTo("update");
            assertThat(log()).contains("update script 50-block of an earlier run (process group " + pgid, "is still running",
                    "This run does nothing");
            assertThat(server.holders).containsEntry("web", "host-1");

            Files.createFile(go);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !dev.baton.agent.script.ProcessTable.groupAlive(pgid,
                    Long.parseLong(TestFiles.read(host.state).replaceAll("(?s).*running_start_ticks=(\\d+).*", "$1"))));
            assertThat(runToEnd("run")).isZero();
            assertThat(log()).contains("update script 50-block of an earlier run (process group " + pgid, "has ended: exit code 0");
            assertThat(count("start update/50-block")).isEqualTo(1);
            assertThat(count("end update/50-block")).isEqualTo(1);
            for (String once : List.of("update/00-before", "update/99-after", "pre_update/01-stop", "post_update/01-start")) {
                assertThat(count("end " + once)).as(once).isEqualTo(1);
            }
            assertThat(host.state).doesNotExist();
            assertThat(server.holders).isEmpty();
        }
    }

    /** With a script_timeout, the next run waits for the script a killed agent left running, and goes on after it. */
    @Test
    void withAScriptTimeoutTheNextRunWaitsForTheScriptOfTheKilledAgent() throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            host.with("script_timeout = 120");
            blocking("post_update", "50-block", 0);
            quick("post_update", "99-after", 0);
            long pgid = killTheAgentWhileBlocking("post_update");

            Process second = start("run");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> log().contains("waiting for it to end"));
            Thread.sleep(500);
            assertThat(second.isAlive()).isTrue();
            assertThat(count("start post_update/50-block")).isEqualTo(1);
            Files.createFile(go);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isZero();
            assertThat(count("start post_update/50-block")).isEqualTo(1);
            assertThat(count("end post_update/99-after")).isEqualTo(1);
            assertThat(log()).contains("post_update script 50-block of an earlier run (process group " + pgid, "has ended: exit code 0");
            assertThat(server.holders).isEmpty();
        }
    }

    /** The script a killed agent left ends with a failure: that is a failure of its phase (lock kept, on_failure). */
    @Test
    void aScriptOfTheKilledAgentThatFailedFailsItsPhase() throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            host.with("script_timeout = 120");
            Path args = dir.resolve("failure-args");
            host.scriptBody("on_failure", "01-page", "echo \"$@\" > " + args);
            blocking("update", "50-block", 3);
            killTheAgentWhileBlocking("update");
            Files.createFile(go);
            assertThat(runToEnd("run")).isEqualTo(1);
            assertThat(count("start update/50-block")).isEqualTo(1);
            assertThat(host.state()).isEqualTo("update");
            assertThat(TestFiles.read(host.state)).doesNotContain("running=");
            assertThat(TestFiles.read(args).strip()).isEqualTo("web True False update 50-block 3");
            assertThat(log()).contains("update failed: 50-block exit code 3", "the lock is kept");
            assertThat(server.holders).containsEntry("web", "host-1");
        }
    }

    /** A script of the killed agent that outlives its script_timeout is ended as a time limit ends it. */
    @Test
    void aScriptOfTheKilledAgentPastItsTimeLimitIsKilled() throws Exception {
        setUp(false);
        try (FakeLockServer s = server) {
            host.with("script_timeout = 3");
            blocking("update", "50-block", 0);
            long pgid = killTheAgentWhileBlocking("update");
            assertThat(runToEnd("run")).isEqualTo(1);
            assertThat(log()).contains("50-block: time limit of 3 s exceeded; killing its process group", "update failed: 50-block timed out");
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> ProcessHandle.of(pgid).map(p -> !p.isAlive()).orElse(true));
            assertThat(count("end update/50-block")).isZero();
            assertThat(host.state()).isEqualTo("update");
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
            // the request to die in: lock_get's first one; lock_release's DELETE (after it asked whether it holds the lock)
            server.delayOnly = phase.equals("lock_get") ? null : "DELETE";
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
