package dev.baton.agent.phase;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Timestamps;
import dev.baton.agent.schedule.DateConstraint;
import dev.baton.agent.script.RecordedRunner;
import dev.baton.agent.script.ScriptRunner;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.state.InstanceLock;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.state.StateFileException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
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
 * <p><b>Resuming</b>, a run first makes sure the reboot happened, the script a killed run left running is not
 * started beside itself and the lock is still held ({@link Resume}).
 *
 * <p><b>Failures</b> in pre_update, update, needs_reboot, post_update and reboot keep the lock (so the wave stops
 * behind this host), run {@code on_failure.d}, leave the state at the failed phase and exit 1; the next run retries
 * that phase. A phase whose configured directory is missing or refused (writable by others) fails too, needs_update
 * included (before anything is taken); see {@link PhaseScripts}.
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
    private final StateFile stateFile;
    private final Instant started;
    /** The run once the state is known; null before. */
    private Run run;

    public UpdateWorkflow(AgentConfig config, AgentContext ctx, AgentLog log) {
        this.config = config;
        this.ctx = ctx;
        this.log = log;
        this.stateFile = new StateFile(config.state(), ctx.clock());
        this.started = ctx.clock().instant();
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
            if (run != null) {
                run.reporter.close();
            }
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
        if (fresh && !mayStart(options)) {
            return ExitCodes.OK;
        }
        String runId = existing.map(RunState::runId).filter(id -> id != null && !id.isEmpty()).orElseGet(this::newRunId);
        RunState state = existing.orElse(RunState.start(Phase.NEEDS_UPDATE, runId));
        if (state.runId() == null) {
            state = state.withRunId(runId);
        }
        ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());
        ScriptRunner runner = new ScriptRunner(log, config.scriptTimeout(), KILL_GRACE);
        Hooks hooks = new Hooks(log, scanner, runner, config.dir("ext_notify.d"), config.dir("on_failure.d"), config.lockName(), runId);
        run = new Run(config, ctx, log, stateFile, new LockSteps(config, ctx, log), hooks, state, started);
        RecordedRunner.Records records = new RecordedRunner.Records(config.scriptExitFile(), config.scriptOutputFile());
        PhaseScripts scripts = new PhaseScripts(run, scanner, runner, records);
        Phase phase = next;
        try {
            if (!fresh) {
                Integer stop = new Resume(run, records, KILL_GRACE).check(next, options.afterReboot());
                if (stop != null) {
                    return stop;
                }
            }
            while (true) {
                switch (phase) {
                    case NEEDS_UPDATE -> {
                        ScriptScan scan = scripts.scan(phase);
                        if (scripts.unusable(phase, scan, false)) {
                            return run.finish("failed", phase, ExitCodes.FAILURE, run.failure);
                        }
                        if (!scripts.needsUpdate(scan)) {
                            stateFile.delete();
                            hooks.notify(false, false, "main", "none", 0);
                            return run.finish("nothing_to_do", phase, ExitCodes.OK, "no updates available");
                        }
                        run.startReporting();
                        run.reporter.report(phase.stateName(), null, "updates_available", null, "updates are available");
                        phase = run.advance(Phase.LOCK_GET);
                    }
                    case LOCK_GET -> {
                        run.startReporting();
                        String why = run.lock.take(run.reporter);
                        if (why != null) {
                            log.error("lock " + config.lockName() + " not acquired: " + why);
                            run.reporter.report(phase.stateName(), null, "failed", null, why);
                            return run.finish("lock_not_acquired", phase, ExitCodes.FAILURE, why);
                        }
                        phase = run.advance(Phase.PRE_UPDATE);
                        hooks.notify(true, true, "main", "none", 0);
                    }
                    case PRE_UPDATE, UPDATE, POST_UPDATE -> {
                        if (!scripts.action(phase)) {
                            return run.finish("failed", phase, ExitCodes.FAILURE, run.failure);
                        }
                        phase = run.advance(switch (phase) {
                            case PRE_UPDATE -> Phase.UPDATE;
                            case UPDATE -> Phase.NEEDS_REBOOT;
                            default -> Phase.LOCK_RELEASE;
                        });
                    }
                    case NEEDS_REBOOT -> {
                        ScriptScan scan = scripts.scan(phase);
                        if (scripts.unusable(phase, scan, true)) {
                            return run.finish("failed", phase, ExitCodes.FAILURE, run.failure);
                        }
                        phase = run.advance(scripts.needsReboot(scan) ? Phase.REBOOT : Phase.POST_UPDATE);
                    }
                    case REBOOT -> {
                        return scripts.reboot();
                    }
                    case LOCK_RELEASE -> {
                        return releaseLock();
                    }
                }
            }
        } catch (IOException e) {
            String why = "cannot write the state file " + config.state() + ": " + e.getMessage();
            log.error(why + "; stopping (the lock, if held, is kept)");
            return run.finish("failed", phase, ExitCodes.FAILURE, why);
        }
    }

    /** Whether a new run may start now: the date constraint and the maintenance window allow it; then the random sleep. */
    private boolean mayStart(Options options) throws InterruptedException {
        DateConstraint dc = options.dateConstraint() != null ? options.dateConstraint() : config.dateConstraint();
        if (dc != null) {
            var today = ctx.clock().instant().atZone(zone()).toLocalDate();
            if (!dc.matches(today)) {
                log.info("date constraint " + dc + " does not match today (" + today + ", " + today.getDayOfWeek() + "); nothing to do");
                return false;
            }
        }
        if (config.window() != null && !config.window().contains(ctx.clock().instant())) {
            log.info("outside the maintenance window (" + config.window() + "); nothing to do");
            return false;
        }
        if (options.randomSleep() != null && !options.randomSleep().isZero()) {
            Duration sleep = Duration.ofMillis(ctx.random().nextLong(options.randomSleep().toMillis() + 1));
            log.info("random sleep: " + sleep.toSeconds() + " s");
            ctx.sleeper().sleep(sleep);
        }
        return true;
    }

    private int releaseLock() throws InterruptedException, IOException {
        Phase phase = Phase.LOCK_RELEASE;
        String why = run.lock.release();
        if (why != null) {
            log.error("lock " + config.lockName() + " not released: " + why + "; the next run tries again");
            run.reporter.report(phase.stateName(), null, "failed", null, why);
            return run.finish("failed", phase, ExitCodes.FAILURE, why);
        }
        stateFile.delete();
        log.info("lock " + config.lockName() + " released; update run " + run.state.runId() + " done");
        run.reporter.report(phase.stateName(), null, "done", null, "lock released");
        run.hooks.notify(false, false, "main", "none", 0);
        return run.finish("done", phase, ExitCodes.OK, "update done, lock released");
    }

    /** {@code 20261122T031219Z-2aa3}: the start time (UTC) and the pid. */
    private String newRunId() {
        return Timestamps.compact(ctx.clock().instant()) + "-" + Long.toHexString(ProcessHandle.current().pid());
    }

    private ZoneId zone() {
        return config.window() != null ? config.window().zone() : ZoneId.systemDefault();
    }
}
