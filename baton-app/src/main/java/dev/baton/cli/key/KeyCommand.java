package dev.baton.cli.key;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton key}: the site's signing keys, held by the server or by an external gpg agent. */
@Command(name = "key", mixinStandardHelpOptions = true,
        description = {"The site's signing keys (RSA or EdDSA), held by the server and encrypted there with its signing "
                + "passphrase (baton server --signing-passphrase-file), or held by gpg-agent on the server (key add "
                + "--gpg), which then makes every signature. Packages added to a repository created with "
                + "--sign-with KEY are signed with it, and so is each publication's repodata/repomd.xml. Creating and "
                + "adding keys needs the sign-packages permission (signer, admin)."},
        subcommands = {KeyCreateCommand.class, KeyAddCommand.class, KeyListCommand.class, KeyExportCommand.class},
        footer = {"", ExitCodes.HELP})
public final class KeyCommand {
}
