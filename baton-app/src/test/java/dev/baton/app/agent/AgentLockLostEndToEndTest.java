package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 1, against a real server: a host fails in update.d and keeps its slot; an operator force-releases
 * the slot and the next host of the wave takes the only one; the script is fixed and the first host runs again. It
 * must not run update.d, reboot, or tell ext_notify it holds the lock before it holds it again: it waits like lock_get.
 */
class AgentLockLostEndToEndTest extends AgentServerFixture {

    static AgentHost host(Path root, String name) {
        return withScripts(nativeHost(root, name, "lost", "wait = true\nwait_max = 120\n"));
    }

    @Test
    void aResumedRunWaitsForItsSlotAgainBeforeItTouchesAnything(@TempDir Path root) throws Exception {
        AgentHost a = host(root, "a.example.com");
        Path broken = root.resolve("a-broken");
        AgentHost.write(broken, "");
        a.script("update", "10-upgrade", "[ -e " + broken + " ] && exit 1; exit 0");
        a.script("needs_reboot", "10-kernel", 1); // a new kernel: reboot after the update
        Path notified = root.resolve("a-notified");
        a.rawScript("ext_notify", "10-record", "echo \"$*\" >> " + notified);

        AgentHost.Result failed = a.run("run");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(a.nextPhase()).isEqualTo("update");
        assertThat(server.holders("lost")).containsExactly("a.example.com");

        // the operator frees the slot; the next host takes it and is still updating
        server.server.locks().service().forceRelease("lost", "a.example.com", "operator", "a is being fixed by hand");
        AgentHost b = host(root, "b.example.com");
        Path bMayFinish = root.resolve("b-may-finish");
        // (at most two minutes: a failing test leaves no script behind for long)
        b.script("update", "10-upgrade", "n=0; while [ ! -e " + bMayFinish + " ] && [ $n -lt 1200 ]; do sleep 0.1; n=$((n+1)); done");
        CompletableFuture<AgentHost.Result> bRun = b.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> b.ran().contains("update/10-upgrade"));
        assertThat(server.holders("lost")).containsExactly("b.example.com");

        // a is fixed and runs again: it waits for the slot, having run nothing
        java.nio.file.Files.delete(broken);
        int notes = AgentHost.read(notified).lines().toList().size();
        CompletableFuture<AgentHost.Result> aRun = a.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> server.waiters("lost").contains("a.example.com"));
        Thread.sleep(1000);
        assertThat(aRun).isNotDone();
        assertThat(a.ran()).containsExactly("needs_update/10-apt", "pre_update/10-drain", "update/10-upgrade");
        assertThat(AgentHost.read(notified).lines().skip(notes)).noneMatch(l -> l.startsWith("lost True"));

        AgentHost.write(bMayFinish, "");
        AgentHost.Result bDone = bRun.join();
        AgentHost.Result aDone = aRun.join();
        assertThat(bDone.exit()).as(bDone.toString()).isZero();
        assertThat(aDone.exit()).as(aDone.toString()).isZero();
        assertThat(a.ran()).containsExactly("needs_update/10-apt", "pre_update/10-drain", "update/10-upgrade",
                "update/10-upgrade", "needs_reboot/10-kernel", "reboot/reboot_cmd");
        // a's resumed update began only after b had given the slot back, and a holds it for its reboot
        assertThat(secondRun(a, "update/10-upgrade")).isGreaterThan(server.eventTime("lost", EventType.RELEASE, "b.example.com", 0));
        assertThat(server.holders("lost")).containsExactly("a.example.com");
        assertThat(aDone.err()).contains("no longer holds lock lost", "taking it again before anything runs",
                "lock lost held again; resuming at update");
        assertThat(AgentHost.read(notified).lines().skip(notes)).first().isEqualTo("lost True True main none 0");

        // and operators saw it: the lost lock and the slot taken again are in a's progress reports
        List<String> steps = new ArrayList<>();
        server.reports("a.example.com").path("reports").forEach(r -> steps.addFirst(r.path("phase").asText() + " " + r.path("status").asText()));
        assertThat(steps).containsSubsequence("update resumed", "update lock_lost", "lock_get waiting", "lock_get granted",
                "update lock_regained", "update ok", "reboot rebooting");
    }

    /** When the host's script "phase/script" ran the second time, in epoch nanoseconds. */
    private static long secondRun(AgentHost h, String entry) {
        return AgentHost.lines(h.journal).stream().filter(l -> l.startsWith(h.name + " " + entry + " ")).skip(1).findFirst()
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).orElseThrow();
    }
}
