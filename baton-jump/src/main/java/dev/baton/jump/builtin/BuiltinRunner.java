package dev.baton.jump.builtin;

import dev.baton.jump.recipe.Builtins;
import dev.baton.jump.recipe.Statement.Builtin;
import dev.baton.jump.recipe.Variables;
import dev.baton.jump.ssh.ConnectionLostException;
import dev.baton.jump.ssh.HostSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the built-ins that act on a host through its session: {@code usepartition} ({@link UsePartition}),
 * {@code copy} (SFTP uploads, no shelling out) and {@code showvars}. {@code hostkey} and {@code reboot} change how the
 * runner connects, so the runner does them itself (see {@link Reboots}).
 *
 * <p>A built-in that fails returns a failed {@link BuiltinOutcome} with its reason; a lost connection (the host went
 * away) is thrown as {@link ConnectionLostException}, as for {@code remote} lines, so the runner treats both alike.
 */
public final class BuiltinRunner {

    private final Path recipeDirectory;

    /** @param recipeDirectory where relative local file names of {@code copy} and {@code JUMP_TAR} are found */
    public BuiltinRunner(Path recipeDirectory) {
        this.recipeDirectory = recipeDirectory;
    }

    /**
     * Runs {@code statement} on the session's host with the variables {@code vars} (its arguments' {@code %name%}
     * replaced first); what it does goes to {@code log} line by line.
     *
     * @throws IllegalArgumentException for {@code hostkey} and {@code reboot} (the runner's), or an unknown built-in
     * @throws ConnectionLostException when the host went away meanwhile
     */
    public BuiltinOutcome run(Builtin statement, Variables vars, HostSession session, Consumer<String> log)
            throws IOException, InterruptedException {
        List<String> args = statement.args().stream().map(vars::expand).toList();
        return switch (statement.function()) {
            case Builtins.USEPARTITION -> UsePartition.run(session, args.get(0), args.get(1), vars, recipeDirectory, log);
            case Builtins.SHOWVARS -> showvars(vars, log);
            case Builtins.COPY -> copy(args, vars, session, log);
            case Builtins.HOSTKEY, Builtins.REBOOT -> throw new IllegalArgumentException(statement.function()
                    + " (line " + statement.line() + ") is run by the runner, which owns the connection");
            default -> throw new IllegalArgumentException("unknown built-in '" + statement.function() + "' on line "
                    + statement.line() + ": the built-ins are " + Builtins.names());
        };
    }

    private static BuiltinOutcome showvars(Variables vars, Consumer<String> log) {
        for (String name : vars.names()) {
            log.accept(name + "=" + vars.get(name).orElse(""));
        }
        return new BuiltinOutcome(vars, 0, "showvars: " + vars.names().size() + " variables");
    }

    private BuiltinOutcome copy(List<String> args, Variables vars, HostSession session, Consumer<String> log)
            throws IOException {
        String target = args.getLast();
        String host = session.host().name();
        for (String name : args.subList(0, args.size() - 1)) {
            Path file = recipeDirectory.resolve(name);
            if (!Files.isRegularFile(file)) {
                return BuiltinOutcome.failed(vars, 1, "copy: " + file + " is not a file on this side; nothing more "
                        + "was copied to " + host);
            }
            try {
                session.upload(file, target);
            } catch (ConnectionLostException e) {
                throw e;
            } catch (IOException e) {
                return BuiltinOutcome.failed(vars, 1, "copy: " + e.getMessage());
            }
            log.accept("copy: " + name + " (" + ImageSize.human(Files.size(file)) + ") to " + host + ":" + target);
        }
        return new BuiltinOutcome(vars, 0, "copy: " + (args.size() - 1) + " file(s) to " + host + ":" + target);
    }
}
