package dev.baton.agent.script;

import static dev.baton.agent.TestFiles.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.TestFiles;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Level;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AgentLog log = AgentLog.stderrOnly(new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), Level.DEBUG);

    private String logged() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsWithExactlyTheGivenEnvironmentAndLogsOutputLineByLine() {
        Path s = script(dir, "01-env", "env | sort; echo to-stderr >&2; exit 3");
        ScriptResult r = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1))
                .run(Script.of(s), List.of(), Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.ok()).isFalse();
        List<String> lines = logged().lines().toList();
        assertThat(lines).contains("[01-env] ONLY=this", "[01-env] PATH=/usr/bin:/bin", "[01-env] to-stderr");
        assertThat(lines).noneMatch(l -> l.startsWith("[01-env] HOME=") || l.startsWith("[01-env] JAVA_HOME"));
    }

    @Test
    void passesArguments() {
        Path out = dir.resolve("args");
        Path s = script(dir, "n", "echo \"$#:$1:$2:$6\" > " + out);
        new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).run(Script.of(s), List.of("lock", "True", "c", "d", "e", "0"), Map.of());
        assertThat(TestFiles.read(out)).isEqualTo("6:lock:True:0\n");
    }

    @Test
    void eachScriptGetsItsOwnProcessGroup() {
        Path out = dir.resolve("ids");
        Path s = script(dir, "ids", "ps -o pid=,pgid=,sid= -p $$ > " + out);
        new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).run(Script.of(s), List.of(), Map.of("PATH", "/usr/bin:/bin"));
        String[] ids = TestFiles.read(out).trim().split("\\s+");
        assertThat(ids[1]).as("pgid = pid").isEqualTo(ids[0]);
        assertThat(ids[2]).as("sid = pid").isEqualTo(ids[0]);
        assertThat(Long.parseLong(ids[1])).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aTimeoutKillsTheWholeProcessGroupEvenWhenTermIsIgnored() throws Exception {
        Path pids = dir.resolve("pids");
        // the script and a grandchild both ignore SIGTERM; the grandchild is detached into the background
        Path s = script(dir, "hang", "trap '' TERM\n(trap '' TERM; sleep 300) &\necho $! > " + pids + "\nsleep 300");
        long t0 = System.nanoTime();
        ScriptResult r = new ScriptRunner(log, Duration.ofMillis(500), Duration.ofMillis(300))
                .run(Script.of(s), List.of(), Map.of("PATH", "/usr/bin:/bin"));
        assertThat(r.timedOut()).isTrue();
        assertThat(r.ok()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        long grandchild = Long.parseLong(TestFiles.read(pids).trim());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
        assertThat(logged()).contains("hang: time limit of 0 s exceeded; killing its process group");
    }

    @Test
    void aScriptThatCannotStartIsAFailureNotAnException() {
        Path notAScript = TestFiles.file(dir, "broken", "no shebang here\u0000", "rwxr-xr-x");
        ScriptResult r = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).run(Script.of(notAScript), List.of(), Map.of());
        assertThat(r.ok()).isFalse();
    }
}
