package dev.baton.agent.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.AgentMain;
import dev.baton.agent.TestFiles;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.state.InstanceLock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton-agent refresh-config}, os-refresh-config's phases. */
class RefreshConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        AgentContext ctx = new AgentContext(Clock.systemUTC(), Map.of("OS_REFRESH_CONFIG_BASE_DIR", dir.toString(), "KEPT", "yes"),
                new PrintStream(out, true), new PrintStream(err, true), d -> { }, new Random());
        String[] all = new String[args.length + 3];
        all[0] = "refresh-config";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--lockfile";
        all[args.length + 2] = dir.resolve("orc.lock").toString();
        return AgentMain.run(ctx, all);
    }

    private void script(String phase, String name, String body) {
        TestFiles.script(dir.resolve(phase + ".d"), name, "echo " + phase + "/" + name + " >> " + dir.resolve("marker") + "\n" + body);
    }

    private String marker() {
        return TestFiles.read(dir.resolve("marker"));
    }

    @Test
    void runsThePhasesInOrderWithRunPartsOrdering() {
        script("migration", "10-m", "exit 0");
        script("post-configure", "1-p", "exit 0");
        script("configure", "20-b", "exit 0");
        script("configure", "3-a", "exit 0");
        script("pre-configure", "50-q", "echo \"$KEPT $BATON_PHASE $BATON_SCRIPT\" >> " + dir.resolve("env"));
        TestFiles.script(dir.resolve("configure.d"), "skipped.sh", "exit 1");
        assertThat(run()).isZero();
        assertThat(marker().lines()).containsExactly("pre-configure/50-q", "configure/3-a", "configure/20-b", "post-configure/1-p", "migration/10-m");
        assertThat(TestFiles.read(dir.resolve("env"))).isEqualTo("yes pre-configure 50-q\n");
        assertThat(err.toString()).contains("skipping " + dir.resolve("configure.d/skipped.sh") + ": name does not match");
    }

    @Test
    void aFailureRunsErrorHandlersWithThePhaseScriptAndExitCode() {
        script("pre-configure", "1", "exit 0");
        script("configure", "1-ok", "exit 0");
        script("configure", "2-bad", "exit 5");
        script("configure", "3-never", "exit 0");
        script("migration", "1", "exit 0");
        TestFiles.script(dir.resolve("error.d"), "10-report",
                "echo \"$BATON_FAILED_PHASE $BATON_FAILED_SCRIPT $BATON_FAILED_EXIT_CODE\" > " + dir.resolve("failed"));
        assertThat(run()).isEqualTo(1);
        assertThat(marker().lines()).containsExactly("pre-configure/1", "configure/1-ok", "configure/2-bad");
        assertThat(TestFiles.read(dir.resolve("failed"))).isEqualTo("configure 2-bad 5\n");
    }

    @Test
    void environmentDIsSourcedBeforeEachScript() {
        TestFiles.file(dir.resolve("environment.d"), "10-vars", "export FROM_ENV_D=sourced\n", "rw-r--r--");
        script("configure", "1", "echo \"$FROM_ENV_D\" > " + dir.resolve("seen"));
        assertThat(run()).isZero();
        assertThat(TestFiles.read(dir.resolve("seen"))).isEqualTo("sourced\n");
    }

    @Test
    void theTimeoutKillsTheScriptAndRunsErrorD() {
        script("configure", "1-hang", "sleep 60");
        TestFiles.script(dir.resolve("error.d"), "1", "echo \"$BATON_FAILED_SCRIPT $BATON_FAILED_EXIT_CODE\" > " + dir.resolve("failed"));
        long t0 = System.nanoTime();
        assertThat(run("--timeout", "1")).isEqualTo(1);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
        assertThat(TestFiles.read(dir.resolve("failed"))).isEqualTo("1-hang 124\n");
    }

    @Test
    void printBaseAndPhases() {
        assertThat(run("--print-base")).isZero();
        assertThat(out.toString()).isEqualTo(dir + "\n");
        out.reset();
        assertThat(run("--print-phases")).isZero();
        assertThat(out.toString()).isEqualTo("pre-configure configure post-configure migration\n");
    }

    @Test
    void aBusyLockFileExitsEleven() throws Exception {
        script("configure", "1", "exit 0");
        try (InstanceLock held = InstanceLock.acquire(dir.resolve("orc.lock"), "other", Instant.now())) {
            assertThat(run()).isEqualTo(11);
        }
        assertThat(TestFiles.read(dir.resolve("marker"))).isEmpty();
        assertThat(err.toString()).contains("another instance is already running");
    }
}
