package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.lock.LockClients;
import dev.baton.agent.script.ProcessTable;
import dev.baton.agent.state.InstanceLock;
import dev.baton.agent.state.LastRun;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
import dev.baton.agent.state.RunningScript;
import dev.baton.agent.state.StateFile;
import dev.baton.agent.state.StateFileException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent status}: where this host is in its update. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the current phase, whether the lock is held, a script left running by a killed run, a "
                + "pending reboot, whether an agent is running now, and the last run and its result.",
                "Touches nothing (--check-lock asks the lock server, read-only)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:status shown", "1:bad configuration or state file", "2:wrong command line"})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCommand main;

    @Option(names = {"--cfg", "-c"}, paramLabel = "PATH", description = "Configuration file (default: as for run).")
    private Path cfg;

    @Option(names = "--check-lock", description = "Also ask the lock server whether this host holds the lock.")
    private boolean checkLock;

    @Option(names = "--json", description = "Print the status as one JSON object (field names: see docs/agent.md).")
    private boolean json;

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        AgentConfig c = Configs.load(cfg, ctx, true);
        if (c == null) {
            return ExitCodes.FAILURE;
        }
        StatusView view = view(c, ctx);
        if (json) {
            ctx.out().println(Json.write(view));
        } else {
            print(ctx.out(), view);
        }
        return view.stateError() == null ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private StatusView view(AgentConfig c, AgentContext ctx) {
        Optional<RunState> state = Optional.empty();
        String stateError = null;
        try {
            state = new StateFile(c.state(), ctx.clock()).peek();
        } catch (StateFileException | IOException e) {
            stateError = e.getMessage();
        }
        Phase next = state.map(RunState::next).orElse(null);
        StatusView.RunningScriptView script = state.map(RunState::running).map(StatusCommand::runningScript).orElse(null);
        StatusView.RebootView reboot = state.map(RunState::rebootBootId)
                .map(then -> new StatusView.RebootView(then, ctx.bootId().current().map(now -> !now.equals(then)).orElse(null))).orElse(null);
        Boolean running = running(c.instanceLock());
        StatusView.LastRunView last = LastRun.read(c.lastRunFile()).map(l -> new StatusView.LastRunView(l.runId(), l.started().toString(),
                l.finished().toString(), l.result(), l.phase(), l.exitCode(), l.message())).orElse(null);
        return new StatusView(stateError != null ? "invalid" : state.isEmpty() ? "idle" : "in_progress",
                next == null ? null : next.stateName(), state.map(RunState::runId).orElse(null), state.map(RunState::done).orElse(List.of()),
                c.lockName(), next != null && next.lockHeld(), script, reboot, running,
                Boolean.TRUE.equals(running) ? InstanceLock.owner(c.instanceLock()).orElse(null) : null, last, checkLock ? server(c) : null, stateError);
    }

    private static StatusView.RunningScriptView runningScript(RunningScript r) {
        return new StatusView.RunningScriptView(r.script(), r.pgid(), r.since().toString(), ProcessTable.groupAlive(r.pgid(), r.startTicks()));
    }

    private static StatusView.ServerView server(AgentConfig c) {
        String holder = LockClients.holder(c);
        try {
            return new StatusView.ServerView(holder, LockClients.create(c, holder).isHeld().orElse(null), null);
        } catch (Exception e) {
            return new StatusView.ServerView(holder, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static void print(PrintStream out, StatusView v) {
        switch (v.state()) {
            case "idle" -> {
                out.println("phase:     idle (no update in progress)");
                out.println("lock:      not held");
            }
            case "invalid" -> out.println("phase:     unknown: " + v.stateError());
            default -> {
                out.println("phase:     " + v.nextPhase() + " is next (run " + v.runId() + ")"
                        + (v.done().isEmpty() ? "" : ", done there: " + String.join(", ", v.done())));
                out.println("lock:      " + (v.lockHeld() ? "held (" + v.lockName() + ")" : "not held yet (" + v.lockName() + ")"));
            }
        }
        if (v.runningScript() != null) {
            StatusView.RunningScriptView s = v.runningScript();
            out.println("script:    " + s.name() + " (process group " + s.processGroup() + ", started " + s.started() + ") "
                    + (s.alive() ? "is running" : "has ended; the next run records how"));
        }
        if (v.rebootPending() != null) {
            out.println("reboot:    the reboot command ran in boot " + v.rebootPending().bootId() + "; " + (v.rebootPending().rebooted() == null
                    ? "this boot's id is unknown" : v.rebootPending().rebooted() ? "the host has rebooted since"
                    : "not rebooted yet: post_update waits for it (or run --after_reboot)"));
        }
        out.println("running:   " + (v.agentRunning() == null ? "unknown (the lock file cannot be read)" : v.agentRunning()
                ? "yes, " + (v.agentOwner() != null ? v.agentOwner() : "owner unknown") : "no"));
        StatusView.LastRunView l = v.lastRun();
        out.println("last run:  " + (l == null ? "none recorded" : l.finished() + " " + l.result() + " in " + l.phase() + " (exit "
                + l.exitCode() + ")" + (l.message().isEmpty() ? "" : ": " + l.message())));
        if (v.server() != null) {
            StatusView.ServerView s = v.server();
            out.println("server:    " + (s.error() != null ? "cannot ask: " + s.error() : s.held() == null ? "the protocol cannot tell"
                    : "the server says " + s.holder() + (s.held() ? " holds " : " does not hold ") + v.lockName()));
        }
    }

    /**
     * Whether an agent holds the single-instance lock now (null: the lock file cannot be read); asks with a shared
     * lock, so nothing is written.
     */
    static Boolean running(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe != null) {
                probe.release();
                return false;
            }
        } catch (OverlappingFileLockException e) {
            // held in this JVM
        } catch (IOException e) {
            return null;
        }
        return true;
    }
}
