package dev.baton.cli.repo;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton repo}: repositories, their versions, adding, promoting, publishing. */
@Command(name = "repo", mixinStandardHelpOptions = true,
        description = {"Package repositories: every change (add, remove, promote, rollback) makes a new numbered version "
                + "with who and why, and publishes the repository. A repository with --sign-with holds only packages "
                + "signed with that key: adding to it signs each package (the signer role). Promotion refuses unsigned "
                + "and test-failed packages into a signed repository, and untested ones into a repository created with "
                + "--requires-tested."},
        subcommands = {RepoCreateCommand.class, RepoListCommand.class, RepoShowCommand.class, RepoVersionsCommand.class,
                RepoDiffCommand.class, RepoRollbackCommand.class, RepoRemoveCommand.class, RepoAddCommand.class,
                RepoRemovePackageCommand.class, RepoPromoteCommand.class, RepoPublishCommand.class},
        footer = {"", ExitCodes.HELP})
public final class RepoCommand {
}
