package dev.baton.agent.cli;

import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.log.Level;
import dev.baton.agent.phase.RefreshConfigRun;
import dev.baton.agent.state.InstanceLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent refresh-config}: os-refresh-config's phases on the agent's engine. */
@Command(name = "refresh-config", mixinStandardHelpOptions = true,
        description = {"Runs the os-refresh-config phases pre-configure, configure, post-configure and migration from "
                + "$OS_REFRESH_CONFIG_BASE_DIR (default /usr/libexec/os-refresh-config), each from <base>/<phase>.d.",
                "On the first failure the scripts of <base>/error.d run with BATON_FAILED_PHASE, BATON_FAILED_SCRIPT and "
                        + "BATON_FAILED_EXIT_CODE set, and the exit code is 1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all phases done", "1:a script failed or timed out (error.d ran)", "2:wrong command line",
                "11:the lock file is held by another run"})
public final class RefreshConfigCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCommand main;

    @Option(names = "--print-base", description = "Print the base directory and exit.")
    private boolean printBase;

    @Option(names = "--print-phases", description = "Print the phases, in order, and exit.")
    private boolean printPhases;

    @Option(names = "--lockfile", paramLabel = "PATH", defaultValue = "/var/run/os-refresh-config.lock",
            description = "Only one run at a time holds this file (default: ${DEFAULT-VALUE}); busy: exit 11.")
    private Path lockfile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Time limit for the whole run, in seconds; 0: none. When it is up, the running script's process group "
                    + "gets SIGTERM, and SIGKILL 5 s later if any of it is still alive; then error.d runs.")
    private long timeout;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO", description = "DEBUG, INFO, WARNING or ERROR.")
    private String logLevel;

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        Path base = RefreshConfigRun.base(ctx.env());
        if (printBase) {
            ctx.out().println(base);
            return ExitCodes.OK;
        }
        if (printPhases) {
            ctx.out().println(String.join(" ", RefreshConfigRun.PHASES));
            return ExitCodes.OK;
        }
        Level level = Level.named(logLevel);
        if (level == null || timeout < 0) {
            ctx.err().println("error: " + (level == null ? "--log-level " + logLevel + " is not DEBUG, INFO, WARNING or ERROR"
                    : "--timeout must not be negative"));
            return ExitCodes.USAGE;
        }
        AgentLog log = AgentLog.stderrOnly(ctx.err(), ctx.clock(), level);
        try (InstanceLock lock = InstanceLock.acquire(lockfile, "baton-agent refresh-config", ctx.clock().instant())) {
            String runId = "orc-" + ctx.clock().instant().getEpochSecond() + "-" + ProcessHandle.current().pid();
            return new RefreshConfigRun(base, log, ctx.env(), Duration.ofSeconds(timeout), runId).run();
        } catch (InstanceLock.BusyException e) {
            log.error(e.getMessage());
            return ExitCodes.BUSY;
        } catch (IOException e) {
            log.error("cannot open the lock file " + lockfile + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
