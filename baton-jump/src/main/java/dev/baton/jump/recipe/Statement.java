package dev.baton.jump.recipe;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One line of a recipe that does something. {@link #line()} is 1-based in the file, {@link #source()} the line as
 * written (without its line break). Texts are kept as written, {@code %name%} not yet replaced: what a variable holds
 * may depend on the host, so {@link Variables#expand} runs for each host. In the commands of {@code local}, {@code
 * remote} and {@code key=`cmd`} the quote characters {@code '} and {@code "} are already removed, as jump2nr did.
 */
public sealed interface Statement {

    int line();

    String source();

    /** {@code key=value} or {@code key = value}: defines a variable for the lines below. */
    record Assign(int line, String source, String name, String value) implements Statement {
    }

    /** {@code key=`cmd`}: the variable holds the standard output of {@code cmd}, run on the Baton side. */
    record AssignOutput(int line, String source, String name, String command) implements Statement {
    }

    /** {@code print string}: the message goes to the host's log (and the operator's screen). */
    record Print(int line, String source, String message) implements Statement {
    }

    /** {@code local cmd}: a shell command run on the Baton side, in the recipe's directory. */
    record Local(int line, String source, String command) implements Statement {
    }

    /** {@code remote cmd}: a shell command run on the host over SSH. */
    record Remote(int line, String source, String command) implements Statement {

        /** {@code reboot}, {@code shutdown -r} or {@code systemctl reboot}, with plain arguments and nothing chained. */
        private static final Pattern REBOOT = Pattern.compile("(reboot|shutdown\\s+-r|systemctl\\s+reboot)(\\s+[^;&|<>`$()]*)?");

        /**
         * Whether this line reboots the host: the runner then waits for the host to go down and come back, exactly as
         * for {@code jump(reboot)}. Only a command that is nothing but a reboot counts ({@code reboot}, {@code reboot
         * now}, {@code shutdown -r now}, {@code systemctl reboot}); a reboot inside a longer command line does not.
         */
        public boolean reboots() {
            return REBOOT.matcher(command.strip()).matches();
        }
    }

    /**
     * {@code jump(function, parms)}: a built-in, {@code function} in lower case, its arguments trimmed (a built-in
     * written directly as {@code Function(parms)}, like the sample's {@code Showvars()}, is the same).
     */
    record Builtin(int line, String source, String function, List<String> args) implements Statement {
        public Builtin {
            args = List.copyOf(args);
        }
    }
}
