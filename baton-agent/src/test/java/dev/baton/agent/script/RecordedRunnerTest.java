package dev.baton.agent.script;

import static dev.baton.agent.TestFiles.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.TestFiles;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Level;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordedRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AgentLog log = AgentLog.stderrOnly(new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), Level.DEBUG);

    private RecordedRunner.Records records() {
        return new RecordedRunner.Records(dir.resolve("state.script-exit"), dir.resolve("state.script-output"));
    }

    private RecordedRunner runner(Duration timeout) {
        return new RecordedRunner(new ScriptRunner(log, timeout, Duration.ofMillis(300)));
    }

    @Test
    void theGroupIsRecordedBeforeTheScriptStartsAndItsExitStatusOnDiskWhenItEnds() {
        Path seen = dir.resolve("seen");
        Path s = script(dir.resolve("update.d"), "01-install", "ps -o pgid=,sid= -p $$ > " + seen
                + "\necho \"args $*\"\necho to-stderr >&2\nread x && echo \"stdin gave $x\"\nexit 7");
        AtomicLong recorded = new AtomicLong();
        AtomicLong ticks = new AtomicLong();
        ScriptResult r = runner(Duration.ZERO).run(Script.of(s), List.of("a", "b"), Map.of("PATH", "/usr/bin:/bin"), records(),
                (pgid, startTicks) -> {
                    assertThat(seen).as("not started before it is recorded").doesNotExist();
                    recorded.set(pgid);
                    ticks.set(startTicks);
                });
        assertThat(r.exitCode()).isEqualTo(7);
        String[] ids = TestFiles.read(seen).trim().split("\\s+");
        assertThat(Long.parseLong(ids[0])).as("its process group is the recorded one").isEqualTo(recorded.get());
        assertThat(Long.parseLong(ids[1])).as("in a session of its own").isEqualTo(recorded.get());
        assertThat(ticks.get()).isPositive();
        assertThat(records().exitStatus(recorded.get())).hasValue(7);
        assertThat(records().exitStatus(recorded.get() + 1)).as("another group's").isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).contains("[01-install] args a b", "[01-install] to-stderr")
                .noneMatch(l -> l.contains("stdin gave"));
        assertThat(records().outputFile()).doesNotExist();
    }

    @Test
    void aScriptThatCannotBeRecordedDoesNotStart() {
        Path ran = dir.resolve("ran");
        Path s = script(dir, "01-install", "touch " + ran);
        ScriptResult r = runner(Duration.ZERO).run(Script.of(s), List.of(), Map.of("PATH", "/usr/bin:/bin"), records(), (pgid, t) -> {
            throw new IOException("No space left on device");
        });
        assertThat(r.ok()).isFalse();
        assertThat(r.describe()).contains("not started: it could not be recorded (No space left on device)");
        assertThat(ran).doesNotExist();
    }

    @Test
    void theTimeLimitEndsTheWholeGroup() {
        Path s = script(dir, "01-hang", "trap '' TERM\nsleep 300");
        AtomicLong recorded = new AtomicLong();
        ScriptResult r = runner(Duration.ofMillis(500)).run(Script.of(s), List.of(), Map.of("PATH", "/usr/bin:/bin"), records(),
                (pgid, t) -> recorded.set(pgid));
        assertThat(r.timedOut()).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !ProcessGroup.alive(recorded.get()));
    }
}
