package dev.baton.cli.jump;

import picocli.CommandLine.Command;

/** {@code baton jump}: release jumps (jump2nr's recipes) checked, dry-run and run across hosts. */
@Command(name = "jump", mixinStandardHelpOptions = true,
        description = {"Release jumps: move hosts to a new OS release over SSH with a recipe of local and remote commands "
                + "(jump2nr's language; see docs/jump.md). 'check' and 'plan' work on this machine alone and need no "
                + "server; 'run' runs a recipe through the server, a few hosts at a time, and 'runs', 'show', 'retry', "
                + "'skip' and 'abort' follow and steer runs."},
        subcommands = {JumpCheckCommand.class, JumpPlanCommand.class, JumpRunCommand.class, JumpRunsCommand.class,
                JumpShowCommand.class, JumpRetryCommand.class, JumpSkipCommand.class, JumpAbortCommand.class},
        footer = {"", JumpRecipes.EXIT_CODES})
public final class JumpCommand {
}
