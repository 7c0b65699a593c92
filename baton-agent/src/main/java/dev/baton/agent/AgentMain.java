package dev.baton.agent;

import dev.baton.agent.cli.CheckConfigCommand;
import dev.baton.agent.cli.PlanCommand;
import dev.baton.agent.cli.RefreshConfigCommand;
import dev.baton.agent.cli.RunCommand;
import dev.baton.agent.cli.StatusCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code baton-agent}: the host agent. Entry points: {@link #main} for the installed program and
 * {@link #run(String...)} for callers in the same JVM ({@code ./baton agent ...}, the demo), which returns the
 * exit code instead of exiting.
 */
@Command(name = "baton-agent", mixinStandardHelpOptions = true, versionProvider = AgentMain.Version.class,
        description = {"Walks this host through an update while holding its group's lock: needs_update, lock_get, "
                + "pre_update, update, needs_reboot, reboot, post_update, lock_release.",
                "Reads the configuration files of foreman_dlm_updater and DLMEngineUpdater unchanged."},
        subcommands = {RunCommand.class, PlanCommand.class, StatusCommand.class, CheckConfigCommand.class, RefreshConfigCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing to do, done, reboot started, or outside the date constraint / window",
                "1:failure: a script failed (the lock is kept), the lock was not acquired, a bad configuration or state file, "
                        + "another instance running",
                "2:wrong command line",
                "11:refresh-config: the lock file is held by another run"})
public final class AgentMain implements Runnable {

    private final AgentContext context;

    public AgentMain(AgentContext context) {
        this.context = context;
    }

    public AgentContext context() {
        return context;
    }

    /** Runs {@code baton-agent} with these arguments in this JVM and returns the exit code (never exits). */
    public static int run(String... args) {
        return run(AgentContext.system(), args);
    }

    /** Like {@link #run(String...)} with the given clock, environment and streams. */
    public static int run(AgentContext context, String... args) {
        if (args.length > 0 && args[0].equals("run")) {
            RunCommand fast = RunCommand.parseFast(args);
            if (fast != null) {
                return fast.execute(context);
            }
        }
        CommandLine cl = new CommandLine(new AgentMain(context));
        cl.setOut(new PrintWriter(context.out(), true));
        cl.setErr(new PrintWriter(context.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return ExitCodes.FAILURE;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(context.out());
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentMain.class.getPackage().getImplementationVersion();
            return new String[] {"baton-agent " + (v == null ? "(development build)" : v)};
        }
    }
}
