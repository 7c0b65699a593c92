package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.ConfigLoader;
import dev.baton.agent.config.ConfigProblem;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.phase.UpdateWorkflow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent check-config}: every problem of the configuration, with its line. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = {"Checks the configuration file and lists every problem with its line number: errors (the agent "
                + "will not run) and warnings (unknown keys, missing script directories).", "Touches nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:errors", "2:wrong command line"})
public final class CheckConfigCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCommand main;

    @Option(names = {"--cfg", "-c"}, paramLabel = "PATH", description = "Configuration file (default: as for run).")
    private Path cfg;

    @Override
    public Integer call() {
        AgentContext ctx = main.context();
        PrintStream out = ctx.out();
        Path file = cfg != null ? cfg : ConfigLoader.defaultLocation();
        ConfigLoader.Result r = ConfigLoader.load(file, ctx.env(), true);
        for (ConfigProblem p : r.problems()) {
            out.println(p);
        }
        if (r.format() != null) {
            out.println(file + ": read as " + r.format().description());
        }
        AgentConfig c = r.config();
        if (c != null) {
            out.println("  lock:     " + c.lockName() + " via " + c.protocol() + (c.endpoint() != null ? " at " + c.endpoint() : ""));
            out.println("  holder:   " + (c.holder() != null ? c.holder() : "(this host's FQDN)"));
            out.println("  waiting:  " + (c.waitForLock() ? "up to " + c.waitMax().toSeconds() + " s, retries every "
                    + c.retryMin().toSeconds() + "-" + c.retryMax().toSeconds() + " s" : "no (one try)"));
            out.println("  state:    " + c.state());
            out.println("  log:      " + c.log() + " (" + c.logLevel() + ", " + c.logRetention() + " days kept)");
            out.println("  reboot:   " + (c.rebootCmd() != null ? c.rebootCmd() : "scripts in " + c.dir("reboot.d")));
            out.println("  scripts:  " + (c.scriptTimeout().isZero() ? "no time limit (script_timeout = 0)" : "time limit "
                    + c.scriptTimeout().toSeconds() + " s each (script_timeout): then SIGTERM to its process group, and SIGKILL "
                    + UpdateWorkflow.KILL_GRACE.toSeconds() + " s later if any of it is still alive"));
            if (c.dateConstraint() != null) {
                out.println("  date constraint: " + c.dateConstraint());
            }
            if (c.window() != null) {
                out.println("  window:   " + c.window());
            }
        }
        int errors = r.errors().size();
        int warnings = r.warnings().size();
        out.println(errors + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings"));
        return errors == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
