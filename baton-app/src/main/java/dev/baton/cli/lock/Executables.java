package dev.baton.cli.lock;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a command can be started, decided as a shell decides it before it execs: a name with a {@code /} is that
 * file; any other name is looked up in {@code PATH}. Not found is exit code 127, found but not executable (or a
 * directory) 126, with the shell's words.
 */
final class Executables {

    /** The errno and its text in the JDK's message: "error=2, No such file..." or "error: 2 (No such file...)". */
    private static final Pattern ERRNO = Pattern.compile("error(?:=|:\\s*)(\\d+)[,\\s]*\\(?([^)]*)\\)?");

    /** Why a command cannot start, and the exit code a shell would give. */
    record Unrunnable(int exitCode, String message) {
    }

    private Executables() {
    }

    static Optional<Unrunnable> check(String command, String path) {
        if (command.isEmpty()) {
            return Optional.of(new Unrunnable(127, "the command is empty"));
        }
        try {
            if (command.contains("/")) {
                Path p = Path.of(command);
                if (!Files.exists(p)) {
                    return Optional.of(new Unrunnable(127, command + ": no such file"));
                }
                return notExecutable(p, command);
            }
            Path found = null;
            for (String dir : (path == null ? "" : path).split(File.pathSeparator, -1)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(command);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.empty();
                }
                if (found == null && Files.exists(p)) {
                    found = p;
                }
            }
            return found != null ? notExecutable(found, command)
                    : Optional.of(new Unrunnable(127, command + ": command not found in PATH"));
        } catch (InvalidPathException e) {
            return Optional.of(new Unrunnable(127, command + ": not a file name (" + e.getReason() + ")"));
        }
    }

    private static Optional<Unrunnable> notExecutable(Path p, String command) {
        if (Files.isDirectory(p)) {
            return Optional.of(new Unrunnable(126, command + ": is a directory"));
        }
        if (!Files.isExecutable(p)) {
            return Optional.of(new Unrunnable(126, command + ": permission denied (" + p + " is not executable; chmod +x?)"));
        }
        return Optional.empty();
    }

    /**
     * What a failed start means, once the file was found executable: it vanished meanwhile (127), or the kernel
     * refused it (126), e.g. a script whose {@code #!} interpreter is missing, as a shell says "bad interpreter".
     */
    static Unrunnable startFailed(String command, String path, String message) {
        Optional<Unrunnable> now = check(command, path);
        if (now.isPresent()) {
            return now.get();
        }
        Matcher m = ERRNO.matcher(message == null ? "" : message);
        boolean found = m.find();
        String why = found && !m.group(2).isBlank() ? m.group(2).strip() : "the system refused to start it";
        boolean missing = found && m.group(1).equals("2");
        return new Unrunnable(126, command + ": cannot be started: " + why + (missing ? " (a missing #! interpreter?)" : ""));
    }
}
