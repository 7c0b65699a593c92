package dev.baton.jump.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link LocalCommands} with {@code /bin/sh -c}: standard input empty, output read whole, trailing line breaks of the
 * standard output removed (as the shell does for {@code `cmd`}). A command still running after {@link #timeout} is
 * killed and reported as failed.
 */
public final class LocalShell implements LocalCommands {
    /** How long a {@code key=`cmd`} command may run in a dry run; such commands are expected to be quick. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Duration timeout;

    public LocalShell(Duration timeout) {
        this.timeout = timeout;
    }

    public LocalShell() {
        this(DEFAULT_TIMEOUT);
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public Output run(String command, Path directory) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> all(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> all(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
            return new Output(-1, "", "still running after "
                    + (timeout.toSeconds() > 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms") + ": stopped");
        }
        return new Output(p.exitValue(), out.join().replaceAll("[\r\n]+$", ""), err.join().strip());
    }

    private static String all(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
