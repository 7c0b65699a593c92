package dev.baton.agent.phase;

import dev.baton.agent.config.Passwd;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.log.Level;
import dev.baton.agent.script.RecordedRunner;
import dev.baton.agent.script.Script;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.script.ScriptRunner;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.RunningScript;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The phases that run scripts: the checks (needs_update, needs_reboot), the actions (pre_update, update,
 * post_update) and the reboot. Every script's start and end is logged, reported and passed to {@code ext_notify.d}.
 *
 * <p>A phase whose configured directory cannot be used (missing, not a directory, refused as insecure) fails, as a
 * failing script would: its scripts are what the phase does, and running none of them would go on to reboot a host
 * that was never updated. A phase without a configured directory has no scripts, as in the seeds.
 */
final class PhaseScripts {

    private final Run run;
    private final ScriptScanner scanner;
    private final ScriptRunner runner;
    private final RecordedRunner recorded;
    private final RecordedRunner.Records records;

    PhaseScripts(Run run, ScriptScanner scanner, ScriptRunner runner, RecordedRunner.Records records) {
        this.run = run;
        this.scanner = scanner;
        this.runner = runner;
        this.recorded = new RecordedRunner(runner);
        this.records = records;
    }

    /** The phase's scripts; the skipped files are logged and reported (a refused directory is left to {@link #unusable}). */
    ScriptScan scan(Phase phase) {
        ScriptScan scan = scanner.scan(run.config.dir(phase.dirKey()), ScriptScanner.Rules.UPDATER);
        if (scan.refused() != null) {
            return scan;
        }
        run.hooks.logSkipped(scan);
        for (var f : scan.skipped()) {
            run.reporter.report(phase.stateName(), f.path().getFileName().toString(), "skipped", null, f.reason());
        }
        return scan;
    }

    /**
     * Whether the phase's directory is configured but cannot be used; if so the phase has failed ({@link Run#failure}
     * says why, {@code on_failure.d} has run).
     */
    boolean unusable(Phase phase, ScriptScan scan, boolean lockHeld) {
        if (scan.dir() == null || scan.problem() == null) {
            return false;
        }
        String why = phase.dirKey() + " " + scan.dir() + (scan.missing() ? " does not exist" : " is refused: " + scan.refused());
        String fix = scan.missing() ? "create the directory (it may stay empty) or correct " + phase.dirKey() + " in " + run.config.file()
                : "make it a directory owned by root that only its owner may write to";
        run.failure = phase + " failed: " + why + (lockHeld ? "; the lock is kept, the next run retries " + phase : "; nothing was done")
                + " (" + fix + ")";
        run.log.error(run.failure);
        run.reporter.report(phase.stateName(), phase.dirKey(), "failed", null, why);
        run.hooks.failure(lockHeld, phase.stateName(), phase.dirKey(), 1);
        return true;
    }

    /** Runs every needs_update script; true when any exits non-zero (updates are available). */
    boolean needsUpdate(ScriptScan scan) {
        boolean updates = false;
        for (ScriptResult r : runChecks(Phase.NEEDS_UPDATE, scan.scripts(), false)) {
            if (!r.ok()) {
                run.log.info(r.script() + ": updates available (" + r.describe() + ")");
                updates = true;
            }
        }
        if (!updates) {
            run.log.info(scan.scripts().isEmpty() ? "no needs_update scripts: nothing to do" : "no updates available");
        }
        return updates;
    }

    /** Runs needs_reboot scripts; true when there are none or any exits non-zero (as the seeds). */
    boolean needsReboot(ScriptScan scan) {
        if (scan.scripts().isEmpty()) {
            run.log.info("no needs_reboot scripts: rebooting, as foreman_dlm_updater and DLMEngineUpdater do");
            return true;
        }
        boolean reboot = false;
        for (ScriptResult r : runChecks(Phase.NEEDS_REBOOT, scan.scripts(), true)) {
            reboot |= !r.ok();
        }
        run.log.info(reboot ? "a reboot is needed" : "no reboot needed");
        run.reporter.report(Phase.NEEDS_REBOOT.stateName(), null, reboot ? "reboot_needed" : "no_reboot", null, null);
        return reboot;
    }

    /**
     * Runs an action phase's scripts in order, skipping those already done, each recorded ({@link #runRecorded});
     * false (with {@link Run#failure}) on a failure.
     */
    boolean action(Phase phase) throws IOException {
        ScriptScan scan = scan(phase);
        if (unusable(phase, scan, true)) {
            return false;
        }
        List<Script> scripts = new ArrayList<>(scan.scripts());
        if (phase == Phase.PRE_UPDATE || phase == Phase.POST_UPDATE) {
            scripts.addAll(userScripts(phase));
        }
        run.reporter.report(phase.stateName(), null, "started", null, scripts.size() + " scripts");
        for (Script s : scripts) {
            if (run.state.done().contains(s.label())) {
                run.log.info(s.label() + ": already done in this run; not run again");
                continue;
            }
            ScriptResult r = runRecorded(phase, s);
            run.save(r.ok() ? run.state.withDone(s.label()) : run.state.withRunning(null));
            run.hooks.notify(true, true, phase.stateName(), s.name(), r.exitCode());
            if (!r.ok()) {
                run.fail(phase, s.label(), r);
                return false;
            }
        }
        run.reporter.report(phase.stateName(), null, "ok", null, null);
        return true;
    }

