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
