package dev.baton.agent.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-10T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void roundTripAndSeedCompatibleFirstLine() throws Exception {
        StateFile f = new StateFile(dir.resolve("state"), clock);
        assertThat(f.read()).isEmpty();
        f.write(RunState.start(Phase.UPDATE, "run-1").withDone("01-a").withDone("02-b"));
        assertThat(Files.readAllLines(dir.resolve("state")).getFirst()).isEqualTo("update");
        assertThat(f.read()).contains(new RunState(Phase.UPDATE, "run-1", List.of("01-a", "02-b")));
        f.delete();
        assertThat(dir.resolve("state")).doesNotExist();
        TestFiles.write(dir.resolve("state"), "post_update\n");
        assertThat(f.read()).contains(new RunState(Phase.POST_UPDATE, null, List.of()));
        f.write(RunState.start(Phase.POST_UPDATE, "run-2").withRebootBootId("6f2c0a1e-boot"));
        assertThat(TestFiles.read(dir.resolve("state"))).startsWith("post_update\nrun_id=run-2\nreboot_boot_id=6f2c0a1e-boot\n");
        assertThat(f.read()).contains(new RunState(Phase.POST_UPDATE, "run-2", List.of(), null, "6f2c0a1e-boot"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state"); // no temporary files left
        }
    }

    @Test
    void theRunningScriptIsWrittenAndReadWithTheStateAndClearedWhenDone() throws Exception {
        StateFile f = new StateFile(dir.resolve("state"), clock);
        RunningScript script = new RunningScript("alice:02 install", 4242, 987654, "b00t", Instant.parse("2026-03-10T01:59:00Z"));
        RunState s = RunState.start(Phase.UPDATE, "run-1").withDone("01-a").withRunning(script);
        f.write(s);
        assertThat(TestFiles.read(dir.resolve("state"))).startsWith("update\nrun_id=run-1\ndone=01-a\nrunning=alice:02 install\n"
                + "running_pgid=4242\nrunning_start_ticks=987654\nrunning_boot_id=b00t\nrunning_since=2026-03-10T01:59:00Z\n");
        assertThat(f.read()).contains(s);
        RunState done = s.withDone("alice:02 install");
        assertThat(done.running()).isNull();
        f.write(done);
        assertThat(TestFiles.read(dir.resolve("state"))).doesNotContain("running");
        // an incomplete record is not guessed at
        TestFiles.write(dir.resolve("state"), "update\nrunning=02\nrunning_pgid=12\n");
        assertThatThrownBy(f::peek).hasMessageContaining("the record of the running script").hasMessageContaining("is incomplete");
    }

    @Test
    void garbageIsMovedAsideWithAClearMessageAndPeekLeavesItInPlace() throws Exception {
        StateFile f = new StateFile(dir.resolve("state"), clock);
        for (String garbage : List.of("", "reboot_now\n", "update\nrm -rf /\n", "\u00ff\u00fe")) {
            if (garbage.equals("\u00ff\u00fe")) {
                Files.write(dir.resolve("state"), new byte[] {(byte) 0xff, (byte) 0xfe});
            } else {
                TestFiles.write(dir.resolve("state"), garbage);
            }
            byte[] before = Files.readAllBytes(dir.resolve("state"));
            assertThatThrownBy(f::peek).isInstanceOf(StateFileException.class);
            assertThat(dir.resolve("state")).exists();
            StateFileException e = org.junit.jupiter.api.Assertions.assertThrows(StateFileException.class, f::read);
            assertThat(dir.resolve("state")).doesNotExist();
            assertThat(e.movedTo()).isEqualTo(dir.resolve("state.bad-20260310T020000Z"));
            assertThat(Files.readAllBytes(e.movedTo())).isEqualTo(before);
            assertThat(e.getMessage()).contains("the state file " + dir.resolve("state") + " is not valid");
        }
        TestFiles.write(dir.resolve("state"), "reboot_now\n");
        assertThatThrownBy(f::read).hasMessageContaining("line 1 \"reboot_now\" is not a phase (expected one of needs_update, lock_get, "
                + "pre_update, update, needs_reboot, reboot, post_update, lock_release)");
    }

    @Test
    void readersNeverSeeAHalfWrittenState() throws Exception {
        StateFile f = new StateFile(dir.resolve("state"), clock);
        f.write(RunState.start(Phase.PRE_UPDATE, "r"));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        Thread reader = new Thread(() -> {
            StateFile r = new StateFile(dir.resolve("state"), clock);
            while (!stop.get()) {
                try {
                    assertThat(r.peek()).isPresent();
                    reads.incrementAndGet();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        reader.setUncaughtExceptionHandler((t, e) -> stop.set(true));
        reader.start();
        RunState s = RunState.start(Phase.UPDATE, "r");
        for (int i = 0; i < 300; i++) {
            s = s.withDone("script-" + i);
            f.write(s);
        }
        stop.set(true);
        reader.join();
        assertThat(reads.get()).isPositive();
        assertThat(f.read().orElseThrow().done()).hasSize(300);
    }

    @Test
    void theInstanceLockNamesItsOwnerAndIsFreedWhenClosed() throws Exception {
        Path lock = dir.resolve("agent.lock");
        try (InstanceLock held = InstanceLock.acquire(lock, "baton-agent run", Instant.parse("2026-03-10T02:00:00Z"))) {
            assertThat(Files.readString(lock)).isEqualTo("pid=" + ProcessHandle.current().pid()
                    + "\nstarted=2026-03-10T02:00:00Z\ncommand=baton-agent run\n");
            assertThat(Files.getPosixFilePermissions(lock)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
            assertThatThrownBy(() -> InstanceLock.acquire(lock, "x", Instant.now())).isInstanceOf(InstanceLock.BusyException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid() + ", started 2026-03-10T02:00:00Z");
        }
        InstanceLock.acquire(lock, "again", Instant.now()).close();
    }

    @Test
    void theInstanceLockIsHeldAcrossProcesses() throws Exception {
        Path lock = dir.resolve("agent.lock");
        // another process holds the lock: a second agent process
        Path cfgDir = dir.resolve("host");
        dev.baton.agent.TestHost host = new dev.baton.agent.TestHost(cfgDir);
        host.scriptBody("needs_update", "01-block", "touch " + dir.resolve("started") + "; sleep 20");
        host.with("lock = " + lock);
        host.writeConfig();
        String cfg = Files.readString(host.config).replace("lock = " + cfgDir.resolve("agent.lock") + "\n", "");
        Files.writeString(host.config, cfg);
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.baton.agent.AgentMain", "run", "--cfg", host.config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("started")));
            assertThatThrownBy(() -> InstanceLock.acquire(lock, "x", Instant.now())).isInstanceOf(InstanceLock.BusyException.class)
                    .hasMessageContaining("pid " + other.pid());
        } finally {
            other.destroyForcibly().waitFor();
        }
        // kill -9 frees it
        InstanceLock.acquire(lock, "after", Instant.now()).close();
    }
}
