package dev.baton.agent.phase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.FakeLockServer;
import dev.baton.agent.TestFiles;
import dev.baton.agent.TestHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The phase engine with real shell scripts, run through {@code AgentMain.run} in this JVM. */
class UpdateWorkflowTest {

    @TempDir
    Path dir;

    TestHost host;

    @BeforeEach
    void setUp() {
        host = new TestHost(dir);
    }

    @Test
    void nothingToDoRunsEveryCheckAndLeavesNoState() {
        host.script("needs_update", "01-a", 0);
        host.script("needs_update", "02-b", 0);
        host.script("pre_update", "01-x", 0);
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("needs_update/01-a", "needs_update/02-b");
        assertThat(host.state).doesNotExist();
        assertThat(host.lastErr).contains("no updates available");
        assertThat(TestFiles.read(dir.resolve("state.last-run"))).contains("result=nothing_to_do");
    }

    @Test
    void aWholeCycleWithARebootThatRecordsAndExitsThenAfterReboot() {
        host.script("needs_update", "01-check", 1);
        host.script("needs_update", "02-check", 0);
        host.script("pre_update", "01-stop", 0);
        host.script("update", "01-install", 0);
        host.script("update", "02-more", 0);
        host.script("needs_reboot", "01-kernel", 1);
        host.script("post_update", "01-start", 0);
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("needs_update/01-check", "needs_update/02-check", "pre_update/01-stop",
                "update/01-install", "update/02-more", "needs_reboot/01-kernel", "reboot/reboot_cmd");
        assertThat(host.state()).isEqualTo("post_update");
        assertThat(host.lastErr).contains("reboot started; post_update runs after the reboot");
        // the boot-time run continues (a timer run before the reboot would wait for it: aPlainRunWaitsForTheReboot...)
        assertThat(host.run("run", "--after_reboot")).isZero();
        assertThat(host.ran()).endsWith("reboot/reboot_cmd", "post_update/01-start");
        assertThat(host.state).doesNotExist();
        assertThat(host.lastErr).contains("lock web released");
        // and once more: nothing pending after a reboot
        assertThat(host.run("run", "--after-reboot")).isZero();
        assertThat(host.lastErr).contains("--after_reboot: nothing to do");
        assertThat(host.ran()).hasSize(8);
    }

    @Test
    void aPlainRunWaitsForTheRebootBeforePostUpdate() {
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 1);
        host.script("post_update", "01", 0);
        assertThat(host.run("run")).isZero();
        assertThat(host.state()).isEqualTo("post_update");
        assertThat(TestFiles.read(host.state)).contains("reboot_boot_id=boot-1");

        // a timer run before the host went down (shutdown -r +5): nothing happens, and it says why
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("needs_update/01", "needs_reboot/01", "reboot/reboot_cmd");
        assertThat(host.state()).isEqualTo("post_update");
        assertThat(host.lastErr).contains("waiting for the reboot: this host has not rebooted since the reboot command ran "
                + "(boot id boot-1); post_update runs after it (or now with run --after_reboot)");
        assertThat(TestFiles.read(dir.resolve("state.last-run"))).contains("result=waiting_for_reboot", "exit_code=0");

