package dev.baton.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server, run as a local process for tests: no Docker, no download.
 *
 * <p>{@link #start()} runs {@code initdb} into a fresh temporary directory and starts {@code postgres} on a free
 * 127.0.0.1 port with {@code fsync=on}; {@link #stop()} shuts it down and deletes the directory. The superuser is
 * {@value #USER}, authenticated by {@code trust}, so URLs need no password. Tests take an isolated database each
 * with {@link #createDatabase()}.
 *
 * <p>Most tests share one server per JVM through {@link #shared()}. Crash tests ({@link #kill()},
 * {@link #restart()}) must start their own server, so that other tests never see the crash.
 *
 * <p>Binaries are looked up in {@code -Dbaton.pg.bindir} / {@code $BATON_PG_BINDIR}, then the highest
 * {@code /usr/lib/postgresql/<version>/bin}, then {@code pg_config --bindir}, then the {@code PATH}. As root
 * (tests run as root here and in CI), {@code initdb} and {@code postgres} run as the {@code postgres} OS user.
 *
 * <p>A server never outlives its JVM: besides the shutdown hook (which a killed or timed-out test JVM never runs),
 * each postmaster gets a small watchdog shell that shuts it down (immediate mode) and deletes its directory once
 * the JVM is gone.
 */
public final class PostgresServer implements AutoCloseable {

    /** The superuser of the cluster, trusted without password. */
    public static final String USER = "baton";

    private static final String NOT_FOUND = "PostgreSQL server binaries not found: apt-get install postgresql";
    private static final String OS_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer shared;

    private final Path binDir;
    private final boolean asOsUser;
    private final Path baseDir;
    private final Path dataDir;
    private final Path socketDir;
    private final Path logFile;
    private final Thread cleanupHook;
    private int port;
    private Process process;
    private long postmasterPid = -1;
    private boolean stopped;

    private PostgresServer(Path binDir, boolean asOsUser, Path baseDir) {
        this.binDir = binDir;
        this.asOsUser = asOsUser;
        this.baseDir = baseDir;
        this.dataDir = baseDir.resolve("data");
        this.socketDir = baseDir.resolve("sock");
        this.logFile = baseDir.resolve("postgres.log");
        this.cleanupHook = new Thread(this::stopQuietly, "postgres-test-server-stop");
    }

    /** Initializes a fresh cluster in a new temporary directory and starts it; the caller closes it. */
    public static PostgresServer start() {
        Path binDir = findBinDir();
        boolean root = isRoot();
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory(tempRoot(root), "baton-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary directory of the PostgreSQL test server", e);
        }
        PostgresServer server = new PostgresServer(binDir, root, baseDir);
        try {
            server.initdb();
            server.startFresh();
        } catch (RuntimeException | Error e) {
            server.stopQuietly();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(server.cleanupHook);
        return server;
    }

    /** One server per JVM, started on first use and stopped by a shutdown hook. Do not kill or stop it. */
    public static synchronized PostgresServer shared() {
        if (shared == null || shared.stopped) {
            shared = start();
        }
        return shared;
    }

    /** The TCP port on 127.0.0.1; it stays the same across {@link #restart()}. */
    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code db}, with the user: {@code jdbc:postgresql://127.0.0.1:PORT/db?user=baton}. */
    public String jdbcUrl(String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=" + USER;
    }

    /** Creates a fresh, uniquely named, empty database and returns its JDBC URL (see {@link #jdbcUrl}). */
    public String createDatabase() {
        return jdbcUrl(createDatabaseNamed("test_" + DATABASES.incrementAndGet() + "_" + ProcessHandle.current().pid()));
    }

    /** Creates database {@code name} (a plain lower-case identifier) and returns the name. */
    public String createDatabaseNamed(String name) {
        requireIdentifier(name);
        admin("CREATE DATABASE " + name);
        return name;
    }

    /** Drops database {@code name}, disconnecting whoever still uses it. */
    public void dropDatabase(String name) {
        requireIdentifier(name);
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** A new connection to database {@code db} as {@value #USER}. */
    public Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db));
    }

    /** The cluster's data directory (owned by the {@code postgres} OS user when tests run as root). */
    public Path dataDirectory() {
        return dataDir;
    }

    /** Whether the postmaster is up (it is not after {@link #kill()} or {@link #stop()}). */
    public synchronized boolean isRunning() {
        return postmasterPid > 0 && ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The last {@code lines} lines of the server log. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "(no server log)";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(server log unreadable: " + e + ")";
        }
    }

    /**
     * Crashes the server: SIGKILL to the postmaster and all its processes, like a power cut for the server (the
     * OS keeps what was written, so only what {@code fsync=on} makes durable matters). The data directory stays;
     * {@link #restart()} starts it again with crash recovery.
     */
    public synchronized void kill() {
        ensureNotStopped();
        if (postmasterPid <= 0) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid);
        List<ProcessHandle> all = new ArrayList<>();
        postmaster.ifPresent(p -> {
            List<ProcessHandle> children = p.descendants().toList();
            all.add(p);
            all.addAll(children);
        });
        all.forEach(ProcessHandle::destroyForcibly);
        awaitGone(all, Duration.ofSeconds(10));
        awaitExit(process, Duration.ofSeconds(10));
        process = null;
        postmasterPid = -1;
    }

    /** Kills the server if it runs (see {@link #kill()}) and starts it again on the same data directory and port. */
    public synchronized void restart() {
        ensureNotStopped();
        kill();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                launch(port, deadline);
                return;
            } catch (StartFailure e) {
                // Orphan backends of the killed postmaster may still hold its shared memory for a moment.
                if (!e.sharedMemoryInUse || System.nanoTime() > deadline) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                sleep(100);
            }
        }
    }

    /** Fast shutdown ({@code pg_ctl -m fast stop}), then deletes the temporary directory. Idempotent. */
    public void stop() {
        stop("fast");
    }

    /**
     * Shuts down in {@code mode} ({@code fast}: a checkpoint first; {@code immediate}: none, for a server whose data is
     * thrown away anyway), then deletes the temporary directory. Idempotent.
     */
    private synchronized void stop(String mode) {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (isRunning()) {
                try {
                    Result r = run(List.of(bin("pg_ctl"), "-D", dataDir.toString(), "-m", mode, "-w",
                            "-t", String.valueOf(STOP_TIMEOUT.toSeconds()), "stop"), STOP_TIMEOUT.plusSeconds(10));
                    if (r.exitCode != 0) {
                        System.err.println("pg_ctl stop failed, killing the PostgreSQL test server:\n" + r.output);
                    }
                } catch (RuntimeException e) {
                    System.err.println("pg_ctl stop failed, killing the PostgreSQL test server: " + e);
                }
                if (isRunning()) {
                    ProcessHandle.of(postmasterPid).ifPresent(p -> {
                        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
                        all.addFirst(p);
                        all.forEach(ProcessHandle::destroyForcibly);
                        awaitGone(all, Duration.ofSeconds(10));
                    });
                }
            }
            if (process != null) {
                awaitExit(process, Duration.ofSeconds(10));
                if (process.isAlive()) {
                    process.destroyForcibly();
                }
            }
            process = null;
            postmasterPid = -1;
        } finally {
            deleteRecursively(baseDir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // in shutdown already, or never registered
            }
        }
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "PostgresServer[127.0.0.1:" + port + ", " + dataDir + (stopped ? ", stopped" : "") + "]";
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    private void initdb() {
        try {
            Files.createDirectories(socketDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (asOsUser) {
            Result chown = run(List.of("chown", "-R", OS_USER + ":", baseDir.toString()), Duration.ofSeconds(30), false);
            if (chown.exitCode != 0) {
                throw new IllegalStateException("cannot chown " + baseDir + " to the '" + OS_USER + "' OS user "
                        + "(initdb and postgres refuse to run as root): " + chown.output);
            }
        }
        Result r = run(List.of(bin("initdb"), "-D", dataDir.toString(), "-A", "trust", "-U", USER,
                "--encoding=UTF8", "--locale=C", "--no-sync"), Duration.ofSeconds(120));
        if (r.exitCode != 0) {
            throw new IllegalStateException("initdb failed (exit " + r.exitCode + ") with " + bin("initdb") + ":\n"
                    + r.output);
        }
    }

    private void startFresh() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        StartFailure last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                launch(freePort(), deadline);
                return;
            } catch (StartFailure e) {
                last = e;
                if (!e.portInUse) {
                    break; // only a lost race for the port is worth another try
                }
            }
        }
        throw new IllegalStateException(last.getMessage(), last);
    }

    private void launch(int port, long deadline) throws StartFailure {
        this.port = port;
        List<String> cmd = List.of(bin("postgres"), "-D", dataDir.toString(), "-p", String.valueOf(port),
                "-k", socketDir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on",
                "-c", "max_connections=200");
        ProcessBuilder pb = processBuilder(cmd);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        }
        awaitReady(deadline);
        postmasterPid = readPostmasterPid();
        watchFromOutside(postmasterPid);
    }

    /**
     * Starts a watchdog that, when this JVM exits without stopping the server, stops the postmaster (SIGQUIT:
     * immediate shutdown) and deletes the server's directory. It ends by itself when the postmaster ends first.
     */
    private void watchFromOutside(long postmaster) {
        String script = "jvm=$1 pm=$2 base=$3\n"
                + "while kill -0 \"$jvm\" 2>/dev/null && kill -0 \"$pm\" 2>/dev/null; do sleep 1; done\n"
                + "kill -0 \"$jvm\" 2>/dev/null && exit 0\n" // the postmaster ended first: stopped or killed by a test
                + "[ \"$(cat /proc/$pm/comm 2>/dev/null)\" = postgres ] && kill -QUIT \"$pm\"\n"
                + "sleep 5; rm -rf \"$base\"\n";
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", script, "pg-watchdog",
                String.valueOf(ProcessHandle.current().pid()), String.valueOf(postmaster), baseDir.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            pb.start();
        } catch (IOException e) {
            System.err.println("cannot start the watchdog of the PostgreSQL test server (it may outlive this JVM): " + e);
        }
    }

    private void awaitReady(long deadline) throws StartFailure {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("connectTimeout", "2");
        props.setProperty("loginTimeout", "5");
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        SQLException lastError = null;
        while (true) {
            if (!process.isAlive()) {
                awaitExit(process, Duration.ofSeconds(5));
                String tail = logTail(40);
                throw new StartFailure("PostgreSQL test server exited at start (exit " + exitCode(process) + "), "
                        + "data directory " + dataDir + "; server log tail:\n" + tail,
                        tail.contains("could not bind") || tail.contains("Address already in use"),
                        tail.contains("shared memory block") && tail.contains("still in use"));
            }
            try (Connection c = DriverManager.getConnection(url, props)) {
                if (c.isValid(5) && process.isAlive()) {
                    return; // alive: the answer came from our postmaster, not from whoever won the port
                }
            } catch (SQLException e) {
                lastError = e;
            }
            if (System.nanoTime() > deadline) {
                killPostmasterOf(dataDir); // as root, process is runuser: killing it leaves the postmaster running
                process.destroyForcibly();
                throw new IllegalStateException("PostgreSQL test server did not accept connections on " + url
                        + " within " + START_TIMEOUT.toSeconds() + " s (last error: " + lastError + "); server log tail:\n"
                        + logTail(40));
            }
            sleep(25);
        }
    }

    private static void killPostmasterOf(Path dataDir) {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                    .getFirst().trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            // no postmaster.pid: the postmaster never got that far
        }
    }

    private long readPostmasterPid() {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).getFirst().trim();
            return Long.parseLong(first);
        } catch (IOException | RuntimeException e) {
            // Not root: we started the postmaster ourselves. As root, process is runuser/su, not the postmaster.
            if (!asOsUser) {
                return process.pid();
            }
            throw new IllegalStateException("cannot read " + pidFile + ": " + e, e);
        }
    }

    /**
     * The shutdown hook's stop: immediate, because the JVM is ending and the data is deleted next; a fast shutdown's
     * checkpoint took longer than surefire's 30 seconds for a forked JVM to exit on a loaded machine.
     */
    private void stopQuietly() {
        try {
            stop("immediate");
        } catch (RuntimeException e) {
            System.err.println("could not stop the PostgreSQL test server " + this + ": " + e);
        }
    }

    private void ensureNotStopped() {
        if (stopped) {
            throw new IllegalStateException("the PostgreSQL test server is stopped: " + this);
        }
    }

    private void admin(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + this + ": " + e.getMessage(), e);
        }
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain lower-case database name: " + name);
        }
    }

    // ------------------------------------------------------------------------------------------------ processes

    private record Result(int exitCode, String output) {}

    private static final class StartFailure extends Exception {
        private static final long serialVersionUID = 1L;
        final boolean portInUse;
        final boolean sharedMemoryInUse;

        StartFailure(String message, boolean portInUse, boolean sharedMemoryInUse) {
            super(message);
            this.portInUse = portInUse;
            this.sharedMemoryInUse = sharedMemoryInUse;
        }
    }

    private String bin(String name) {
        return binDir.resolve(name).toString();
    }

    private Result run(List<String> cmd, Duration timeout) {
        return run(cmd, timeout, true);
    }

    /** Runs a command to its end, as the postgres OS user when {@code asPostgres} and we are root. */
    private Result run(List<String> cmd, Duration timeout, boolean asPostgres) {
        ProcessBuilder pb = asPostgres ? processBuilder(cmd) : plainProcessBuilder(cmd);
        Path out = baseDir.resolve("cmd-" + System.nanoTime() + ".log");
        pb.redirectErrorStream(true).redirectOutput(out.toFile());
        try {
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s: " + cmd
                        + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + cmd, e);
        } finally {
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private ProcessBuilder processBuilder(List<String> cmd) {
        if (!asOsUser) {
            return plainProcessBuilder(cmd);
        }
        Optional<Path> runuser = Stream.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser")
                .map(Path::of).filter(Files::isExecutable).findFirst();
        List<String> full = new ArrayList<>();
        if (runuser.isPresent()) {
            full.addAll(List.of(runuser.get().toString(), "-u", OS_USER, "--"));
            full.addAll(cmd);
        } else {
            StringBuilder sh = new StringBuilder("exec");
            cmd.forEach(a -> sh.append(" '").append(a.replace("'", "'\\''")).append('\''));
            full.addAll(List.of("su", OS_USER, "-s", "/bin/sh", "-c", sh.toString()));
        }
        return plainProcessBuilder(full);
    }

    private ProcessBuilder plainProcessBuilder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(baseDir.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("LC_"));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        return pb;
    }

    private static void awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle p : processes) {
            while (p.isAlive() && !isZombie(p.pid()) && System.nanoTime() < deadline) {
                sleep(10);
            }
        }
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return !Files.exists(Path.of("/proc", String.valueOf(pid)));
        }
    }

    private static void awaitExit(Process p, Duration timeout) {
        if (p == null) {
            return;
        }
        try {
            p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String exitCode(Process p) {
        return p.isAlive() ? "still running" : String.valueOf(p.exitValue());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    // ----------------------------------------------------------------------------------------------- discovery

    private static Path findBinDir() {
        String configured = Optional.ofNullable(System.getProperty("baton.pg.bindir"))
                .orElse(System.getenv("BATON_PG_BINDIR"));
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            if (!hasServer(dir)) {
                throw new IllegalStateException("no initdb/postgres/pg_ctl in the configured " + dir + "; " + NOT_FOUND);
            }
            return dir;
        }
        Optional<Path> versioned = versionedBinDirs();
        if (versioned.isPresent()) {
            return versioned.get();
        }
        Optional<Path> fromPgConfig = pgConfigBinDir();
        if (fromPgConfig.isPresent()) {
            return fromPgConfig.get();
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String entry : path.split(":")) {
            if (entry.isEmpty()) {
                continue;
            }
            Path postgres = Path.of(entry, "postgres");
            if (Files.isExecutable(postgres)) {
                try {
                    Path real = postgres.toRealPath().getParent();
                    if (hasServer(real)) {
                        return real;
                    }
                } catch (IOException e) {
                    // try the next entry
                }
                if (hasServer(Path.of(entry))) {
                    return Path.of(entry);
                }
            }
        }
        throw new IllegalStateException(NOT_FOUND);
    }

    private static Optional<Path> versionedBinDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)*"))
                    .filter(v -> hasServer(v.resolve("bin")))
                    .max(Comparator.comparing(v -> version(v.getFileName().toString()), Arrays::compare))
                    .map(v -> v.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int[] version(String s) {
        return Arrays.stream(s.split("\\.")).mapToInt(Integer::parseInt).toArray();
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 && !out.isEmpty()) {
                Path dir = Path.of(out);
                return hasServer(dir) ? Optional.of(dir) : Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            // no pg_config
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static boolean hasServer(Path dir) {
        return Stream.of("initdb", "postgres", "pg_ctl").allMatch(b -> Files.isExecutable(dir.resolve(b)));
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.equals("0");
        } catch (IOException e) {
            return "root".equals(System.getProperty("user.name"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /**
     * Where the temporary directory goes: {@code java.io.tmpdir}, unless the socket path would get too long or,
     * as root, the postgres OS user could not traverse it; then {@code /tmp}.
     */
    private static Path tempRoot(boolean root) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        boolean usable = tmp.toString().length() <= 60 && (!root || traversableByOthers(tmp));
        return usable ? tmp : Path.of("/tmp");
    }

    private static boolean traversableByOthers(Path dir) {
        try {
            for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
                if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort; reported below if the directory stays
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // reported below
        }
        if (Files.exists(dir)) {
            System.err.println("could not delete the PostgreSQL test directory " + dir);
        }
    }
}
