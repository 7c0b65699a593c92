package dev.baton.agent.phase;

import dev.baton.agent.log.AgentLog;
import dev.baton.agent.script.Script;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.script.ScriptRunner;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.script.SkippedFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The notification hooks of DLMEngineUpdater: {@code ext_notify.d} after each script, after the lock is taken,
 * after it is released and when there is nothing to do; {@code on_failure.d} when a phase fails. Both get six
 * arguments: lock name, lock held ({@code True}/{@code False}), updater running ({@code True}/{@code False}),
 * phase, script name, return code. Their own failures are logged and change nothing.
 */
final class Hooks {

    private final AgentLog log;
    private final ScriptScanner scanner;
    private final ScriptRunner runner;
    private final Path notifyDir;
    private final Path failureDir;
    private final String lockName;
    private final String runId;
    private ScriptScan notifyScan;

    Hooks(AgentLog log, ScriptScanner scanner, ScriptRunner runner, Path notifyDir, Path failureDir, String lockName, String runId) {
        this.log = log;
        this.scanner = scanner;
        this.runner = runner;
        this.notifyDir = notifyDir;
        this.failureDir = failureDir;
        this.lockName = lockName;
        this.runId = runId;
    }

    void notify(boolean lockHeld, boolean running, String phase, String script, int rc) {
        if (notifyDir == null) {
            return;
        }
        run("ext_notify", notifyScan(), lockHeld, running, phase, script, rc);
    }

    /** Whether {@code ext_notify.d} has scripts to run (read once per run, as {@link #notify} does). */
    boolean hasNotifyScripts() {
        return notifyDir != null && !notifyScan().scripts().isEmpty();
    }

    private ScriptScan notifyScan() {
        if (notifyScan == null) {
            notifyScan = scanner.scan(notifyDir, ScriptScanner.Rules.UPDATER);
            logSkipped(notifyScan);
        }
        return notifyScan;
    }

    void failure(boolean lockHeld, String phase, String script, int rc) {
        if (failureDir == null) {
            return;
        }
        ScriptScan scan = scanner.scan(failureDir, ScriptScanner.Rules.UPDATER);
        logSkipped(scan);
        run("on_failure", scan, lockHeld, false, phase, script, rc);
    }

    private void run(String kind, ScriptScan scan, boolean lockHeld, boolean running, String phase, String script, int rc) {
        List<String> args = List.of(lockName, py(lockHeld), py(running), phase, script, Integer.toString(rc));
        for (Script s : scan.scripts()) {
            ScriptResult r = runner.run(s, args, ScriptEnvironment.of(lockName, kind, s.name(), runId, null));
            if (!r.ok()) {
                log.warn(kind + " script " + s.label() + ": " + r.describe());
            }
        }
    }

    void logSkipped(ScriptScan scan) {
        for (SkippedFile f : scan.skipped()) {
            log.warn("skipping " + f);
        }
    }

    private static String py(boolean b) {
        return b ? "True" : "False";
    }
}
