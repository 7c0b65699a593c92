package dev.baton.agent.cli;

import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code baton-agent}: the command line. {@link #execute} parses the arguments and runs the subcommand with the
 * given {@link AgentContext}; each subcommand reaches that context through this, its parent command.
 */
@Command(name = "baton-agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = {"Walks this host through an update while holding its group's lock: needs_update, lock_get, "
                + "pre_update, update, needs_reboot, reboot, post_update, lock_release.",
                "Reads the configuration files of foreman_dlm_updater and DLMEngineUpdater unchanged."},
        subcommands = {RunCommand.class, PlanCommand.class, StatusCommand.class, CheckConfigCommand.class, RefreshConfigCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:nothing to do, done, reboot started, waiting for the reboot, or outside the date constraint / window",
                "1:failure: a script failed (the lock is kept), the lock was not acquired, a script a killed run left is still "
                        + "running, a bad configuration or state file, another instance running",
                "2:wrong command line",
                "11:refresh-config: the lock file is held by another run"})
public final class AgentCommand implements Runnable {

    private final AgentContext context;

    private AgentCommand(AgentContext context) {
        this.context = context;
    }

    AgentContext context() {
        return context;
    }

    /** Runs {@code baton-agent args} with this context and returns the exit code (never exits, never throws). */
    public static int execute(AgentContext context, String... args) {
        if (args.length > 0 && args[0].equals("run")) {
            RunCommand fast = RunCommand.parseFast(args);
            if (fast != null) {
                return fast.execute(context);
            }
        }
        return commandLine(context).execute(args);
    }

    /** The command line of {@code baton-agent}, its output going to the context's streams. */
    static CommandLine commandLine(AgentContext context) {
        CommandLine cl = new CommandLine(new AgentCommand(context));
        cl.setOut(new PrintWriter(context.out(), true));
        cl.setErr(new PrintWriter(context.err(), true));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // as wide as the terminal (80 columns when there is none), so a wide terminal does not break sentences at 80
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(context.out());
    }

    /** The version from the jar's manifest, when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentCommand.class.getPackage().getImplementationVersion();
            return new String[] {"baton-agent " + (v == null ? "(development build)" : v)};
        }
    }
}
