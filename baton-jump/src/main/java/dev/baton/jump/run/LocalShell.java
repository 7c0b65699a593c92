package dev.baton.jump.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the recipe's {@code local} lines and {@code key=`cmd`} commands on the Baton side: {@code /bin/sh -c CMD} in the
 * recipe's directory, as jump2nr ran them. Output goes line by line to the caller; a command running longer than its
 * timeout is killed (with its children) and counts as failed.
 */
final class LocalShell {

    /** How a local command ended: its exit status and its standard output (for {@code key=`cmd`}). */
    record Result(int exitStatus, String stdout) {
    }

    private final Path directory;
    private final Map<String, String> environment;
    private final Duration timeout;

    LocalShell(Path directory, Map<String, String> environment, Duration timeout) {
        this.directory = directory;
        this.environment = environment;
        this.timeout = timeout;
    }

    /**
     * Runs {@code command}; standard output and error go to {@code output} line by line (standard output is also kept
     * in the result when {@code keepStdout}).
     */
    Result run(String command, boolean keepStdout, Consumer<String> output) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(directory.toFile());
        pb.environment().putAll(environment);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        StringBuilder stdout = new StringBuilder();
        // Both streams drained on threads of their own, so the timeout holds even when the command prints nothing.
        Consumer<String> one = line -> {
            synchronized (output) {
                output.accept(line);
            }
        };
        Thread out = Thread.ofVirtual().start(() -> drain(process.getInputStream(), one, keepStdout ? stdout : null));
        Thread errors = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), one, null));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                one.accept("local command ran longer than " + timeout + ": killed");
                return new Result(124, stdout.toString());
            }
            out.join(Duration.ofSeconds(5));
            errors.join(Duration.ofSeconds(5));
            synchronized (stdout) {
                return new Result(process.exitValue(), stdout.toString());
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void drain(InputStream in, Consumer<String> output, StringBuilder keep) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
                if (keep != null) {
                    synchronized (keep) {
                        keep.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            output.accept("reading the local command's output failed: " + e.getMessage());
        }
    }
}
