package dev.baton.agent.phase;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.Passwd;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.lock.LockClients;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Timestamps;
import dev.baton.agent.report.Reporter;
import dev.baton.agent.report.ServerReporter;
import dev.baton.agent.schedule.DateConstraint;
import dev.baton.agent.script.Script;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.script.RecordedRunner;
import dev.baton.agent.script.ScriptRunner;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.state.InstanceLock;
import dev.baton.agent.state.LastRun;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.RunningScript;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.state.StateFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of the update workflow of seeds 000 and 001:
 * needs_update → lock_get → pre_update → update → needs_reboot → reboot → post_update → lock_release.
 *
 * <p><b>Order of a run</b> (DLMEngineUpdater's, with the date gates applied only when no run is in progress, so a
 * host holding its lock always finishes): single-instance lock → state file → {@code --after_reboot} check (nothing
 * to do unless the state is {@code post_update}) → date constraint and maintenance window → random sleep → phases.
 *
 * <p><b>Crash safety.</b> Before a phase starts the state file names it, and it names the next one before the
 * phase's effects are relied upon: a {@code kill -9} at any point resumes at the phase that had not finished. In
 * pre_update, update, post_update and reboot.d each script that exits 0 is recorded, and a resumed phase skips the
 * scripts already recorded, so nothing that finished runs twice; the check phases (needs_update, needs_reboot)
 * run whole again, since their answer is the sum of all their scripts. Taking the lock is idempotent on every
 * server, so a crash between "granted" and the state write loses nothing. As in the seeds the state says
 * {@code post_update} before the reboot starts.
 *
 * <p><b>Failures</b> in pre_update, update, needs_reboot, post_update and reboot keep the lock (so the wave stops
 * behind this host), run {@code on_failure.d}, leave the state at the failed phase and exit 1; the next run retries
 * that phase. A phase whose configured directory is missing or refused (writable by others) fails too, needs_update
 * included (before anything is taken): running none of its scripts would reboot a host that was never updated. A
 * phase without a configured directory has no scripts, as in the seeds; missing hook directories are no failure.
 */
public final class UpdateWorkflow {

    /** Between {@code SIGTERM} and {@code SIGKILL} to a script's process group when its {@code script_timeout} is up. */
    public static final Duration KILL_GRACE = Duration.ofSeconds(10);

    /**
     * @param dateConstraint replaces the configuration's when not null
     * @param randomSleep    sleep a random time up to this before a new run; zero for none
     */
    public record Options(boolean afterReboot, DateConstraint dateConstraint, Duration randomSleep) {
    }

    private final AgentConfig config;
    private final AgentContext ctx;
    private final AgentLog log;
    private final ScriptScanner scanner;
    private final ScriptRunner runner;
    private final RecordedRunner recorded;
    private final RecordedRunner.Records records;
    private final StateFile stateFile;
    private final Instant started;
    private RunState state;
    private Reporter reporter = Reporter.NONE;
    private Hooks hooks;
    private final LockSteps lock;
    /** Why the last action phase failed, for the last-run record. */
    private String failure;

    public UpdateWorkflow(AgentConfig config, AgentContext ctx, AgentLog log) {
        this.config = config;
        this.ctx = ctx;
        this.log = log;
        this.scanner = new ScriptScanner(ScriptScanner.currentUid());
        this.runner = new ScriptRunner(log, config.scriptTimeout(), KILL_GRACE);
        this.recorded = new RecordedRunner(runner);
        this.records = new RecordedRunner.Records(config.scriptExitFile(), config.scriptOutputFile());
        this.stateFile = new StateFile(config.state(), ctx.clock());
        this.started = ctx.clock().instant();
        this.lock = new LockSteps(config, ctx, log);
    }

