package dev.baton.cli.users;

import dev.baton.cli.CliException;
import java.io.Console;
import java.util.Arrays;

/**
 * A new password for a user: the one given with {@code --password}, or asked for twice on the terminal without echo.
 * Without a terminal and without {@code --password} it refuses, rather than read a password from a pipe by surprise.
 */
final class PasswordPrompt {

    private PasswordPrompt() {
    }

    /**
     * Whether the console is a terminal. Since JDK 22 {@code System.console()} answers even when the streams are
     * redirected, and {@code Console.isTerminal()} (JDK 22) tells; this code is compiled for JDK 21, so it asks by name.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    static String newPassword(String given, String user) {
        if (given != null) {
            return given;
        }
        Console console = System.console();
        if (console == null || !isTerminal(console)) {
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
