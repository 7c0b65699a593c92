package dev.baton.agent.cli;

import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.host.AgentContext;
import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.phase.UpdateWorkflow;
import dev.baton.agent.schedule.DateConstraint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code baton-agent run}: one pass of the update workflow, resuming where the last one stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        // written out: picocli would cut N:Day[,N:Day...] in two at 80 columns
        customSynopsis = {"baton-agent run [--after_reboot] [-c=PATH] [--random_sleep=SECONDS]",
                "                       [--date_constraint=N:Day[,N:Day...]] [-hV]"},
        description = {"Runs the update workflow once, from where the state file says it stopped.",
                "Start it from a systemd timer or cron, and once at boot with --after_reboot."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing to do, done, reboot started, waiting for the reboot, date constraint or window not matching",
                "1:failure (a script failed and the lock is kept, the lock was not acquired, a script a killed run left is "
                        + "still running, bad configuration or state file, another instance running)",
                "2:wrong command line"})
public final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private AgentCommand main;

    @Option(names = {"--cfg", "-c"}, paramLabel = "PATH",
            description = "Configuration file (baton-agent, DLMEngineUpdater INI or dotenv, or foreman_dlm_updater INI). "
                    + "Default: the first that exists of /etc/baton-agent/agent.ini, /etc/dlm_engine_updater/config.ini, "
                    + "/etc/dlm_engine_updater/config.env, /etc/dlm_engine_updater/.env, /etc/foreman_dlm_updater/config.ini.")
    private Path cfg;

    @Option(names = {"--after_reboot", "--after-reboot"},
            description = "Boot-time run: continue only if a reboot of this workflow is pending (state post_update); else do nothing.")
    private boolean afterReboot;

    @Option(names = {"--date_constraint", "--date-constraint"}, paramLabel = "N:Day[,N:Day...]", converter = DateConstraintConverter.class,
            description = "Start a new run only on the N-th such weekday of the month, e.g. \"2:Tue,4:Fri\" "
                    + "(second Tuesday or fourth Friday). A run in progress always resumes.")
    private DateConstraint dateConstraint;

    @Option(names = {"--random_sleep", "--random-sleep"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "Sleep a random time up to SECONDS before a new run (spreads the load on the lock server).")
    private long randomSleep;

    @Override
    public Integer call() {
        return execute(main.context());
    }

    /**
     * Reads {@code run}'s arguments without picocli, which costs several hundred milliseconds to start: a timer
     * run with nothing to do must finish in a fraction of a second. Accepts exactly the options declared above
     * (both spellings, {@code --opt value} and {@code --opt=value}); anything else (help, a typo, a bad value)
     * returns null and goes through picocli, which explains the problem.
     *
     * @param args the whole command line, {@code args[0]} being {@code run}
     */
    public static RunCommand parseFast(String[] args) {
        RunCommand c = new RunCommand();
        try {
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0) {
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                }
                switch (a) {
                    case "--after_reboot", "--after-reboot" -> {
                        if (value != null) {
                            return null;
                        }
                        c.afterReboot = true;
                    }
                    case "--cfg", "-c", "--date_constraint", "--date-constraint", "--random_sleep", "--random-sleep" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                return null;
                            }
                            value = args[++i];
                        }
                        switch (a) {
                            case "--cfg", "-c" -> c.cfg = Path.of(value);
                            case "--random_sleep", "--random-sleep" -> c.randomSleep = Long.parseLong(value);
                            default -> c.dateConstraint = DateConstraint.parse(value);
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return c;
    }

    /** Runs with the options already set (by picocli or {@link #parseFast}). */
    public int execute(AgentContext ctx) {
        if (randomSleep < 0) {
            ctx.err().println("error: --random_sleep must not be negative");
            return ExitCodes.USAGE;
        }
        AgentConfig config = Configs.load(cfg, ctx, false);
        if (config == null) {
            return ExitCodes.FAILURE;
        }
        try (AgentLog log = Configs.log(config, ctx)) {
            return new UpdateWorkflow(config, ctx, log)
                    .run(new UpdateWorkflow.Options(afterReboot, dateConstraint, Duration.ofSeconds(randomSleep)));
        }
    }
}