    /** Runs; returns the exit code ({@link ExitCodes}). Never throws for anything the host or network can do. */
    public int run(Options options) {
        InstanceLock instance;
        try {
            instance = InstanceLock.acquire(config.instanceLock(), "baton-agent run", ctx.clock().instant());
        } catch (InstanceLock.BusyException e) {
            log.error(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            log.error("cannot open the single-instance lock file " + config.instanceLock() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        try (instance) {
            return runLocked(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.error("interrupted");
            return ExitCodes.FAILURE;
        } finally {
            reporter.close();
        }
    }

    private int runLocked(Options options) throws InterruptedException {
        Optional<RunState> existing;
        try {
            existing = stateFile.read();
        } catch (StateFileException e) {
            log.error(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            log.error("cannot read the state file " + config.state() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Phase next = existing.map(RunState::next).orElse(Phase.NEEDS_UPDATE);
        if (options.afterReboot() && next != Phase.POST_UPDATE) {
            log.info("--after_reboot: nothing to do (the state is " + next + ", not post_update)");
            return ExitCodes.OK;
        }
        boolean fresh = existing.isEmpty() || next == Phase.NEEDS_UPDATE;
        if (fresh) {
            DateConstraint dc = options.dateConstraint() != null ? options.dateConstraint() : config.dateConstraint();
            if (dc != null) {
                var today = ctx.clock().instant().atZone(zone()).toLocalDate();
                if (!dc.matches(today)) {
                    log.info("date constraint " + dc + " does not match today (" + today + ", " + today.getDayOfWeek() + "); nothing to do");
                    return ExitCodes.OK;
                }
            }
            if (config.window() != null && !config.window().contains(ctx.clock().instant())) {
                log.info("outside the maintenance window (" + config.window() + "); nothing to do");
                return ExitCodes.OK;
            }
            if (options.randomSleep() != null && !options.randomSleep().isZero()) {
                Duration sleep = Duration.ofMillis(ctx.random().nextLong(options.randomSleep().toMillis() + 1));
                log.info("random sleep: " + sleep.toSeconds() + " s");
                ctx.sleeper().sleep(sleep);
            }
        }
        String runId = existing.map(RunState::runId).filter(id -> id != null && !id.isEmpty()).orElseGet(this::newRunId);
        state = existing.orElse(RunState.start(Phase.NEEDS_UPDATE, runId));
        if (state.runId() == null) {
            state = state.withRunId(runId);
        }
        hooks = new Hooks(log, scanner, runner, config.dir("ext_notify.d"), config.dir("on_failure.d"), config.lockName(), runId);
        Phase phase = next;
        try {
            if (!fresh) {
                if (next == Phase.POST_UPDATE && state.rebootBootId() != null && !rebootHappened(options)) {
                    return finish("waiting_for_reboot", next, ExitCodes.OK, "waiting for the reboot");
                }
                log.info("resuming run " + runId + " at " + next + (state.done().isEmpty() ? "" : " (already done: "
                        + String.join(", ", state.done()) + ")"));
                startReporting();
                reporter.report(next.stateName(), null, "resumed", null, "resuming at " + next);
                Orphans.Outcome orphan = null;
                if (state.running() != null) {
                    orphan = new Orphans(ctx, log, records, config.scriptTimeout(), KILL_GRACE).settle(state.running(), next);
                    if (orphan.kind() == Orphans.Kind.STILL_RUNNING) {
                        reporter.report(next.stateName(), state.running().script(), "still_running", null, orphan.message());
                        return finish("script_still_running", next, ExitCodes.FAILURE, orphan.message());
                    }
                }
                if (next.lockHeld()) {
                    Integer stop = holdLockAgain(next);
                    if (stop != null) {
                        return stop;
                    }
                }
                if (orphan != null && !carryOn(next, orphan)) {
                    return finish("failed", next, ExitCodes.FAILURE, failure);
                }
            }
            while (true) {
                switch (phase) {
                    case NEEDS_UPDATE -> {
                        ScriptScan scan = scan(phase);
                        if (unusable(phase, scan, false)) {
                            return finish("failed", phase, ExitCodes.FAILURE, failure);
                        }
                        if (!needsUpdate(scan)) {
                            stateFile.delete();
                            hooks.notify(false, false, "main", "none", 0);
                            return finish("nothing_to_do", phase, ExitCodes.OK, "no updates available");
                        }
                        startReporting();
                        reporter.report(phase.stateName(), null, "updates_available", null, "updates are available");
                        phase = advance(Phase.LOCK_GET);
                    }
                    case LOCK_GET -> {
                        startReporting();
                        String why = lock.take(reporter);
                        if (why != null) {
                            log.error("lock " + config.lockName() + " not acquired: " + why);
                            reporter.report(phase.stateName(), null, "failed", null, why);
                            return finish("lock_not_acquired", phase, ExitCodes.FAILURE, why);
                        }
                        phase = advance(Phase.PRE_UPDATE);
                        hooks.notify(true, true, "main", "none", 0);
                    }
                    case PRE_UPDATE, UPDATE, POST_UPDATE -> {
                        if (!action(phase)) {
                            return finish("failed", phase, ExitCodes.FAILURE, failure);
                        }
                        phase = advance(switch (phase) {
                            case PRE_UPDATE -> Phase.UPDATE;
                            case UPDATE -> Phase.NEEDS_REBOOT;
                            default -> Phase.LOCK_RELEASE;
                        });
                    }
                    case NEEDS_REBOOT -> {
                        ScriptScan scan = scan(phase);
                        if (unusable(phase, scan, true)) {
                            return finish("failed", phase, ExitCodes.FAILURE, failure);
                        }
                        phase = advance(needsReboot(scan) ? Phase.REBOOT : Phase.POST_UPDATE);
                    }
                    case REBOOT -> {
                        return reboot();
                    }
                    case LOCK_RELEASE -> {
                        return releaseLock();
                    }
                }
            }
        } catch (IOException e) {
            String why = "cannot write the state file " + config.state() + ": " + e.getMessage();
            log.error(why + "; stopping (the lock, if held, is kept)");
            return finish("failed", phase, ExitCodes.FAILURE, why);
        }
    }

    /**
     * Whether post_update may run: the boot id differs from the one the reboot command ran in, or
     * {@code --after_reboot} says the reboot happened, or this boot's id is unknown. If so, the pending reboot is
     * struck from the state before anything runs, so a later run resumes post_update without waiting again.
     */
    private boolean rebootHappened(Options options) throws IOException {
        Optional<String> now = ctx.bootId().current();
        if (now.isPresent() && now.get().equals(state.rebootBootId()) && !options.afterReboot()) {
            log.info("waiting for the reboot: this host has not rebooted since the reboot command ran (boot id "
                    + state.rebootBootId() + "); post_update runs after it (or now with run --after_reboot)");
            return false;
        }
        log.info(now.isEmpty() ? "this host's boot id is unknown; taking the reboot as done"
                : now.get().equals(state.rebootBootId()) ? "--after_reboot: taking the reboot as done (the boot id is still "
                + now.get() + ")" : "the host has rebooted since the reboot command ran");
        state = state.withRebootBootId(null);
        stateFile.write(state);
        return true;
    }

    /**
     * Before a resumed run touches anything: does this host still hold its lock? If the server says no (an operator
     * force-released it; another host may hold it now), or cannot tell, the lock is taken again, waiting as lock_get
     * does, before any script or hook runs. Resuming at lock_release, a lock no longer held has nothing to release.
     *
     * @return null to go on, else the exit code of this run
     */
    private Integer holdLockAgain(Phase next) throws InterruptedException, IOException {
        LockSteps.Held held = lock.check();
        if (held == LockSteps.Held.YES) {
            return null;
        }
        if (held == LockSteps.Held.NO) {
            String lost = "this host (" + lock.holder() + ") no longer holds lock " + config.lockName()
                    + " (released by an operator or expired; another host may hold it now)";
            if (next == Phase.LOCK_RELEASE) {
                stateFile.delete();
                log.warn(lost + ": nothing to release; update run " + state.runId() + " done");
                reporter.report(next.stateName(), null, "done", null, "the lock was no longer held: nothing to release");
                hooks.notify(false, false, "main", "none", 0);
                return finish("done", next, ExitCodes.OK, "update done; the lock was no longer held");
            }
            log.warn(lost + ": taking it again before anything runs");
            reporter.report(next.stateName(), null, "lock_lost", null, lost);
        }
        String why = lock.take(reporter);
        if (why != null) {
            String message = "lock " + config.lockName() + " not acquired: " + why + "; nothing of " + next
                    + " ran, the next run tries again";
            log.error(message);
            reporter.report(Phase.LOCK_GET.stateName(), null, "failed", null, why);
            return finish("lock_not_acquired", next, ExitCodes.FAILURE, message);
        }
        if (held == LockSteps.Held.NO) {
            log.info("lock " + config.lockName() + " held again; resuming at " + next);
            reporter.report(next.stateName(), null, "lock_regained", null, "resuming at " + next);
        }
        hooks.notify(true, true, "main", "none", 0);
        return null;
    }

    /**
     * Records how the script a killed run left behind ended: done, failed (the phase fails, as it would have), or
     * unknown (the phase runs it again). The lock is held again by now, so hooks may say so.
     *
     * @return false when the phase failed ({@link #failure} says why)
     */
    private boolean carryOn(Phase phase, Orphans.Outcome orphan) throws IOException {
        String script = state.running().script();
        switch (orphan.kind()) {
            case DONE -> {
                state = state.withDone(script);
                stateFile.write(state);
                reporter.report(phase.stateName(), script, "ok", orphan.result().exitCode(), orphan.message());
                hooks.notify(true, true, phase.stateName(), script, orphan.result().exitCode());
                return true;
            }
            case FAILED -> {
                state = state.withRunning(null);
                stateFile.write(state);
                reporter.report(phase.stateName(), script, "failed", orphan.result().exitCode(), orphan.message());
                hooks.notify(true, true, phase.stateName(), script, orphan.result().exitCode());
                fail(phase, script, orphan.result());
                return false;
            }
            default -> {
                state = state.withRunning(null);
                stateFile.write(state);
                return true;
            }
        }
    }

    private Phase advance(Phase to) throws IOException {
        state = state.moveTo(to);
        stateFile.write(state);
        log.debug("state: next phase " + to);
        return to;
    }

    // ---------------------------------------------------------------- phases

    /** Runs every needs_update script; true when any exits non-zero (updates are available). */
    private boolean needsUpdate(ScriptScan scan) {
        boolean updates = false;
        for (ScriptResult r : runChecks(Phase.NEEDS_UPDATE, scan.scripts(), false)) {
            if (!r.ok()) {
                log.info(r.script() + ": updates available (" + r.describe() + ")");
                updates = true;
            }
        }
        if (!updates) {
            log.info(scan.scripts().isEmpty() ? "no needs_update scripts: nothing to do" : "no updates available");
        }
        return updates;
    }

    /** Runs needs_reboot scripts; true when there are none or any exits non-zero (as the seeds). */
    private boolean needsReboot(ScriptScan scan) {
        if (scan.scripts().isEmpty()) {
            log.info("no needs_reboot scripts: rebooting, as the seeds do");
            return true;
        }
        boolean reboot = false;
        for (ScriptResult r : runChecks(Phase.NEEDS_REBOOT, scan.scripts(), true)) {
            reboot |= !r.ok();
        }
        log.info(reboot ? "a reboot is needed" : "no reboot needed");
        reporter.report(Phase.NEEDS_REBOOT.stateName(), null, reboot ? "reboot_needed" : "no_reboot", null, null);
        return reboot;
    }

    /** Runs an action phase's scripts in order, skipping those already done; false (with {@link #failure}) on a failure. */
    private boolean action(Phase phase) throws IOException {
        ScriptScan scan = scan(phase);
        if (unusable(phase, scan, true)) {
            return false;
        }
        List<Script> scripts = new ArrayList<>(scan.scripts());
        if (phase == Phase.PRE_UPDATE || phase == Phase.POST_UPDATE) {
            scripts.addAll(userScripts(phase));
        }
        reporter.report(phase.stateName(), null, "started", null, scripts.size() + " scripts");
        for (Script s : scripts) {
            if (state.done().contains(s.label())) {
                log.info(s.label() + ": already done in this run; not run again");
                continue;
            }
            ScriptResult r = runRecorded(phase, s);
            if (!r.ok()) {
                state = state.withRunning(null);
                stateFile.write(state);
            }
            hooks.notify(true, true, phase.stateName(), s.name(), r.exitCode());
            if (!r.ok()) {
                fail(phase, s.label(), r);
                return false;
            }
            state = state.withDone(s.label());
            stateFile.write(state);
        }
        reporter.report(phase.stateName(), null, "ok", null, null);
        return true;
    }

    /**
     * Reboots, as the seeds do: the state says post_update before the reboot starts, so the boot-time run continues;
     * with the boot id of now, so that a plain run before the reboot waits for it. A failure puts the state back.
     */
    private int reboot() throws IOException {
        Phase phase = Phase.REBOOT;
        RunState before = state;
        ScriptScan scan = null;
        if (config.rebootCmd() == null) {
            scan = scan(phase);
            if (unusable(phase, scan, true)) {
                return finish("failed", phase, ExitCodes.FAILURE, failure);
            }
        }
        boolean rebooting = scan == null || !scan.scripts().isEmpty();
        state = state.moveTo(Phase.POST_UPDATE).withRebootBootId(rebooting ? ctx.bootId().current().orElse(null) : null);
        stateFile.write(state);
        reporter.report(phase.stateName(), null, "rebooting", null, config.rebootCmd() != null ? config.rebootCmd() : "reboot.d");
        if (scan == null) {
            log.info("rebooting: " + config.rebootCmd());
            Script cmd = new Script(Path.of("/bin/sh"), "reboot_cmd", null);
            ScriptResult r = runner.run(cmd, List.of("-c", config.rebootCmd()),
                    ScriptEnvironment.of(config.lockName(), phase.stateName(), "reboot_cmd", state.runId(), null));
            if (!r.ok()) {
                state = before;
                stateFile.write(state);
                fail(phase, "reboot_cmd", r);
                return finish("failed", phase, ExitCodes.FAILURE, failure);
            }
        } else if (!rebooting) {
            log.warn("no reboot_cmd and no reboot.d scripts: the host is not rebooted; the next run goes on with post_update");
            return finish("rebooting", phase, ExitCodes.OK, "no reboot command or script: not rebooted");
        } else {
            for (Script s : scan.scripts()) {
                ScriptResult r = runScript(phase, s);
                hooks.notify(true, true, phase.stateName(), s.name(), r.exitCode());
                if (!r.ok()) {
                    state = before;
                    stateFile.write(state);
                    fail(phase, s.label(), r);
                    return finish("failed", phase, ExitCodes.FAILURE, failure);
                }
            }
        }
        log.info("reboot started; post_update runs after the reboot (baton-agent run --after_reboot at boot, or any run once "
                + "the host has rebooted)");
        return finish("rebooting", phase, ExitCodes.OK, "reboot started");
    }

    private int releaseLock() throws InterruptedException, IOException {
        Phase phase = Phase.LOCK_RELEASE;
        String why = lock.release();
        if (why != null) {
            log.error("lock " + config.lockName() + " not released: " + why + "; the next run tries again");
            reporter.report(phase.stateName(), null, "failed", null, why);
            return finish("failed", phase, ExitCodes.FAILURE, why);
        }
        stateFile.delete();
        log.info("lock " + config.lockName() + " released; update run " + state.runId() + " done");
        reporter.report(phase.stateName(), null, "done", null, "lock released");
        hooks.notify(false, false, "main", "none", 0);
        return finish("done", phase, ExitCodes.OK, "update done, lock released");
    }

    // ---------------------------------------------------------------- helpers

    private ScriptScan scan(Phase phase) {
        ScriptScan scan = scanner.scan(config.dir(phase.dirKey()), ScriptScanner.Rules.UPDATER);
        if (scan.refused() != null) {
            return scan; // the phase fails, saying why (unusable)
        }
        hooks.logSkipped(scan);
        for (var f : scan.skipped()) {
            reporter.report(phase.stateName(), f.path().getFileName().toString(), "skipped", null, f.reason());
        }
        return scan;
    }

    /** DLMEngineUpdater 0.5+: {@code ~user/dlm_engine_updater/<phase>.d}, run through sudo as that user. */
    private List<Script> userScripts(Phase phase) {
        List<Script> out = new ArrayList<>();
        for (String user : config.userScriptUsers()) {
            var account = Passwd.lookup(user);
            if (account.isEmpty()) {
                log.warn("user_script_users: no user " + user + " on this host; skipping their scripts");
                continue;
            }
            Path dir = account.get().home().resolve("dlm_engine_updater").resolve(phase.dirKey());
            ScriptScan scan = scanner.scan(dir, ScriptScanner.Rules.UPDATER, user, account.get().uid());
            hooks.logSkipped(scan);
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
        var env = ScriptEnvironment.of(config.lockName(), phase.stateName(), "", state.runId(), null);
        return runner.runAll(scripts, env, ScriptEnvironment.SCRIPT_VARIABLE, !hooks.hasNotifyScripts(), new ScriptRunner.Listener() {
            @Override
            public void started(Script s) {
                log.info(phase + ": running " + s.label());
            }

            @Override
            public void finished(Script s, ScriptResult r) {
                logResult(phase, s, r);
                hooks.notify(lockHeld, true, phase.stateName(), s.name(), r.exitCode());
            }
        });
    }

    /**
     * Runs an action phase's script so that it outlives a killed agent ({@link RecordedRunner}): its process group is
     * in the state file before it starts, and its exit status is recorded on disk when it ends.
     */
    private ScriptResult runRecorded(Phase phase, Script s) {
        log.info(phase + ": running " + s.label());
        String boot = ctx.bootId().current().orElse(null);
        ScriptResult r = recorded.run(s, List.of(), ScriptEnvironment.of(config.lockName(), phase.stateName(), s.name(), state.runId(),
                s.runAs()), records, (pgid, startTicks) -> {
                    state = state.withRunning(new RunningScript(s.label(), pgid, startTicks, boot, ctx.clock().instant()));
                    stateFile.write(state);
                });
        logResult(phase, s, r);
        return r;
    }

    private ScriptResult runScript(Phase phase, Script s) {
        log.info(phase + ": running " + s.label());
        ScriptResult r = runner.run(s, List.of(), ScriptEnvironment.of(config.lockName(), phase.stateName(), s.name(),
                state.runId(), s.runAs()));
        logResult(phase, s, r);
        return r;
    }

    private void logResult(Phase phase, Script s, ScriptResult r) {
        log.log(r.ok() ? dev.baton.agent.log.Level.INFO : dev.baton.agent.log.Level.WARNING, phase + ": " + s.label() + " " + r.describe());
        reporter.report(phase.stateName(), s.label(), r.ok() ? "ok" : "failed", r.exitCode(), r.describe());
    }

    /**
     * Whether the phase's directory is configured but cannot be used (missing, not a directory, refused as insecure):
     * then the phase fails, as a failing script would (its scripts are what the phase does, and running none of them
     * would go on to reboot a host that was never updated). A phase without a configured directory has no scripts.
     */
    private boolean unusable(Phase phase, ScriptScan scan, boolean lockHeld) {
        if (scan.dir() == null || scan.problem() == null) {
            return false;
        }
        String why = phase.dirKey() + " " + scan.dir() + (scan.missing() ? " does not exist" : " is refused: " + scan.refused());
        String fix = scan.missing() ? "create the directory (it may stay empty) or correct " + phase.dirKey() + " in " + config.file()
                : "make it a directory owned by root that only its owner may write to";
        failure = phase + " failed: " + why + (lockHeld ? "; the lock is kept, the next run retries " + phase : "; nothing was done")
                + " (" + fix + ")";
        log.error(failure);
        reporter.report(phase.stateName(), phase.dirKey(), "failed", null, why);
        hooks.failure(lockHeld, phase.stateName(), phase.dirKey(), 1);
        return true;
    }

    private void fail(Phase phase, String script, ScriptResult r) {
        failure = phase + " failed: " + script + " " + r.describe() + "; the lock is kept, the next run retries " + phase;
        log.error(failure);
        hooks.failure(true, phase.stateName(), script, r.exitCode());
    }

    private void startReporting() {
        if (reporter != Reporter.NONE || !config.reportsToServer()) {
            return;
        }
        reporter = new ServerReporter(() -> {
            try {
                return LockClients.batonClient(config, LockClients.ssl(config));
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, lock.holder(), state.runId(), ctx.clock(), log, Duration.ofSeconds(3));
    }

    private int finish(String result, Phase phase, int exit, String message) {
        try {
            new LastRun(state == null ? null : state.runId(), started, ctx.clock().instant(), result, phase.stateName(), exit, message)
                    .write(config.lastRunFile());
        } catch (IOException e) {
            log.debug("cannot write " + config.lastRunFile() + ": " + e.getMessage());
        }
        return exit;
    }

    /** {@code 20261122T031219Z-2aa3}: the start time (UTC) and the pid. */
    private String newRunId() {
        return Timestamps.compact(ctx.clock().instant()) + "-" + Long.toHexString(ProcessHandle.current().pid());
    }

    private ZoneId zone() {
        return config.window() != null ? config.window().zone() : ZoneId.systemDefault();
    }
}