        // after the reboot a plain run goes on (the boot-time run may not have run)
        host.bootId = "boot-2";
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).endsWith("reboot/reboot_cmd", "post_update/01");
        assertThat(host.state).doesNotExist();
    }

    @Test
    void postUpdateThatFailedAfterTheRebootIsRetriedByAPlainRunOnTheSameBoot() {
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 1);
        Path flag = dir.resolve("broken");
        TestFiles.write(flag, "");
        host.scriptFailingWhile("post_update", "01", flag, 3);
        assertThat(host.run("run")).isZero();
        host.bootId = "boot-2";
        assertThat(host.run("run", "--after_reboot")).isEqualTo(1);
        assertThat(host.state()).isEqualTo("post_update");
        assertThat(TestFiles.read(host.state)).doesNotContain("reboot_boot_id");
        TestFiles.deleteTree(flag);
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).endsWith("post_update/01", "post_update/01");
        assertThat(host.state).doesNotExist();
    }

    @Test
    void aSkippedRebootOrAnUnknownBootIdDoesNotWait() {
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 0); // no reboot needed
        host.scriptBody("post_update", "01", "echo post_update/01 >> " + host.marker + "\nexit 3");
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(TestFiles.read(host.state)).startsWith("post_update\n").doesNotContain("reboot_boot_id");
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.ran()).containsExactly("needs_update/01", "needs_reboot/01", "post_update/01", "post_update/01");

        // a host that does not say its boot id records none, and does not wait
        TestFiles.deleteTree(host.state);
        host.bootId = null;
        host.script("needs_reboot", "01", 1);
        host.script("post_update", "01", 0);
        assertThat(host.run("run")).isZero();
        assertThat(TestFiles.read(host.state)).startsWith("post_update\n").doesNotContain("reboot_boot_id");
        assertThat(host.run("run")).isZero();
        assertThat(host.state).doesNotExist();
    }

    @Test
    void noRebootNeededGoesStraightToPostUpdate() {
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 0);
        host.script("post_update", "01", 0);
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("needs_update/01", "needs_reboot/01", "post_update/01");
        assertThat(host.state).doesNotExist();
    }

    @Test
    void noNeedsRebootScriptsMeansReboot() {
        host.script("needs_update", "01", 1);
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("needs_update/01", "reboot/reboot_cmd");
    }

    @Test
    void aFailureKeepsTheLockRunsOnFailureAndTheNextRunResumesWithoutRepeatingFinishedScripts() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret");
            Path args = dir.resolve("failure-args");
            host.scriptBody("on_failure", "01-page", "echo \"$@\" > " + args);
            Path notified = dir.resolve("notified");
            host.scriptBody("ext_notify", "01-log", "echo \"$@\" >> " + notified);
            host.script("needs_update", "01", 1);
            host.script("update", "01-download", 0);
            Path flag = dir.resolve("broken");
            Files.createFile(flag);
            host.scriptFailingWhile("update", "02-install", flag, 7);
            host.script("update", "03-cleanup", 0);
            host.script("needs_reboot", "01", 0);

            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.ran()).containsExactly("needs_update/01", "update/01-download", "update/02-install");
            assertThat(host.state()).isEqualTo("update");
            assertThat(TestFiles.read(host.state)).contains("done=01-download");
            assertThat(server.holders).containsEntry("web", "host-1");
            assertThat(TestFiles.read(args).strip()).isEqualTo("web True False update 02-install 7");
            assertThat(host.lastErr).contains("update failed: 02-install exit code 7", "the lock is kept");
            List<String> notes = TestFiles.read(notified).lines().toList();
            assertThat(notes).contains("web False True needs_update 01 1", "web True True main none 0",
                    "web True True update 01-download 0", "web True True update 02-install 7");

            Files.delete(flag);
            assertThat(host.run("run")).isZero();
            assertThat(host.ran()).containsExactly("needs_update/01", "update/01-download", "update/02-install",
                    "update/02-install", "update/03-cleanup", "needs_reboot/01");
            assertThat(host.lastErr).contains("resuming run", "01-download: already done in this run; not run again");
            assertThat(server.holders).isEmpty();
            assertThat(TestFiles.read(notified).lines()).last().isEqualTo("web False False main none 0");
        }
    }

    @ParameterizedTest(name = "{0}.d missing")
    @ValueSource(strings = {"pre_update", "update", "needs_reboot", "post_update"})
    void aMissingPhaseDirectoryFailsThatPhaseAndKeepsTheLock(String phase) throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret");
            Path args = dir.resolve("failure-args");
            host.scriptBody("on_failure", "01-page", "echo \"$@\" > " + args);
            host.script("needs_update", "01", 1);
            host.script("update", "01-install", 0);
            host.script("needs_reboot", "01", 0);
            Path missing = dir.resolve(phase + ".d");
            TestFiles.deleteTree(missing);

            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.state()).isEqualTo(phase);
            assertThat(server.holders).containsEntry("web", "host-1");
            assertThat(host.lastErr).contains(phase + " failed: " + phase + ".d " + missing + " does not exist", "the lock is kept");
            assertThat(host.ran()).doesNotContain("reboot/reboot_cmd");
            assertThat(TestFiles.read(args).strip()).isEqualTo("web True False " + phase + " " + phase + ".d 1");

            // an empty directory is no scripts, as the seeds say: the next run goes on from there
            TestFiles.mkdirs(missing);
            host.script("needs_reboot", "01", 0);
            assertThat(host.run("run")).isZero();
            assertThat(server.holders).isEmpty();
        }
    }

    @Test
    void aMissingNeedsUpdateDirectoryFailsTheRunBeforeAnythingIsTaken() {
        TestFiles.deleteTree(dir.resolve("needs_update.d"));
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.lastErr).contains("needs_update failed: needs_update.d " + dir.resolve("needs_update.d") + " does not exist");
        assertThat(host.state).doesNotExist();
        assertThat(TestFiles.read(dir.resolve("state.last-run"))).contains("result=failed", "phase=needs_update");
    }

    @Test
    void aPhaseDirectoryWritableByOthersFailsThePhaseLikeAMissingOne() throws Exception {
        host.script("needs_update", "01", 1);
        host.script("update", "01-install", 0);
        Files.setPosixFilePermissions(dir.resolve("update.d"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.state()).isEqualTo("update");
        assertThat(host.ran()).containsExactly("needs_update/01");
        assertThat(host.lastErr).contains("update failed: update.d " + dir.resolve("update.d")
                + " is refused: the directory is writable by its group (mode 0777); insecure: none of its scripts runs");
    }

    @Test
    void hookDirectoriesThatDoNotExistAreNoFailure() {
        host.with("ext_notify.d = " + dir.resolve("nowhere/ext_notify.d")).with("on_failure.d = " + dir.resolve("nowhere/on_failure.d"));
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 0);
        assertThat(host.run("run")).isZero();
        assertThat(host.state).doesNotExist();
    }

    /**
     * Issue 13, item 1: update.d fails (lock kept, state update); an operator force-releases the slot and another host
     * takes the only one; the script is fixed. The next run must not run update.d, reboot or tell ext_notify it holds
     * the lock until it holds it again, waiting like lock_get.
     */
    @Test
    void aResumedRunWhoseLockWasTakenByAnotherHostTakesItAgainBeforeRunningAnything() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret")
                    .with("wait = true").with("wait_max = 2").with("retry_min = 1").with("retry_max = 1");
            Path notified = dir.resolve("notified");
            host.scriptBody("ext_notify", "01-log", "echo \"$@\" >> " + notified);
            host.script("needs_update", "01", 1);
            Path flag = dir.resolve("broken");
            Files.createFile(flag);
            host.scriptFailingWhile("update", "01-install", flag, 1);
            host.script("needs_reboot", "01", 1);
            host.script("post_update", "01", 0);
            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.state()).isEqualTo("update");
            assertThat(server.holders).containsEntry("web", "host-1");

            server.holders.remove("web");              // ./baton lock force-release web --holder host-1
            server.holders.put("web", "web-2");        // and the next host of the wave takes the only slot
            Files.delete(flag);                        // the operator fixes the script
            int notes = TestFiles.read(notified).lines().toList().size();

            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.ran()).containsExactly("needs_update/01", "update/01-install");
            assertThat(host.state()).isEqualTo("update");
            assertThat(server.holders).containsEntry("web", "web-2");
            assertThat(TestFiles.read(notified).lines().skip(notes)).noneMatch(l -> l.startsWith("web True"));
            assertThat(host.lastErr).contains("this host (host-1) no longer holds lock web", "taking it again before anything runs",
                    "lock web not acquired: held by web-2");
            assertThat(server.requests).noneMatch(r -> r.startsWith("DELETE"));

            server.holders.remove("web");              // web-2 is done
            assertThat(host.run("run")).isZero();
            assertThat(host.ran()).containsExactly("needs_update/01", "update/01-install", "update/01-install", "needs_reboot/01",
                    "reboot/reboot_cmd");
            assertThat(host.lastErr).contains("lock web held again; resuming at update");
            assertThat(TestFiles.read(notified).lines().skip(notes)).contains("web True True main none 0", "web True True update 01-install 0");
            assertThat(server.holders).containsEntry("web", "host-1");
        }
    }

    @Test
    void aResumedRunThatStillHoldsItsLockGoesOnAndOneThatLostItReportsSo() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("")).with("credential_id = agent").with("credential_secret = good-secret");
            host.script("needs_reboot", "01", 0);
            host.script("post_update", "01", 0);
            TestFiles.write(host.state, "post_update\nrun_id=r1\n");
            server.holders.put("web", "host-1");
            assertThat(host.run("run")).isZero();
            assertThat(host.lastErr).contains("lock web is still held by host-1").doesNotContain("taking it again");
            assertThat(server.reports).extracting(r -> r.path("status").asText()).doesNotContain("lock_lost");

            // the lock was released by an operator: taken again (the native API waits on the server), and reported
            TestFiles.write(host.state, "post_update\nrun_id=r2\n");
            server.reports.clear();
            assertThat(host.run("run")).isZero();
            assertThat(server.reports).extracting(r -> r.path("phase").asText() + ":" + r.path("status").asText())
                    .containsSubsequence("post_update:lock_lost", "lock_get:granted", "post_update:lock_regained", "lock_release:done");
            assertThat(server.holders).isEmpty();
        }
    }

    @Test
    void aResumedReleaseOfALockNoLongerHeldHasNothingToRelease() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret");
            TestFiles.write(host.state, "lock_release\nrun_id=r1\n");
            server.holders.put("web", "web-2");
            assertThat(host.run("run")).isZero();
            assertThat(host.lastErr).contains("this host (host-1) no longer holds lock web", "nothing to release");
            assertThat(server.holders).containsEntry("web", "web-2");
            assertThat(server.requests).noneMatch(r -> r.startsWith("DELETE") || r.startsWith("POST"));
            assertThat(host.state).doesNotExist();
        }
    }

    @Test
    void aBusyLockWithoutWaitFailsAndTheNextRunRetriesTheLockNotTheChecks() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            server.holders.put("web", "someone-else");
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret")
                    .with("wait = false");
            host.script("needs_update", "01", 1);
            host.script("needs_reboot", "01", 0);
            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.state()).isEqualTo("lock_get");
            assertThat(host.lastErr).contains("lock web not acquired: held by someone-else");
            server.holders.clear();
            assertThat(host.run("run")).isZero();
            assertThat(host.ran()).containsExactly("needs_update/01", "needs_reboot/01");
        }
    }

    @Test
    void waitingForTheLockUsesTheBudgetAndBackoff() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            server.holders.put("web", "someone-else");
            host.with("server = " + server.uri("/api/v2/")).with("credential_id = i").with("credential_secret = good-secret")
                    .with("wait = true").with("wait_max = 1").with("retry_min = 1").with("retry_max = 1");
            host.script("needs_update", "01", 1);
            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.lastErr).contains("trying again in", "lock web not acquired: held by someone-else");
            assertThat(host.sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(java.time.Duration.ofSeconds(1)));
            assertThat(host.state()).isEqualTo("lock_get");
        }
    }

    @Test
    void dateConstraintAndWindowGateOnlyNewRuns() {
        host.script("needs_update", "01", 1);
        host.script("needs_reboot", "01", 0);
        host.script("post_update", "01", 0);
        // 2026-03-10 is the second Tuesday
        host.clock = Clock.fixed(Instant.parse("2026-03-10T03:00:00Z"), ZoneOffset.UTC);
        assertThat(host.run("run", "--date_constraint", "2:Wed")).isZero();
        assertThat(host.ran()).isEmpty();
        assertThat(host.lastErr).contains("date constraint 2:Wed does not match today");
        host.with("window_days = Tue").with("window_start = 04:00").with("window_length = 1h").with("window_zone = UTC");
        assertThat(host.run("run", "--date_constraint", "2:Tue")).isZero();
        assertThat(host.lastErr).contains("outside the maintenance window");
        assertThat(host.ran()).isEmpty();
        // a run in progress resumes regardless
        TestFiles.write(host.state, "post_update\n");
        assertThat(host.run("run", "--date_constraint", "1:Mon")).isZero();
        assertThat(host.ran()).containsExactly("post_update/01");
    }

    @Test
    void randomSleepSleepsBeforeANewRun() {
        assertThat(host.run("run", "--random_sleep", "300")).isZero();
        assertThat(host.sleeps).singleElement().satisfies(d -> assertThat(d.toSeconds()).isBetween(0L, 300L));
    }

    @Test
    void aGarbageStateFileIsMovedAsideAndNothingElseIsTouched() throws Exception {
        host.script("needs_update", "01", 1);
        TestFiles.write(host.state, "\u0001\u0002garbage\n");
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.ran()).isEmpty();
        assertThat(host.state).doesNotExist();
        try (var files = Files.list(dir)) {
            Path aside = files.filter(p -> p.getFileName().toString().startsWith("state.bad-")).findFirst().orElseThrow();
            assertThat(TestFiles.read(aside)).isEqualTo("\u0001\u0002garbage\n");
        }
        assertThat(host.lastErr).contains("is not valid: line 1 \"??garbage\" is not a phase", "moved to", "nothing else was changed")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aSeedsOneLineStateFileIsResumed() {
        host.script("update", "01", 0);
        host.script("needs_reboot", "01", 0);
        TestFiles.write(host.state, "update\n");
        assertThat(host.run("run")).isZero();
        assertThat(host.ran()).containsExactly("update/01", "needs_reboot/01");
    }

    @Test
    void scriptsGetTheCleanEnvironment() {
        host.scriptBody("needs_update", "01-env", "env | sort > " + dir.resolve("env"));
        assertThat(host.run("run")).isZero();
        List<String> env = TestFiles.read(dir.resolve("env")).lines().filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=")
                && !l.startsWith("_=")).toList();
        assertThat(env).extracting(l -> l.substring(0, l.indexOf('='))).containsExactlyInAnyOrder("BATON_LOCK_NAME", "BATON_PHASE",
                "BATON_RUN_ID", "BATON_SCRIPT", "DLM_ENGINE_UPDATER_LOCK_NAME", "DLM_ENGINE_UPDATER_PHASE", "HOME", "LOGNAME", "PATH", "USER");
        assertThat(env).contains("DLM_ENGINE_UPDATER_PHASE=needs_update", "BATON_SCRIPT=01-env",
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "DLM_ENGINE_UPDATER_LOCK_NAME=web");
    }

    @Test
    void skippedScriptsAreLoggedWithTheirReason() {
        TestFiles.file(dir.resolve("needs_update.d"), "01-insecure", "#!/bin/sh\nexit 1\n", "rwxrwxrwx");
        assertThat(host.run("run")).isZero();
        assertThat(host.lastErr).contains("skipping " + dir.resolve("needs_update.d/01-insecure") + ": writable by its group (mode 0777); insecure");
        assertThat(TestFiles.read(dir.resolve("log/agent.log"))).contains("01-insecure: writable by its group");
    }

    @Test
    void aSecondInstanceIsRefusedAndSaysWhoRuns() throws Exception {
        host.writeConfig();
        try (var held = dev.baton.agent.state.InstanceLock.acquire(dir.resolve("agent.lock"), "test", Instant.now())) {
            assertThat(host.run("run")).isEqualTo(1);
            assertThat(host.lastErr).contains("another instance is already running (pid " + ProcessHandle.current().pid());
            assertThat(TestFiles.read(dir.resolve("agent.lock"))).contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void aFailingRebootCommandKeepsTheRebootPhase() {
        host.with("reboot_cmd = exit 3");
        host.script("needs_update", "01", 1);
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.state()).isEqualTo("reboot");
        assertThat(host.lastErr).contains("reboot failed: reboot_cmd exit code 3");
    }

    @Test
    void progressIsReportedToABatonServerAndA404DoesNotBreakTheRun() throws Exception {
        try (FakeLockServer server = FakeLockServer.start()) {
            host.with("server = " + server.uri("")).with("credential_id = agent").with("credential_secret = good-secret");
            host.script("needs_update", "01", 1);
            host.script("needs_reboot", "01", 0);
            assertThat(host.run("run")).isZero();
            assertThat(server.reports).extracting(r -> r.path("phase").asText() + ":" + r.path("status").asText())
                    .contains("needs_update:updates_available", "lock_get:granted", "needs_reboot:no_reboot", "lock_release:done");
            assertThat(server.reports).allSatisfy(r -> assertThat(r.path("run_id").asText()).isNotEmpty());
            server.reportsEndpoint = false;
            server.reports.clear();
            assertThat(host.run("run")).isZero();
            assertThat(server.holders).isEmpty();
        }
    }

    @Test
    void brokenConfigurationGivesMessagesNotStackTraces() {
        TestFiles.write(host.config, "[baton]\nwait = perhaps\n");
        int rc = dev.baton.agent.AgentMain.run(new dev.baton.agent.host.AgentContext(Clock.systemUTC(), java.util.Map.of(),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), capture(), d -> { }, new java.util.Random()),
                "run", "--cfg", host.config.toString());
        assertThat(rc).isEqualTo(1);
        assertThat(captured.toString()).contains(host.config + ":2: error: wait: \"perhaps\" is not a boolean",
                "lock_name: required key is missing", "nothing was done").doesNotContain("Exception");
    }

    private final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();

    private java.io.PrintStream capture() {
        return new java.io.PrintStream(captured, true);
    }
}
