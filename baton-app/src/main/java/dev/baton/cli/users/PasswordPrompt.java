package dev.baton.cli.users;

import dev.baton.cli.CliException;
import dev.baton.cli.Output;
import java.io.Console;
import java.util.Arrays;

/**
 * A new password for a user: the one given with {@code --password}, or asked for twice on the terminal without echo.
 * Without a terminal and without {@code --password} it refuses, rather than read a password from a pipe by surprise.
 */
final class PasswordPrompt {

    private PasswordPrompt() {
    }

    static String newPassword(String given, String user) {
        if (given != null) {
            return given;
        }
        Console console = System.console();
        if (console == null || !Output.onTerminal()) {
            throw new CliException("no terminal to ask for " + user + "'s password on: give --password P "
                    + "(it is then visible in the process list), or run this on a terminal");
        }
        char[] first = console.readPassword("New password for %s: ", user);
        char[] second = console.readPassword("Again: ");
        try {
            if (first == null || second == null) {
                throw new CliException("no password was entered; nothing changed");
            }
            if (!Arrays.equals(first, second)) {
                throw new CliException("the two passwords differ; nothing changed");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, ' ');
            }
            if (second != null) {
                Arrays.fill(second, ' ');
            }
        }
    }
}
