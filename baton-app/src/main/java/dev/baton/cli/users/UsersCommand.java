package dev.baton.cli.users;

import dev.baton.cli.ExitCodes;
import picocli.CommandLine.Command;

/** {@code baton users}: the people who sign in with a password, their roles and scopes. */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = {"Users who sign in with a password: add, list, disable, enable, set-role, set-scopes, reset-password "
                + "(needs the manage-people permission: admin).",
                "Roles: " + Roles.HELP,
                "Scopes (--scope web-*) limit a user to locks and hosts whose names match; none: everything."},
        subcommands = {UsersAddCommand.class, UsersListCommand.class, UsersDisableCommand.class, UsersEnableCommand.class,
                UsersSetRoleCommand.class, UsersSetScopesCommand.class, UsersResetPasswordCommand.class},
        footer = {"", ExitCodes.HELP})
public final class UsersCommand {
}
