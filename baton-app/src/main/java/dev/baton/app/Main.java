package dev.baton.app;

import dev.baton.agent.AgentMain;
import dev.baton.cli.Cli;
import dev.baton.cli.CompletionCommand;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.advisory.AdvisoryCommand;
import dev.baton.cli.audit.AuditCommand;
import dev.baton.cli.credentials.CredentialsCommand;
import dev.baton.cli.hosts.HostsCommand;
import dev.baton.cli.hosts.ProgressCommand;
import dev.baton.cli.jobs.JobsCommand;
import dev.baton.cli.jump.JumpCommand;
import dev.baton.cli.key.KeyCommand;
import dev.baton.cli.remote.RemoteCommand;
import dev.baton.cli.lock.LockCommand;
import dev.baton.cli.notify.NotifyCommand;
import dev.baton.cli.pkg.PackageCommand;
import dev.baton.cli.repo.RepoCommand;
import dev.baton.cli.users.UsersCommand;
import dev.baton.demo.DemoCommand;
import dev.baton.server.ConfigSource;
import dev.baton.server.ServerCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code baton}: the server, the admin CLI and the agent in one program. */
@Command(name = "baton", mixinStandardHelpOptions = true, version = "baton 0.1.0",
        description = "Coordinated, bounded updates for fleets of Linux hosts.",
        subcommands = {ServerCommand.class, LockCommand.class, CredentialsCommand.class, UsersCommand.class, AuditCommand.class,
                HostsCommand.class, ProgressCommand.class, NotifyCommand.class, JobsCommand.class,
                KeyCommand.class, RemoteCommand.class, RepoCommand.class, PackageCommand.class, AdvisoryCommand.class,
                JumpCommand.class, AgentCommand.class, DemoCommand.class, CompletionCommand.class},
        footer = {"", ExitCodes.HELP})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        if (args.length > 0 && args[0].equals("agent")) {
            return AgentMain.run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        CommandLine cmd = commandLine();
        try {
            installConfig(cmd.getSubcommands().get("server"), args);
        } catch (CommandLine.ParameterException e) {
            cmd.getErr().println("baton: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return cmd.execute(args);
    }

    /** The whole command tree, with the CLI's converters and error handling. */
    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Main()));
    }

    /** Gives {@code baton server} its config file (--config or BATON_CONFIG) and environment as defaults. */
    private static void installConfig(CommandLine server, String[] args) {
        if (args.length == 0 || !args[0].equals("server")) {
            return;
        }
        String file = System.getenv("BATON_CONFIG");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                file = args[i].substring("--config=".length());
            }
        }
        server.setDefaultValueProvider(ConfigSource.load(server.getCommandSpec(), file == null ? null : Path.of(file), System.getenv()));
    }
}
