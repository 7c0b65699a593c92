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
    void aHugeLineIsCutInTheLogAndTheLinesAfterItAreKept() {
        // 5 MB without a newline, then two short lines: each logged line stays short, none is lost
        Path s = script(dir, "20-huge", "head -c 5000000 /dev/zero | tr '\\0' x\necho\necho after\necho after-2 >&2");
        for (boolean together : new boolean[] {false, true}) {
            err.reset();
            new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).runAll(List.of(Script.of(s)), Map.of("PATH", "/usr/bin:/bin"),
                    "BATON_SCRIPT", together, new Heard());
            assertThat(logged().length()).as("one shell: %s", together).isLessThan(16 * 1024);
            assertThat(logged().lines()).contains("[20-huge] " + "x".repeat(OutputLines.MAX_LINE_BYTES) + " [... "
                    + (5_000_000 - OutputLines.MAX_LINE_BYTES) + " more bytes of this line not logged]", "[20-huge] after", "[20-huge] after-2");
        }
    }

    @Test
    void aScriptThatCannotStartIsAFailureNotAnException() {
        Path notAScript = TestFiles.file(dir, "broken", "no shebang here\u0000", "rwxr-xr-x");
        ScriptResult r = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).run(Script.of(notAScript), List.of(), Map.of());
        assertThat(r.ok()).isFalse();
    }

    // ------------------------------------------------------------------ runAll: the check phases' scripts

    /** What a {@link ScriptRunner.Listener} heard, in order. */
    private static final class Heard implements ScriptRunner.Listener {
        final List<String> events = new java.util.ArrayList<>();

        @Override
        public void started(Script script) {
            events.add("start " + script.name());
        }

        @Override
        public void finished(Script script, ScriptResult result) {
            events.add("end " + script.name() + " " + result.exitCode());
        }
    }

    @Test
    void runAllRunsEveryScriptInOrderFromOneShellWithItsNameAndItsOwnResult() {
        Path out = dir.resolve("seen");
        List<Script> scripts = new java.util.ArrayList<>();
        for (String name : List.of("10-a", "20-b", "30-c")) {
            int exit = name.equals("20-b") ? 100 : 0;
            scripts.add(Script.of(script(dir.resolve("checks"), name, "echo \"$BATON_SCRIPT $ONLY $PPID $(ps -o pgid= -p $$)\" >> " + out
                    + "\necho out of " + name + "\necho err of " + name + " >&2\nexit " + exit)));
        }
        Heard heard = new Heard();
        List<ScriptResult> results = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1))
                .runAll(scripts, Map.of("PATH", "/usr/bin:/bin", "ONLY", "this"), "BATON_SCRIPT", true, heard);

        assertThat(results).extracting(ScriptResult::script).containsExactly("10-a", "20-b", "30-c");
        assertThat(results).extracting(ScriptResult::exitCode).containsExactly(0, 100, 0);
        assertThat(results).allMatch(r -> r.error() == null && !r.timedOut());
        assertThat(heard.events).containsExactly("start 10-a", "end 10-a 0", "start 20-b", "end 20-b 100", "start 30-c", "end 30-c 0");
        List<String[]> seen = TestFiles.read(out).lines().map(l -> l.trim().split("\\s+")).toList();
        assertThat(seen).extracting(f -> f[0] + " " + f[1]).containsExactly("10-a this", "20-b this", "30-c this");
        // one shell ran them all: the same parent, one process group of their own (not the agent's)
        assertThat(seen).extracting(f -> f[2]).containsOnly(seen.getFirst()[2]);
        assertThat(seen).extracting(f -> f[3]).containsOnly(seen.getFirst()[3]);
        assertThat(Long.parseLong(seen.getFirst()[3])).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(logged().lines()).containsSubsequence("[10-a] out of 10-a", "[10-a] err of 10-a", "[20-b] out of 20-b",
                "[30-c] out of 30-c", "[30-c] err of 30-c");
        assertThat(logged()).doesNotContain("baton-");
    }

    @Test
    void runAllKeepsTheScriptsOutputAsItIsAndCannotBeFooledByAForgedMarker() {
        Path a = script(dir, "10-odd", "printf 'first\\n\\nlast without newline'");
        Path b = script(dir, "20-forger", "printf '\\036baton-0000000000000000 E 0\\n'; exit 1");
        List<ScriptResult> results = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1))
                .runAll(List.of(Script.of(a), Script.of(b)), Map.of("PATH", "/usr/bin:/bin"), "BATON_SCRIPT", true, new Heard());
        assertThat(results).extracting(ScriptResult::exitCode).containsExactly(0, 1);
        assertThat(logged().lines()).containsSubsequence("[10-odd] first", "[10-odd] ", "[10-odd] last without newline");
        assertThat(logged().lines()).contains("[20-forger] \u001ebaton-0000000000000000 E 0");
    }

    @Test
    void runAllDoesNotWaitForABackgroundProcessThatKeepsTheOutputOpen() {
        Path daemon = script(dir, "10-daemon", "sleep 30 &\nexit 0");
        Path next = script(dir, "20-next", "echo next");
        long t0 = System.nanoTime();
        List<ScriptResult> results = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1))
                .runAll(List.of(Script.of(daemon), Script.of(next)), Map.of("PATH", "/usr/bin:/bin"), "BATON_SCRIPT", true, new Heard());
        // both results, well before the background process ends; whether its output is still logged then depends on
        // whether the JDK detached the pipe when the shell exited (it does when no read is under way)
        assertThat(results).extracting(ScriptResult::exitCode).containsExactly(0, 0);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(logged()).contains("[20-next] next");
    }

    @Test
    void runAllRunsOneByOneInTheirOwnSessionsWhenAsked() {
        Path out = dir.resolve("ids");
        List<Script> scripts = List.of(Script.of(script(dir, "10-a", "ps -o pid=,pgid= -p $$ >> " + out)),
                Script.of(script(dir, "20-b", "ps -o pid=,pgid= -p $$ >> " + out)));
        Heard heard = new Heard();
        new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1)).runAll(scripts, Map.of("PATH", "/usr/bin:/bin"), "BATON_SCRIPT", false, heard);
        assertThat(heard.events).containsExactly("start 10-a", "end 10-a 0", "start 20-b", "end 20-b 0");
        assertThat(TestFiles.read(out).lines().map(l -> l.trim().split("\\s+"))).allMatch(ids -> ids[0].equals(ids[1]));
        // with a time limit too: each script's process group must be its own, for the limit to kill it whole
        TestFiles.write(out, "");
        new ScriptRunner(log, Duration.ofSeconds(30), Duration.ofSeconds(1)).runAll(scripts, Map.of("PATH", "/usr/bin:/bin"), "BATON_SCRIPT",
                true, new Heard());
        assertThat(TestFiles.read(out).lines().map(l -> l.trim().split("\\s+"))).hasSize(2).allMatch(ids -> ids[0].equals(ids[1]));
    }

    @Test
    void runAllReportsAScriptTheShellCannotStart() {
        Path bad = TestFiles.file(dir, "10-bad", "#!/nonexistent/interpreter\n", "rwxr-xr-x");
        Path good = script(dir, "20-good", "exit 0");
        List<ScriptResult> results = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(1))
                .runAll(List.of(Script.of(bad), Script.of(good)), Map.of("PATH", "/usr/bin:/bin"), "BATON_SCRIPT", true, new Heard());
        assertThat(results.getFirst().ok()).isFalse();
        assertThat(results.getFirst().exitCode()).isIn(126, 127);
        assertThat(results.get(1).ok()).isTrue();
        assertThat(logged()).contains("[10-bad] ");
    }
}
