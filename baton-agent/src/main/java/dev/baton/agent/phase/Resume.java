package dev.baton.agent.phase;

import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.script.RecordedRunner;
import dev.baton.agent.state.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * What a run that resumes where an earlier one stopped makes sure of before it touches anything, in this order:
 * <ol>
 *   <li>post_update after a reboot: the reboot has happened (the boot id differs from the one the reboot command ran
 *       in), unless {@code --after_reboot} says so or the boot id is unknown; else the run waits for it, doing
 *       nothing;</li>
 *   <li>the script a killed run left running is not started again beside itself ({@link Orphans});</li>
 *   <li>the lock is still held: a resumed run asks the server, and takes it again (waiting as lock_get does) when an
 *       operator released it or another host holds it now ({@link LockSteps#check});</li>
 *   <li>the left script's result is recorded: done, a failure of the phase, or to be run again.</li>
 * </ol>
 */
final class Resume {

    private final Run run;
    private final RecordedRunner.Records records;
    private final Duration killGrace;

    Resume(Run run, RecordedRunner.Records records, Duration killGrace) {
        this.run = run;
        this.records = records;
        this.killGrace = killGrace;
    }

    /**
     * @param afterReboot {@code --after_reboot} was given
     * @return null to go on with {@code next}, else the exit code of this run
     */
    Integer check(Phase next, boolean afterReboot) throws IOException, InterruptedException {
        if (next == Phase.POST_UPDATE && run.state.rebootBootId() != null && !rebootHappened(afterReboot)) {
            return run.finish("waiting_for_reboot", next, ExitCodes.OK, "waiting for the reboot");
        }
        run.log.info("resuming run " + run.state.runId() + " at " + next + (run.state.done().isEmpty() ? "" : " (already done: "
                + String.join(", ", run.state.done()) + ")"));
        run.startReporting();
        run.reporter.report(next.stateName(), null, "resumed", null, "resuming at " + next);
        Orphans.Outcome orphan = null;
        if (run.state.running() != null) {
            orphan = new Orphans(run.ctx, run.log, records, run.config.scriptTimeout(), killGrace).settle(run.state.running(), next);
            if (orphan.kind() == Orphans.Kind.STILL_RUNNING) {
                run.reporter.report(next.stateName(), run.state.running().script(), "still_running", null, orphan.message());
                return run.finish("script_still_running", next, ExitCodes.FAILURE, orphan.message());
            }
        }
        if (next.lockHeld()) {
            Integer stop = holdLockAgain(next);
            if (stop != null) {
                return stop;
            }
        }
        if (orphan != null && !carryOn(next, orphan)) {
            return run.finish("failed", next, ExitCodes.FAILURE, run.failure);
        }
        return null;
    }

    /**
     * Whether post_update may run: the boot id differs from the one the reboot command ran in, or
     * {@code --after_reboot} says the reboot happened, or this boot's id is unknown. If so, the pending reboot is
     * struck from the state before anything runs, so a later run resumes post_update without waiting again.
     */
    private boolean rebootHappened(boolean afterReboot) throws IOException {
        Optional<String> now = run.ctx.bootId().current();
        String then = run.state.rebootBootId();
        if (now.isPresent() && now.get().equals(then) && !afterReboot) {
            run.log.info("waiting for the reboot: this host has not rebooted since the reboot command ran (boot id " + then
                    + "); post_update runs after it (or now with run --after_reboot)");
            return false;
        }
        run.log.info(now.isEmpty() ? "this host's boot id is unknown; taking the reboot as done"
                : now.get().equals(then) ? "--after_reboot: taking the reboot as done (the boot id is still " + then + ")"
                : "the host has rebooted since the reboot command ran");
        run.save(run.state.withRebootBootId(null));
        return true;
    }

    /**
     * Does this host still hold its lock? If the server says no (an operator force-released it; another host may hold
     * it now), or cannot tell, the lock is taken again, waiting as lock_get does, before any script or hook runs.
     * Resuming at lock_release, a lock no longer held has nothing to release.
     *
     * @return null to go on, else the exit code of this run
     */
    private Integer holdLockAgain(Phase next) throws InterruptedException, IOException {
        LockSteps.Held held = run.lock.check();
        if (held == LockSteps.Held.YES) {
            return null;
        }
        String lockName = run.config.lockName();
        if (held == LockSteps.Held.NO) {
            String lost = "this host (" + run.lock.holder() + ") no longer holds lock " + lockName
                    + " (released by an operator or expired; another host may hold it now)";
            if (next == Phase.LOCK_RELEASE) {
                run.stateFile.delete();
                run.log.warn(lost + ": nothing to release; update run " + run.state.runId() + " done");
                run.reporter.report(next.stateName(), null, "done", null, "the lock was no longer held: nothing to release");
                run.hooks.notify(false, false, "main", "none", 0);
                return run.finish("done", next, ExitCodes.OK, "update done; the lock was no longer held");
            }
            run.log.warn(lost + ": taking it again before anything runs");
            run.reporter.report(next.stateName(), null, "lock_lost", null, lost);
        }
        String why = run.lock.take(run.reporter);
        if (why != null) {
            String message = "lock " + lockName + " not acquired: " + why + "; nothing of " + next + " ran, the next run tries again";
            run.log.error(message);
            run.reporter.report(Phase.LOCK_GET.stateName(), null, "failed", null, why);
            return run.finish("lock_not_acquired", next, ExitCodes.FAILURE, message);
        }
        if (held == LockSteps.Held.NO) {
            run.log.info("lock " + lockName + " held again; resuming at " + next);
            run.reporter.report(next.stateName(), null, "lock_regained", null, "resuming at " + next);
        }
        run.hooks.notify(true, true, "main", "none", 0);
        return null;
    }

    /**
     * Records how the script a killed run left behind ended: done, failed (the phase fails, as it would have), or
     * unknown (the phase runs it again). The lock is held again by now, so hooks may say so.
     *
     * @return false when the phase failed ({@link Run#failure} says why)
     */
    private boolean carryOn(Phase phase, Orphans.Outcome orphan) throws IOException {
        String script = run.state.running().script();
        if (orphan.kind() == Orphans.Kind.UNKNOWN) {
            run.save(run.state.withRunning(null));
            return true;
        }
        boolean done = orphan.kind() == Orphans.Kind.DONE;
        int exit = orphan.result().exitCode();
        run.save(done ? run.state.withDone(script) : run.state.withRunning(null));
        run.reporter.report(phase.stateName(), script, done ? "ok" : "failed", exit, orphan.message());
        run.hooks.notify(true, true, phase.stateName(), script, exit);
        if (!done) {
            run.fail(phase, script, orphan.result());
        }
        return done;
    }
}
