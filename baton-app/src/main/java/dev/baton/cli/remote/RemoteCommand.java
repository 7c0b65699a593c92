package dev.baton.cli.remote;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton remote}: upstream repositories Baton mirrors. */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Remotes: upstream yum/dnf repositories Baton mirrors. A sync reads repodata/repomd.xml (unchanged: "
                + "done), fetches the packages Baton does not have yet and checks each one's size, sha256 and OpenPGP "
                + "signature against the remote's keys: a package that passes is 'waiting', one that fails is 'test failed' "
                + "(quarantined, a package.test_failed notification goes out)."},
        subcommands = {RemoteAddCommand.class, RemoteListCommand.class, RemoteShowCommand.class, RemoteRemoveCommand.class,
                RemoteSyncCommand.class},
        footer = {"", ExitCodes.HELP})
public final class RemoteCommand {
}
