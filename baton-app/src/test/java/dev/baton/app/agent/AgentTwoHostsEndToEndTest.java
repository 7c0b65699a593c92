package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts, two real agent processes, one lock with one slot on a real server: the second waits while the first
 * holds the lock and goes on when it is released; a failure in post_update keeps the lock, so the second keeps
 * waiting (the wave stops) until the first host is fixed and its next run finishes.
 */
class AgentTwoHostsEndToEndTest extends AgentServerFixture {

    /** A host with updates available and a recording script in every phase, waiting up to two minutes for the lock. */
    static AgentHost host(Path root, String name, String lock, String extra) {
        return withScripts(nativeHost(root, name, lock, "wait = true\nwait_max = 120\n" + extra));
    }

    @Test
    void theSecondAgentWaitsForTheLockAndProceedsWhenTheFirstReleasesIt(@TempDir Path root) {
        AgentHost a = host(root, "a.example.com", "pair", "");
        AgentHost b = host(root, "b.example.com", "pair", "");
        Path goOn = root.resolve("a-may-finish");
        a.script("update", "10-upgrade", "while [ ! -e " + goOn + " ]; do sleep 0.1; done"); // a long update

        CompletableFuture<AgentHost.Result> first = a.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> a.ran().contains("update/10-upgrade"));
        assertThat(server.holders("pair")).containsExactly("a.example.com");

        CompletableFuture<AgentHost.Result> second = b.start("run");
        // b found updates and now waits on the server (a long poll, no polling), holding nothing
        await().atMost(Duration.ofSeconds(60)).until(() -> server.waiters("pair").contains("b.example.com"));
        assertThat(b.ran()).doesNotContain("pre_update/10-drain");
        assertThat(second).isNotDone();

        AgentHost.write(goOn, "");
        AgentHost.Result ra = first.join();
        AgentHost.Result rb = second.join();

        assertThat(ra.exit()).as(ra.toString()).isZero();
        assertThat(rb.exit()).as(rb.toString()).isZero();
        assertThat(server.takesAndReleases("pair")).containsExactly("acquire a.example.com native", "release a.example.com native",
                "acquire b.example.com native", "release b.example.com native");
        // b's workflow under the lock began only after a had given it back
        assertThat(b.when("pre_update/10-drain"))
                .isGreaterThan(server.eventTime("pair", EventType.RELEASE, "a.example.com", 0));
        assertThat(b.ran()).containsSubsequence("needs_update/10-apt", "pre_update/10-drain",
                "update/10-upgrade", "needs_reboot/10-kernel", "post_update/10-undrain");
        assertThat(server.holders("pair")).isEmpty();
    }

    @Test
    void aFailureInPostUpdateKeepsTheLockAndTheNextHostWaitsUntilItIsFixed(@TempDir Path root) throws Exception {
        AgentHost bad = host(root, "bad.example.com", "wave", "");
        AgentHost next = host(root, "next.example.com", "wave", "");
        bad.script("post_update", "20-healthcheck", 3); // the service does not come back
        Path failures = root.resolve("on-failure");
        bad.rawScript("on_failure", "10-page", "echo \"$*\" >> " + failures);

        AgentHost.Result failed = bad.run("run");

        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.err()).contains("post_update failed: 20-healthcheck exit code 3", "the lock is kept");
        assertThat(server.holders("wave")).containsExactly("bad.example.com");
        assertThat(bad.nextPhase()).isEqualTo("post_update");
        // on_failure.d: lock name, lock held, updater running, phase, script, return code
        assertThat(AgentHost.read(failures).lines()).containsExactly("wave True False post_update 20-healthcheck 3");

        CompletableFuture<AgentHost.Result> waiting = next.start("run");
        await().atMost(Duration.ofSeconds(60)).until(() -> server.waiters("wave").contains("next.example.com"));
        Thread.sleep(1500); // the wave stays stopped: the next host still waits, its update has not begun
        assertThat(waiting).isNotDone();
        assertThat(next.ran()).containsExactly("needs_update/10-apt");
        assertThat(server.holders("wave")).containsExactly("bad.example.com");

        // an operator fixes the host; its next timer run resumes post_update (nothing before it runs again)
        bad.script("post_update", "20-healthcheck", 0);
        AgentHost.Result fixed = bad.run("run");
        assertThat(fixed.exit()).as(fixed.toString()).isZero();
        assertThat(bad.ran()).containsExactly("needs_update/10-apt", "pre_update/10-drain",
                "update/10-upgrade", "needs_reboot/10-kernel", "post_update/10-undrain",
                "post_update/20-healthcheck",
                // the resumed run: 10-undrain had finished and is not run again
                "post_update/20-healthcheck");

        AgentHost.Result proceeded = waiting.join();
        assertThat(proceeded.exit()).as(proceeded.toString()).isZero();
        assertThat(server.takesAndReleases("wave")).containsExactly("acquire bad.example.com native", "release bad.example.com native",
                "acquire next.example.com native", "release next.example.com native");
        assertThat(next.when("pre_update/10-drain"))
                .isGreaterThan(server.eventTime("wave", EventType.RELEASE, "bad.example.com", 0));
    }
}
