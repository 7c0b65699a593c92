package dev.baton.agent.phase;

import dev.baton.agent.host.AgentContext;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.script.OutputTail;
import dev.baton.agent.script.ProcessGroup;
import dev.baton.agent.script.ProcessTable;
import dev.baton.agent.script.RecordedRunner;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunningScript;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What became of the script a killed run left running (the state's {@link RunningScript}): the resumed run must not
 * start it again while it still runs, and must carry on according to how it ended.
 *
 * <p>Alive is decided from {@code /proc} ({@link ProcessTable#groupAlive}: the process group with the recorded
 * leader start time, in the same boot). A script still running is waited for, up to what is left of
 * {@code script_timeout} since it started, and then ended as a time limit ends a script; without a
 * {@code script_timeout} the run refuses at once (exit 1) and a later run looks again. Its output is logged while
 * the run waits. Once it has ended, its recorded exit status decides: 0 is done, anything else a failure of the
 * phase; no recorded status (it was killed with the agent, or never started) means the phase runs it again.
 */
final class Orphans {

    /** How often {@code /proc} is asked whether the script still runs. */
    private static final Duration POLL = Duration.ofMillis(200);

    /** How the script a killed run left behind ended, or that it still runs. */
    enum Kind { DONE, FAILED, UNKNOWN, STILL_RUNNING }

    /**
     * @param result for {@link Kind#DONE} and {@link Kind#FAILED}: the script's result
     * @param message for people: what was found
     */
    record Outcome(Kind kind, ScriptResult result, String message) {
    }

    private final AgentContext ctx;
    private final AgentLog log;
    private final RecordedRunner.Records records;
    private final Duration timeout;
    private final Duration killGrace;

    Orphans(AgentContext ctx, AgentLog log, RecordedRunner.Records records, Duration timeout, Duration killGrace) {
        this.ctx = ctx;
        this.log = log;
        this.records = records;
        this.timeout = timeout;
        this.killGrace = killGrace;
    }

    /** Finds out how {@code r}, a script of {@code phase}, ended, waiting for it (and ending it) as described above. */
    Outcome settle(RunningScript r, Phase phase) throws InterruptedException {
        String what = phase + " script " + r.script() + " of an earlier run (process group " + r.pgid() + ", started " + r.since() + ")";
        if (alive(r)) {
            if (timeout.isZero()) {
                String message = what + " is still running: the agent that started it was killed, and it is not started "
                        + "again beside itself. This run does nothing; a later run goes on once it has ended (with "
                        + "script_timeout set, a run waits for it up to that limit)";
                log.error(message);
                return new Outcome(Kind.STILL_RUNNING, null, message);
            }
            Instant deadline = r.since().plus(timeout);
            log.warn(what + " is still running (the agent that started it was killed); waiting for it to end, up to "
                    + Math.max(0, Duration.between(ctx.clock().instant(), deadline).toSeconds()) + " s more (script_timeout "
                    + timeout.toSeconds() + " s)");
            if (!waitFor(r, deadline)) {
                log.error(r.script() + ": time limit of " + timeout.toSeconds() + " s exceeded; killing its process group (TERM, then "
                        + "KILL after " + killGrace.toSeconds() + " s)");
                ProcessGroup.terminate(r.pgid(), killGrace);
                ScriptResult result = new ScriptResult(r.script(), 124, true, took(r), null);
                return new Outcome(Kind.FAILED, result, what + " " + result.describe());
            }
        }
        OptionalInt status = records.exitStatus(r.pgid());
        if (status.isEmpty()) {
            String message = what + " has ended without recording how (it was killed with the agent, or never started); "
                    + phase + " goes on from it, running it again";
            log.warn(message);
            return new Outcome(Kind.UNKNOWN, null, message);
        }
        ScriptResult result = new ScriptResult(r.script(), status.getAsInt(), false, took(r), null);
        String message = what + " has ended: exit code " + status.getAsInt();
        log.info(message);
        return new Outcome(result.ok() ? Kind.DONE : Kind.FAILED, result, message);
    }

    /** Whether the group still has a process; a group of another boot is gone whatever {@code /proc} says now. */
    private boolean alive(RunningScript r) {
        Optional<String> boot = ctx.bootId().current();
        if (r.bootId() != null && boot.isPresent() && !boot.get().equals(r.bootId())) {
            return false;
        }
        return ProcessTable.groupAlive(r.pgid(), r.startTicks());
    }

    /** Waits until the group has ended (true) or the deadline has passed (false), logging its output meanwhile. */
    private boolean waitFor(RunningScript r, Instant deadline) throws InterruptedException {
        OutputTail tail = null;
        try {
            if (Files.exists(records.outputFile())) {
                tail = new OutputTail(records.outputFile(), Files.size(records.outputFile()),
                        l -> log.info("[" + r.script() + "] " + l.forLog())).start("output of " + r.script());
            }
        } catch (java.io.IOException e) {
            log.debug("cannot follow " + records.outputFile() + ": " + e.getMessage());
        }
        try {
            while (alive(r)) {
                Duration left = Duration.between(ctx.clock().instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return false;
                }
                ctx.sleeper().sleep(left.compareTo(POLL) < 0 ? left : POLL);
            }
            return true;
        } finally {
            if (tail != null) {
                tail.stop();
            }
        }
    }

    private Duration took(RunningScript r) {
        Duration d = Duration.between(r.since(), ctx.clock().instant());
        return d.isNegative() ? Duration.ZERO : d;
    }
}
