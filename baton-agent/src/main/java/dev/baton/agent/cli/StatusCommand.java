package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.lock.LockClients;
import dev.baton.agent.state.InstanceLock;
import dev.baton.agent.state.LastRun;
import dev.baton.agent.state.Phase;
import dev.baton.agent.state.RunState;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent status}: where this host is in its update. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows the current phase, whether the lock is held, whether an agent is running now, and the last "
                + "run and its result.", "Touches nothing (--check-lock asks the lock server, read-only)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:status shown", "1:bad configuration or state file", "2:wrong command line"})
public final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCommand main;

    @Option(names = {"--cfg", "-c"}, paramLabel = "PATH", description = "Configuration file (default: as for run).")
    private Path cfg;

    @Option(names = "--check-lock", description = "Also ask the lock server whether this host holds the lock.")
    private boolean checkLock;

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        PrintStream out = ctx.out();
        AgentConfig c = Configs.load(cfg, ctx, true);
        if (c == null) {
            return ExitCodes.FAILURE;
        }
        int exit = ExitCodes.OK;
        try {
            Optional<RunState> state = new StateFile(c.state(), ctx.clock()).peek();
            if (state.isEmpty()) {
                out.println("phase:     idle (no update in progress)");
                out.println("lock:      not held");
            } else {
                Phase next = state.get().next();
                out.println("phase:     " + next + " is next (run " + state.get().runId() + ")"
                        + (state.get().done().isEmpty() ? "" : ", done there: " + String.join(", ", state.get().done())));
                out.println("lock:      " + (next.lockHeld() ? "held (" + c.lockName() + ")" : "not held yet (" + c.lockName() + ")"));
            }
        } catch (StateFileException | IOException e) {
            out.println("phase:     unknown: " + e.getMessage());
            exit = ExitCodes.FAILURE;
        }
        out.println("running:   " + running(c.instanceLock()));
        Optional<LastRun> last = LastRun.read(c.lastRunFile());
        out.println("last run:  " + last.map(l -> l.finished() + " " + l.result() + " in " + l.phase() + " (exit " + l.exitCode() + ")"
                + (l.message().isEmpty() ? "" : ": " + l.message())).orElse("none recorded"));
        if (checkLock) {
            try {
                String holder = LockClients.holder(c);
                Optional<Boolean> held = LockClients.create(c, holder).isHeld();
                out.println("server:    " + held.map(h -> h ? "the server says " + holder + " holds " + c.lockName()
                        : "the server says " + holder + " does not hold " + c.lockName()).orElse("the " + c.protocol() + " protocol cannot tell"));
            } catch (Exception e) {
                out.println("server:    cannot ask: " + e.getMessage());
            }
        }
        return exit;
    }

    /** Whether an agent holds the single-instance lock now; asks with a shared lock, so nothing is written. */
    static String running(Path lockFile) {
        if (!Files.exists(lockFile)) {
            return "no";
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe != null) {
                probe.release();
                return "no";
            }
        } catch (OverlappingFileLockException e) {
            // held in this JVM
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "yes, " + InstanceLock.owner(lockFile).orElse("owner unknown");
    }
}
