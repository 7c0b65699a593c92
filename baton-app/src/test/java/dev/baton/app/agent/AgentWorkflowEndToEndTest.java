package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.lock.EventType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton-agent run} as a real process against a real Baton server over its native API: the whole cycle with
 * real scripts, a reboot and the boot-time {@code --after_reboot} run, the progress operators see, and a server
 * that cannot be reached while there is nothing to do.
 */
class AgentWorkflowEndToEndTest extends AgentServerFixture {

    /** A host speaking the native API with its own credential, waiting for the lock up to a minute. */
    static AgentHost host(Path root, String name, String lock, String extra) {
        return nativeHost(root, name, lock, "wait = true\nwait_max = 60\n" + extra);
    }

    @Test
    void wholeCycleWithRealScriptsUnderTheLockThenNothingToDo(@TempDir Path root) {
        AgentHost web1 = host(root, "web1.example.com", "cycle", "");
        web1.script("needs_update", "10-security", 0);
        web1.script("needs_update", "20-packages", "exit 100"); // any non-zero: updates are available
        web1.script("pre_update", "10-drain", 0);
        web1.script("update", "10-upgrade", "echo 'Setting up openssl (3.0.15-1)'");
        web1.script("update", "20-autoremove", 0);
        web1.script("needs_reboot", "10-kernel", 0); // every needs_reboot script says no: no reboot
        web1.script("post_update", "10-undrain", 0);
        Path notified = root.resolve("notified");
        web1.rawScript("ext_notify", "10-record", "echo \"$*\" >> " + notified);

        AgentHost.Result r = web1.run("run");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(web1.ran()).containsExactly(
                "needs_update/10-security", "needs_update/20-packages",
                "pre_update/10-drain", "update/10-upgrade", "update/20-autoremove",
                "needs_reboot/10-kernel", "post_update/10-undrain");
        // taken once through the native door, given back, and held from before pre_update until after post_update
        assertThat(server.takesAndReleases("cycle")).containsExactly("acquire web1.example.com native", "release web1.example.com native");
        assertThat(server.holders("cycle")).isEmpty();
        assertThat(server.eventTime("cycle", EventType.ACQUIRE, "web1.example.com", 0))
                .isLessThan(web1.when("pre_update/10-drain"));
        assertThat(server.eventTime("cycle", EventType.RELEASE, "web1.example.com", 0))
                .isGreaterThan(web1.when("post_update/10-undrain"));
        assertThat(web1.state()).doesNotExist();
        assertThat(AgentHost.read(web1.dir.resolve("state.last-run"))).contains("result=done", "exit_code=0");
        assertThat(web1.log()).contains("[10-upgrade] Setting up openssl (3.0.15-1)", "lock cycle released");
        // ext_notify.d: the six arguments of DLMEngineUpdater after each script, after acquire and after release
        assertThat(AgentHost.read(notified).lines()).contains("cycle False True needs_update 20-packages 100",
                "cycle True True main none 0", "cycle True True update 10-upgrade 0", "cycle False False main none 0");

        // the next timer run: nothing to do, the lock is not touched
        web1.script("needs_update", "20-packages", 0);
        AgentHost.Result idle = web1.run("run");
        assertThat(idle.exit()).as(idle.toString()).isZero();
        assertThat(web1.ran()).hasSize(7 + 2).endsWith(
                "needs_update/10-security", "needs_update/20-packages");
        assertThat(server.takesAndReleases("cycle")).hasSize(2);
        assertThat(idle.err()).contains("no updates available");
    }

