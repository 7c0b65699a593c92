package dev.baton.app;

import dev.baton.cli.CliException;
import dev.baton.cli.CredentialsCommand;
import dev.baton.cli.ExitCodes;
import dev.baton.cli.HostsCommand;
import dev.baton.cli.LockCommand;
import dev.baton.demo.DemoCommand;
import dev.baton.agent.AgentMain;
import dev.baton.client.BatonClientException;
import dev.baton.client.BatonUnreachableException;
import dev.baton.server.ConfigSource;
import dev.baton.server.ServerCommand;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code baton}: the server, the admin CLI and the agent in one program. */
@Command(name = "baton", mixinStandardHelpOptions = true, version = "baton 0.1.0",
        description = "Coordinated, bounded updates for fleets of Linux hosts.",
        subcommands = {ServerCommand.class, LockCommand.class, CredentialsCommand.class, HostsCommand.class, AgentCommand.class, DemoCommand.class},
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
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var err = commandLine.getErr();
            if (e instanceof CliException c) {
                err.println("baton: " + c.getMessage());
                return c.exitCode();
            }
            if (e instanceof BatonUnreachableException) {
                err.println("baton: " + e.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
            if (e instanceof BatonClientException c) {
                err.println("baton: " + c.getMessage() + " (HTTP " + c.status() + ")");
                return c.status() >= 500 ? ExitCodes.UNAVAILABLE : ExitCodes.REFUSED;
            }
            throw e;
        });
        try {
            installConfig(cmd.getSubcommands().get("server"), args);
        } catch (CommandLine.ParameterException e) {
            cmd.getErr().println("baton: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return cmd.execute(args);
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