    /**
     * Reboots, as the seeds do: the state says post_update before the reboot starts, so the boot-time run continues;
     * with the boot id of now, so that a plain run before the reboot waits for it. A failure puts the state back.
     *
     * @return the exit code of the run
     */
    int reboot() throws IOException {
        Phase phase = Phase.REBOOT;
        RunState before = run.state;
        ScriptScan scan = null;
        if (run.config.rebootCmd() == null) {
            scan = scan(phase);
            if (unusable(phase, scan, true)) {
                return run.finish("failed", phase, ExitCodes.FAILURE, run.failure);
            }
        }
        boolean rebooting = scan == null || !scan.scripts().isEmpty();
        run.save(run.state.moveTo(Phase.POST_UPDATE).withRebootBootId(rebooting ? run.ctx.bootId().current().orElse(null) : null));
        run.reporter.report(phase.stateName(), null, "rebooting", null, run.config.rebootCmd() != null ? run.config.rebootCmd() : "reboot.d");
        if (scan != null && !rebooting) {
            run.log.warn("no reboot_cmd and no reboot.d scripts: the host is not rebooted; the next run goes on with post_update");
            return run.finish("rebooting", phase, ExitCodes.OK, "no reboot command or script: not rebooted");
        }
        List<Script> scripts = scan == null ? List.of(new Script(Path.of("/bin/sh"), "reboot_cmd", null)) : scan.scripts();
        for (Script s : scripts) {
            ScriptResult r;
            if (scan == null) {
                run.log.info("rebooting: " + run.config.rebootCmd());
                r = runner.run(s, List.of("-c", run.config.rebootCmd()), ScriptEnvironment.of(run.config.lockName(), phase.stateName(),
                        "reboot_cmd", run.state.runId(), null));
            } else {
                r = runScript(phase, s);
                run.hooks.notify(true, true, phase.stateName(), s.name(), r.exitCode());
            }
            if (!r.ok()) {
                run.save(before);
                run.fail(phase, s.label(), r);
                return run.finish("failed", phase, ExitCodes.FAILURE, run.failure);
            }
        }
        run.log.info("reboot started; post_update runs after the reboot (baton-agent run --after_reboot at boot, or any run once "
                + "the host has rebooted)");
        return run.finish("rebooting", phase, ExitCodes.OK, "reboot started");
    }

    /** DLMEngineUpdater 0.5+: {@code ~user/dlm_engine_updater/<phase>.d}, run through sudo as that user. */
    private List<Script> userScripts(Phase phase) {
        List<Script> out = new ArrayList<>();
        for (String user : run.config.userScriptUsers()) {
            var account = Passwd.lookup(user);
            if (account.isEmpty()) {
                run.log.warn("user_script_users: no user " + user + " on this host; skipping their scripts");
                continue;
            }
            Path dir = account.get().home().resolve("dlm_engine_updater").resolve(phase.dirKey());
            ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.UPDATER, user, account.get().uid());
            run.hooks.logSkipped(scan);
            out.addAll(scan.scripts());
        }
        return out;
    }

    /**
     * Runs a check phase's scripts (all of them, whatever each answers), logging, reporting and notifying each as
     * {@link #runScript} does. Without {@code ext_notify.d} hooks they run from one shell ({@link ScriptRunner#runAll}:
     * a third of the processes, which is what a timer run with nothing to do mostly costs); with hooks, one by one,
     * so that each hook runs right after its script, as in DLMEngineUpdater.
     */
    private List<ScriptResult> runChecks(Phase phase, List<Script> scripts, boolean lockHeld) {
        var env = ScriptEnvironment.of(run.config.lockName(), phase.stateName(), "", run.state.runId(), null);
        return runner.runAll(scripts, env, ScriptEnvironment.SCRIPT_VARIABLE, !run.hooks.hasNotifyScripts(), new ScriptRunner.Listener() {
            @Override
            public void started(Script s) {
                run.log.info(phase + ": running " + s.label());
            }

            @Override
            public void finished(Script s, ScriptResult r) {
                logResult(phase, s, r);
                run.hooks.notify(lockHeld, true, phase.stateName(), s.name(), r.exitCode());
            }
        });
    }

    /**
     * Runs an action phase's script so that it outlives a killed agent ({@link RecordedRunner}): its process group is
     * in the state file before it starts, and its exit status is recorded on disk when it ends.
     */
    private ScriptResult runRecorded(Phase phase, Script s) {
        run.log.info(phase + ": running " + s.label());
        String boot = run.ctx.bootId().current().orElse(null);
        ScriptResult r = recorded.run(s, List.of(), environment(phase, s), records, (pgid, startTicks) ->
                run.save(run.state.withRunning(new RunningScript(s.label(), pgid, startTicks, boot, run.ctx.clock().instant()))));
        logResult(phase, s, r);
        return r;
    }

    private ScriptResult runScript(Phase phase, Script s) {
        run.log.info(phase + ": running " + s.label());
        ScriptResult r = runner.run(s, List.of(), environment(phase, s));
        logResult(phase, s, r);
        return r;
    }

    private java.util.Map<String, String> environment(Phase phase, Script s) {
        return ScriptEnvironment.of(run.config.lockName(), phase.stateName(), s.name(), run.state.runId(), s.runAs());
    }

    private void logResult(Phase phase, Script s, ScriptResult r) {
        run.log.log(r.ok() ? Level.INFO : Level.WARNING, phase + ": " + s.label() + " " + r.describe());
        run.reporter.report(phase.stateName(), s.label(), r.ok() ? "ok" : "failed", r.exitCode(), r.describe());
    }
}
