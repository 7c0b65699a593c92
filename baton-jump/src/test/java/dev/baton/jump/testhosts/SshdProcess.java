package dev.baton.jump.testhosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real OpenSSH server ({@code /usr/sbin/sshd -D}) of a test host: listening on 127.0.0.1 only, public-key login
 * as root with the tests' client key, every session chrooted into the host's root ({@code ChrootDirectory}, with
 * {@code internal-sftp}). Stopping kills the server and every session process it forked, as a power cut would, so
 * that clients see their connections drop. The port stays the same across restarts.
 *
 * <p>Its pid is kept in {@code pids/NAME} under the {@link TestHosts} directory, where the watchdog of the
 * {@link TestHosts} finds it if the JVM dies.
 */
final class SshdProcess {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path dir;
    private final Path root;
    private final Path authorizedKeys;
    private final Path pidFile;
    private int port;
    private Process process;

    SshdProcess(String name, Path dir, Path root, Path authorizedKeys, Path pidDir) {
        this.name = name;
        this.dir = dir;
        this.root = root;
        this.authorizedKeys = authorizedKeys;
        this.pidFile = pidDir.resolve(name);
    }

    int port() {
        return port;
    }

    Path hostKey() {
        return dir.resolve("ssh_host_ed25519_key");
    }

    Path log() {
        return dir.resolve("sshd.log");
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts sshd: on a fresh free port the first time, on the same port after. */
    synchronized void start() throws IOException {
        if (isRunning()) {
            return;
        }
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException("the test hosts need OpenSSH's server: apt-get install openssh-server");
        }
        Files.createDirectories(Path.of("/run/sshd")); // its privilege separation directory (Debian's)
        boolean fresh = port == 0;
        for (int attempt = 0; ; attempt++) {
            if (fresh) {
                port = freePort();
            }
            try {
                launch();
                return;
            } catch (IOException e) {
                if (!fresh || attempt >= 4 || !tail().contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private void launch() throws IOException {
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey(),
                "PidFile none",
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "UseDNS no",
                "StrictModes no",
                "AuthorizedKeysFile " + authorizedKeys,
                "ChrootDirectory " + root,
                "Subsystem sftp internal-sftp",
                "MaxStartups 200:30:400",
                "MaxSessions 100",
                "LogLevel INFO",
                ""), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().put("LANG", "C");
        process = pb.start();
        Files.writeString(pidFile, String.valueOf(process.pid()));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answers()) {
            if (!process.isAlive()) {
                Files.deleteIfExists(pidFile);
                throw new IOException("sshd of test host " + name + " exited at start (port " + port + "): " + tail());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new IOException("sshd of test host " + name + " did not answer on port " + port + " within "
                        + START_TIMEOUT.toSeconds() + " s: " + tail());
            }
            sleep(20);
        }
    }

    /** Kills sshd and every process it forked (sessions and their commands); idempotent. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle listener = process.toHandle();
        List<ProcessHandle> all = new ArrayList<>(listener.descendants().toList());
        listener.destroyForcibly(); // first: no new connections while its sessions die
        for (int round = 0; round < 3 && !all.isEmpty(); round++) {
            List<ProcessHandle> next = new ArrayList<>();
            for (ProcessHandle p : all) {
                next.addAll(p.descendants().toList());
                p.destroyForcibly();
            }
            all = next;
        }
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        awaitPortClosed();
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPortClosed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (answers() && System.nanoTime() < deadline) {
            sleep(20);
        }
    }

    /** Whether something answers with an SSH banner on the port. */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            s.setSoTimeout(2000);
            byte[] b = s.getInputStream().readNBytes(4);
            return new String(b, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
