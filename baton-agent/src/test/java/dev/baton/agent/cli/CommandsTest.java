package dev.baton.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.TestFiles;
import dev.baton.agent.TestHost;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, status, check-config and the command line itself. */
class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void planListsEveryPhaseAndSkippedFileAndTouchesNothing() {
        TestHost host = new TestHost(dir);
        host.script("needs_update", "01-check", 1);
        TestFiles.file(dir.resolve("update.d"), "02-bad", "#!/bin/sh\n", "rwxrwxrwx");
        host.script("update", "01-install", 0);
        assertThat(host.run("plan")).isZero();
        assertThat(host.lastOut).contains("state: no run in progress; a run starts with needs_update", "needs_update: ",
                "  run  01-check", "lock_get: take lock web", "  run  01-install",
                "  skip 02-bad: writable by its group (mode 0777); insecure", "reboot: reboot_cmd: echo", "lock_release: release lock web");
        assertThat(host.marker).doesNotExist();
        assertThat(host.state).doesNotExist();
        assertThat(dir.resolve("agent.lock")).doesNotExist();
    }

    @Test
    void statusShowsPhaseLockAndLastRun() {
        TestHost host = new TestHost(dir);
        host.script("needs_update", "01", 1);
        host.with("reboot_cmd = exit 4");
        assertThat(host.run("status")).isZero();
        assertThat(host.lastOut).contains("phase:     idle", "lock:      not held", "running:   no", "last run:  none recorded");
        assertThat(host.run("run")).isEqualTo(1);
        assertThat(host.run("status")).isZero();
        assertThat(host.lastOut).contains("phase:     reboot is next", "lock:      held (web)", "failed in reboot (exit 1)");
        TestFiles.write(host.state, "nonsense\n");
        assertThat(host.run("status")).isEqualTo(1);
        assertThat(host.lastOut).contains("phase:     unknown: the state file");
        assertThat(host.state).exists();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Test
    void statusJsonHasItsDocumentedFields() throws Exception {
        TestHost host = new TestHost(dir);
        host.script("needs_update", "01", 1);
        host.with("reboot_cmd = exit 4");
        assertThat(host.run("status", "--json")).isZero();
        var idle = JSON.readTree(host.lastOut);
        assertThat(fieldNames(idle)).containsExactly("state", "next_phase", "run_id", "done", "lock_name", "lock_held", "running_script",
                "reboot_pending", "agent_running", "agent_owner", "last_run", "server", "state_error");
        assertThat(idle.path("state").asText()).isEqualTo("idle");
        assertThat(idle.path("next_phase").isNull()).isTrue();
        assertThat(idle.path("lock_name").asText()).isEqualTo("web");
        assertThat(idle.path("lock_held").asBoolean()).isFalse();
        assertThat(idle.path("agent_running").asBoolean()).isFalse();
        assertThat(idle.path("last_run").isNull()).isTrue();

        assertThat(host.run("run")).isEqualTo(1); // the reboot command fails: the state stays at reboot
        TestFiles.write(host.state, TestFiles.read(host.state) + "running=99-late\nrunning_pgid=2147483000\nrunning_start_ticks=1\n"
                + "running_since=2026-03-10T02:00:00Z\n");
        assertThat(host.run("status", "--json")).isZero();
        var busy = JSON.readTree(host.lastOut);
        assertThat(busy.path("state").asText()).isEqualTo("in_progress");
        assertThat(busy.path("next_phase").asText()).isEqualTo("reboot");
        assertThat(busy.path("run_id").asText()).isNotEmpty();
        assertThat(busy.path("lock_held").asBoolean()).isTrue();
        assertThat(fieldNames(busy.path("running_script"))).containsExactly("name", "process_group", "started", "alive");
        assertThat(busy.path("running_script").path("alive").asBoolean()).isFalse();
        assertThat(fieldNames(busy.path("last_run"))).containsExactly("run_id", "started", "finished", "result", "phase", "exit_code", "message");
        assertThat(busy.path("last_run").path("result").asText()).isEqualTo("failed");
        assertThat(busy.path("last_run").path("exit_code").asInt()).isEqualTo(1);

        TestFiles.write(host.state, "nonsense\n");
        assertThat(host.run("status", "--json")).isEqualTo(1);
        var invalid = JSON.readTree(host.lastOut);
        assertThat(invalid.path("state").asText()).isEqualTo("invalid");
        assertThat(invalid.path("state_error").asText()).contains("the state file");
    }

    @Test
    void planJsonHasItsDocumentedFields() throws Exception {
        TestHost host = new TestHost(dir);
        host.script("needs_update", "01-check", 1);
        TestFiles.file(dir.resolve("update.d"), "02-bad", "#!/bin/sh\n", "rwxrwxrwx");
        host.script("update", "01-install", 0);
        TestFiles.deleteTree(dir.resolve("post_update.d"));
        assertThat(host.run("plan", "--json", "--date_constraint", "1:Mon")).isZero();
        var plan = JSON.readTree(host.lastOut);
        assertThat(fieldNames(plan)).containsExactly("lock", "state", "gates", "phases", "ext_notify", "on_failure");
        assertThat(fieldNames(plan.path("lock"))).containsExactly("name", "protocol", "endpoint", "holder", "wait_for_lock", "wait_max_seconds");
        assertThat(plan.path("lock").path("protocol").asText()).isEqualTo("none");
        assertThat(fieldNames(plan.path("state"))).containsExactly("in_progress", "run_id", "resumes_at", "done", "lock_held",
                "running_script", "reboot_boot_id");
        assertThat(plan.path("state").path("resumes_at").asText()).isEqualTo("needs_update");
        assertThat(fieldNames(plan.path("gates"))).containsExactly("date_constraint", "date_matches", "window", "inside_window", "starts_now");
        assertThat(plan.path("gates").path("date_constraint").asText()).isEqualTo("1:Mon");
        List<String> phases = new java.util.ArrayList<>();
        plan.path("phases").forEach(p -> phases.add(p.path("phase").asText()));
        assertThat(phases).containsExactly("needs_update", "lock_get", "pre_update", "update", "needs_reboot", "reboot", "post_update",
                "lock_release");
        var update = plan.path("phases").get(3);
        assertThat(fieldNames(update)).containsExactly("phase", "done", "does", "scripts", "user_scripts");
        assertThat(fieldNames(update.path("scripts"))).containsExactly("dir", "problem", "if_problem", "scripts", "skipped");
        assertThat(update.path("scripts").path("scripts").get(0).path("name").asText()).isEqualTo("01-install");
        assertThat(update.path("scripts").path("skipped").get(0).path("file").asText()).isEqualTo("02-bad");
        assertThat(update.path("scripts").path("skipped").get(0).path("reason").asText()).contains("writable by its group");
        var postUpdate = plan.path("phases").get(6);
        assertThat(postUpdate.path("scripts").path("problem").asText()).isEqualTo("does not exist");
        assertThat(postUpdate.path("scripts").path("if_problem").asText()).contains("a run fails here");
        assertThat(plan.path("phases").get(1).path("scripts").isNull()).isTrue();
        assertThat(plan.path("phases").get(1).path("does").asText()).startsWith("take lock web");
        assertThat(host.marker).doesNotExist();
        assertThat(host.state).doesNotExist();
    }

    private static List<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void checkConfigListsProblemsWithLinesAndExitsOneOnErrors() {
        TestHost host = new TestHost(dir);
        host.with("wait_max = later").with("colour = red");
        assertThat(host.run("check-config")).isEqualTo(1);
        assertThat(host.lastOut).contains(host.config + ":8: error: wait_max: \"later\" is not a whole number of seconds (or forever)",
                host.config + ":9: warning: colour: unknown key; ignored", "1 error, ");
        TestHost good = new TestHost(dir.resolve("good"));
        assertThat(good.run("check-config")).isZero();
        assertThat(good.lastOut).contains("read as baton-agent INI", "lock:     web via none", "0 errors");
    }

    @Test
    void checkConfigListsProblemsInLineOrder() {
        TestHost host = new TestHost(dir);
        host.writeConfig();
        // read in another order than they are written: log_level before wait_max, syntax before values
        TestFiles.write(host.config, "[baton]\nwait_max = later\nlog_level = LOUD\nlock_name = web\nprotocol = none\n"
                + "reboot_cmd = true\nstate = " + dir.resolve("state") + "\nnot a key value line\n");
        assertThat(host.runWithoutConfig("check-config", "--cfg", host.config.toString())).isEqualTo(1);
        List<String> problems = host.lastOut.lines().filter(l -> l.matches(Pattern.quote(host.config.toString()) + ":\\d+: .*")).toList();
        assertThat(problems).extracting(l -> l.split(":")[1]).containsExactly("2", "3", "8");
    }

    @Test
    void usageErrorsAndHelp() {
        TestHost host = new TestHost(dir);
        assertThat(host.run("run", "--date_constraint", "9:Xyz")).isEqualTo(2);
        assertThat(host.lastErr).contains("9 is out of range");
        assertThat(host.run("run", "--date_constraint", ",")).isEqualTo(2);
        assertThat(host.lastErr).contains("--date_constraint", "an empty item");
        assertThat(host.run("plan", "--date-constraint=2:Tue,")).isEqualTo(2);
        assertThat(host.lastErr).contains("an empty item");
        assertThat(host.run("run", "--no-such-option")).isEqualTo(2);
        assertThat(host.run("run", "--help")).isZero();
        assertThat(host.lastOut).contains("--after_reboot, --after-reboot", "--date_constraint", "--random_sleep", "Exit codes:");
    }

    @Test
    void theFastParserAcceptsExactlyRunsOptions() {
        assertThat(RunCommand.parseFast(new String[] {"run", "--cfg=/x", "--after-reboot", "--date_constraint", "2:Tue",
                "--random-sleep=5"})).isNotNull();
        assertThat(RunCommand.parseFast(new String[] {"run", "--help"})).isNull();
        assertThat(RunCommand.parseFast(new String[] {"run", "--cfg"})).isNull();
        assertThat(RunCommand.parseFast(new String[] {"run", "--random_sleep", "x"})).isNull();
        assertThat(RunCommand.parseFast(new String[] {"run", "--after_reboot=yes"})).isNull();
    }
}
