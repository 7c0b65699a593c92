package dev.baton.app;

import dev.baton.client.BatonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code baton server} in a child JVM, as an operator runs it: {@code --port 0}, the embedded store in
 * a data directory or a PostgreSQL {@code --store}, and the admin password in {@code BATON_ADMIN_PASSWORD}.
 * {@link #start()} returns once the server printed its "listening on" line; {@link #kill9()} is a
 * {@code kill -9}; {@link #restart()} starts it again on the same store (on a new port). {@link #close()}
 * always leaves no process behind.
 */
public final class ServerProcess implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "process-test-admin-pw";
    private static final Pattern LISTENING = Pattern.compile("Baton \\S+ listening on (http://\\S+):(\\d+) \\(store: ");
    /** Generous: several JVMs and builds share two cores here. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static ServerProcess shared;
    private static Path sharedDir;

    private final List<String> storeArgs;
    private final Path logDir;
    private final List<String> extraArgs;
    private Process process;
    private Path log;
    private URI url;
    private int starts;

    private ServerProcess(List<String> storeArgs, Path logDir, List<String> extraArgs) {
        this.storeArgs = storeArgs;
        this.logDir = logDir;
        this.extraArgs = extraArgs;
    }

    /** A server on the embedded store in {@code dataDir}. */
    public static ServerProcess embedded(Path dataDir, String... extraArgs) {
        return new ServerProcess(List.of("--data", dataDir.toString()), logDir(), List.of(extraArgs));
    }

    /** A server on PostgreSQL; {@code workDir} holds its (unused) data directory. */
    static ServerProcess postgres(String jdbcUrl, Path workDir, String... extraArgs) {
        return new ServerProcess(List.of("--store", jdbcUrl, "--data", workDir.resolve("unused-data").toString()),
                logDir(), List.of(extraArgs));
    }

    /**
     * One server on the embedded store for the tests that only need a running server and leave it as they
     * found it (the admin CLI, bad input). Started on first use, killed when this JVM exits. Do not kill it.
     */
    static synchronized ServerProcess shared() {
        if (shared == null || !shared.isAlive()) {
            try {
                sharedDir = Files.createTempDirectory("baton-shared-server-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            shared = embedded(sharedDir.resolve("data")).start();
            ServerProcess server = shared;
            Path dir = sharedDir;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                deleteQuietly(dir);
            }, "shared-baton-server-stop"));
        }
        return shared;
    }

    /** The data directory of {@link #shared()}. */
    static synchronized Path sharedDataDir() {
        shared();
        return sharedDir.resolve("data");
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory; the OS cleans up eventually
        }
    }

    /**
     * Server output is kept under {@code target/server-logs} (not in the test's temporary directory), so that
     * a failed run leaves the server's side of the story behind.
     */
    private static Path logDir() {
        try {
            Path logs = Path.of(System.getProperty("basedir", "."), "target", "server-logs");
            return Files.createTempDirectory(Files.createDirectories(logs), "server-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server and waits until it listens. Fails with its output if it exits or hangs instead. */
    public synchronized ServerProcess start() {
        if (isAlive()) {
            throw new IllegalStateException("already running: " + url);
        }
        List<String> args = new ArrayList<>(List.of("server", "--port", "0"));
        args.addAll(storeArgs);
        args.addAll(extraArgs);
        log = logDir.resolve("server-" + (++starts) + ".log");
        ProcessBuilder pb = ChildJvm.builder(Map.of("BATON_ADMIN_PASSWORD", ADMIN_PASSWORD), args)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        process = ChildJvm.start(pb);
        long started = System.nanoTime();
        long deadline = started + START_TIMEOUT.toNanos();
        while (true) {
            Matcher m = LISTENING.matcher(ChildJvm.read(log));
            if (m.find()) {
                url = URI.create(m.group(1) + ":" + m.group(2));
                System.out.printf("%s listening after %d ms%n", this, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + " before listening:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                kill9();
                throw new AssertionError("the server did not listen within " + START_TIMEOUT + ":\n" + output());
            }
            sleep(25);
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed or closed. Returns once the process is gone. */
    synchronized void kill9() {
        if (process != null) {
            process.destroyForcibly();
            waitGone(process);
        }
    }

    /** A clean stop (SIGTERM: the shutdown hook closes the store), forcibly after 30 s. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            waitGone(process);
        }
    }

    /** Stops the server if it still runs (SIGTERM), then starts it again on the same store. */
    synchronized ServerProcess restart() {
        stop();
        return start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:43123}; it changes with each start. */
    public synchronized URI url() {
        if (url == null) {
            throw new IllegalStateException("not started");
        }
        return url;
    }

    synchronized int port() {
        return url().getPort();
    }

    /** A native API client authenticated as the admin user. */
    public BatonClient adminClient() {
        return new BatonClient(url(), new BatonClient.Auth.Basic("admin", ADMIN_PASSWORD), null);
    }

    /** Everything the server printed since its last start. */
    public synchronized String output() {
        return log == null ? "" : ChildJvm.read(log);
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitGone(process);
        }
    }

    @Override
    public String toString() {
        return "baton server " + String.join(" ", storeArgs) + (url == null ? "" : " at " + url);
    }

    private static void waitGone(Process p) {
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("process " + p.pid() + " did not exit after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