    @Test
    void progressReportsOfEveryPhaseAndScriptReachTheServer(@TempDir Path root) {
        AgentHost web3 = host(root, "web3.example.com", "reports", "");
        web3.script("needs_update", "10-apt", 1);
        web3.script("pre_update", "10-drain", 0);
        web3.script("update", "10-upgrade", 0);
        web3.script("needs_reboot", "10-kernel", 0);
        web3.script("post_update", "10-undrain", 0);
        web3.rawScript("update", "bad name.sh", "exit 0"); // skipped (group-writable), and reported as such
        try {
            Files.setPosixFilePermissions(web3.dir.resolve("update.d/bad name.sh"),
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxr-x"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        AgentHost.Result r = web3.run("run");
        assertThat(r.exit()).as(r.toString()).isZero();

        // the fleet view: the latest step of this host
        JsonNode latest = null;
        for (JsonNode h : server.progress().path("hosts")) {
            if (h.path("host").asText().equals("web3.example.com")) {
                latest = h;
            }
        }
        assertThat(latest).as(server.progress().toPrettyString()).isNotNull();
        assertThat(latest.path("phase").asText()).isEqualTo("lock_release");
        assertThat(latest.path("status").asText()).isEqualTo("done");
        String runId = latest.path("run_id").asText();
        assertThat(runId).isNotBlank();

        // the host's history: every phase and script of the run, in order, all of one run (needs_update is summed up in
        // one report: a run with nothing to do never talks to the server)
        List<String> steps = new ArrayList<>();
        for (JsonNode rep : server.reports("web3.example.com").path("reports")) {
            assertThat(rep.path("run_id").asText()).isEqualTo(runId);
            steps.addFirst(rep.path("phase").asText() + " " + (rep.path("script").isNull() ? "-" : rep.path("script").asText()) + " "
                    + rep.path("status").asText() + (rep.path("exit_code").isNull() ? "" : " " + rep.path("exit_code").asInt()));
        }
        assertThat(steps).containsSubsequence(
                "needs_update - updates_available",
                "lock_get - waiting", "lock_get - granted",
                "pre_update - started", "pre_update 10-drain ok 0", "pre_update - ok",
                "update bad name.sh skipped", "update 10-upgrade ok 0", "update - ok",
                "needs_reboot 10-kernel ok 0", "needs_reboot - no_reboot",
                "post_update 10-undrain ok 0", "post_update - ok",
                "lock_release - done");
    }

    @Test
    void aRebootCommandThatRecordsAndExitsThenTheBootTimeRunFinishes(@TempDir Path root) {
        AgentHost web2 = host(root, "web2.example.com", "reboot", "");
        web2.script("needs_update", "10-apt", 1);
        web2.script("pre_update", "10-drain", 0);
        web2.script("update", "10-upgrade", 0);
        web2.script("needs_reboot", "10-kernel", 1); // a new kernel: reboot
        web2.script("post_update", "10-undrain", 0);

        AgentHost.Result beforeReboot = web2.run("run");

        assertThat(beforeReboot.exit()).as(beforeReboot.toString()).isZero();
        assertThat(web2.ran()).containsExactly("needs_update/10-apt",
                "pre_update/10-drain", "update/10-upgrade", "needs_reboot/10-kernel",
                "reboot/reboot_cmd");
        // the host "went down" holding the lock; the state names post_update for the boot-time run
        assertThat(web2.nextPhase()).isEqualTo("post_update");
        assertThat(server.holders("reboot")).containsExactly("web2.example.com");

        // the boot-time service: baton-agent run --after_reboot
        AgentHost.Result afterReboot = web2.run("run", "--after_reboot");

        assertThat(afterReboot.exit()).as(afterReboot.toString()).isZero();
        assertThat(web2.ran()).hasSize(6).last().isEqualTo("post_update/10-undrain");
        assertThat(server.holders("reboot")).isEmpty();
        assertThat(server.takesAndReleases("reboot")).containsExactly("acquire web2.example.com native", "release web2.example.com native");
        assertThat(web2.state()).doesNotExist();

        // the next boot with nothing pending: --after_reboot does nothing at all
        AgentHost.Result nextBoot = web2.run("run", "--after-reboot");
        assertThat(nextBoot.exit()).as(nextBoot.toString()).isZero();
        assertThat(web2.ran()).hasSize(6);
        assertThat(nextBoot.err()).contains("--after_reboot: nothing to do");
    }

    @Test
    void anUnreachableServerDoesNotBlockNeedsUpdate(@TempDir Path root) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        AgentHost offline = new AgentHost(root, "offline.example.com", root.resolve("journal"))
                .batonConfig("http://127.0.0.1:" + closedPort, "offline", "credential_id = x\ncredential_secret = y\n"
                        + "wait = false\n");
        offline.script("needs_update", "10-apt", 0);
        offline.script("needs_update", "20-firmware", 0);

        AgentHost.Result idle = offline.run("run");

        // nothing to do: exit 0, the scripts ran, and the server was never needed
        assertThat(idle.exit()).as(idle.toString()).isZero();
        assertThat(offline.ran()).containsExactly("needs_update/10-apt",
                "needs_update/20-firmware");
        assertThat(idle.err()).contains("no updates available").doesNotContain("cannot reach").doesNotContain("error");
        assertThat(offline.state()).doesNotExist();

        // updates available: only then is the lock needed; not reachable, one try (wait = false): exit 1, nothing ran
        offline.script("needs_update", "20-firmware", 1);
        offline.script("pre_update", "10-drain", 0);
        AgentHost.Result blocked = offline.run("run");
        assertThat(blocked.exit()).as(blocked.toString()).isEqualTo(1);
        assertThat(blocked.err()).contains("cannot reach", "not acquired");
        assertThat(offline.ran()).doesNotContain("pre_update/10-drain");
    }
}
