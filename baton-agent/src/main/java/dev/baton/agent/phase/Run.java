package dev.baton.agent.phase;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.report.Reporter;
import dev.baton.agent.report.ServerReporter;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.state.LastRun;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.StateFile;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * One run of the workflow as its parts share it: the configuration and the host, the log, the state (always saved
 * before it is relied upon), the lock, the hooks, the progress reports, and why the run failed. Not thread-safe:
 * a run is one thread (the reporter sends on its own).
 */
final class Run {

    final AgentConfig config;
    final AgentContext ctx;
    final AgentLog log;
    final StateFile stateFile;
    final LockSteps lock;
    final Hooks hooks;
    private final Instant started;
    /** What the state file says; change it through {@link #save}. */
    RunState state;
    Reporter reporter = Reporter.NONE;
    /** Why the phase failed, for the last-run record. */
    String failure;

    Run(AgentConfig config, AgentContext ctx, AgentLog log, StateFile stateFile, LockSteps lock, Hooks hooks, RunState state,
        Instant started) {
        this.config = config;
        this.ctx = ctx;
        this.log = log;
        this.stateFile = stateFile;
        this.lock = lock;
        this.hooks = hooks;
        this.state = state;
        this.started = started;
    }

    /** Writes {@code next} to the state file (atomically and durably), then holds it as the state. */
    void save(RunState next) throws IOException {
        stateFile.write(next);
        state = next;
    }

    /** Names {@code to} as the next phase in the state file. */
    Phase advance(Phase to) throws IOException {
        save(state.moveTo(to));
        log.debug("state: next phase " + to);
        return to;
    }

    /** Reports progress to the Baton server from now on (when it is the lock server and reporting is on). */
    void startReporting() {
        if (reporter != Reporter.NONE || !config.reportsToServer()) {
            return;
        }
        reporter = new ServerReporter(lock.link()::batonClient, lock.holder(), state.runId(), ctx.clock(), log,
                Duration.ofSeconds(3));
    }

    /** A script of {@code phase} failed: the lock is kept, {@code on_failure.d} runs. */
    void fail(Phase phase, String script, ScriptResult r) {
        failure = phase + " failed: " + script + " " + r.describe() + "; the lock is kept, the next run retries " + phase;
        log.error(failure);
        hooks.failure(true, phase.stateName(), script, r.exitCode());
    }

    /** Ends the run: records the outcome for {@code status} and returns the exit code. */
    int finish(String result, Phase phase, int exit, String message) {
        try {
            new LastRun(state.runId(), started, ctx.clock().instant(), result, phase.stateName(), exit, message).write(config.lastRunFile());
        } catch (IOException e) {
            log.debug("cannot write " + config.lastRunFile() + ": " + e.getMessage());
        }
        return exit;
    }
}
