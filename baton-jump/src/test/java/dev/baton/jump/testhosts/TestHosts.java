package dev.baton.jump.testhosts;

import dev.baton.jump.ssh.SshSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several SSH "hosts" on this machine for tests: one real OpenSSH sshd per host on a loopback port, each with its own
 * host key and its own root directory (a chroot with bash, coreutils, tar, sed, mkswap, blkid, mkfs.ext4 ... and
 * harmless stand-ins for reboot, grub-install, swapoff, swapon, mount; see {@link StandIns}). No mocks: clients
 * connect, authenticate and run commands as against real hosts.
 *
 * <pre>{@code
 * try (TestHosts hosts = TestHosts.start(3, tempDir);
 *      SshConnector ssh = new SshConnector(hosts.settings())) {
 *     TestHost h = hosts.hosts().getFirst();
 *     try (HostSession s = ssh.connect(h.address(), Optional.empty())) { s.run("ls /", timeout, out::add); }
 * }
 * }</pre>
 *
 * <p>The client side: {@link #settings()} (the client key, a known_hosts file with every host's first key) and
 * {@link #localBin()}, a directory to put first on PATH for a recipe's {@code local} commands: {@code sudo} runs its
 * arguments, {@code scp} and {@code ssh} use an ssh config that maps {@code hostN} to its port, key and known_hosts
 * (so {@code local sudo scp FILE root@host1:/jumpfiles} works unchanged).
 *
 * <p>Needs root (sshd, chroot, mknod) and Debian's {@code openssh-server}. The hosts' files live under {@code dir} when
 * sshd accepts it as a chroot (every directory up to / owned by root and writable by nobody else), else under
 * {@code target/test-hosts} of the working directory (a JUnit {@code @TempDir} under {@code /tmp} is world-writable),
 * else under {@code /var/lib/baton-test-hosts}.
 * {@link #close()} stops every sshd and deletes the files; a watchdog process does the same if the JVM dies first.
 */
public final class TestHosts implements AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Duration REBOOT_POLL = Duration.ofMillis(100);
    /** Where the hosts go when neither the given directory nor the working directory's target can hold chroots. */
    private static final Path LAST_RESORT = Path.of("/var/lib/baton-test-hosts");

    private final Path base;
    private final Path clientDir;
    private final Path bin;
    private final List<TestHost> hosts = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    private final Thread cleanupHook = new Thread(this::closeQuietly, "test-hosts-stop");
    private boolean closed;

    private TestHosts(Path base) {
        this.base = base;
        this.clientDir = base.resolve("client");
        this.bin = base.resolve("bin");
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "test-hosts");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code count} hosts ({@code host1} ...) with a 64 MiB swap partition each. */
    public static TestHosts start(int count, Path dir) {
        return start(count, dir, HostRoots.DEFAULT_SWAP_BYTES);
    }

    /** Starts {@code count} hosts whose swap partition ({@code /dev/sda2}, a sparse file) has {@code swapBytes}. */
    public static TestHosts start(int count, Path dir, long swapBytes) {
        TestHosts th;
        try {
            th = new TestHosts(chooseBase(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the test hosts' directory", e);
        }
        try {
            th.setUp(count, swapBytes);
        } catch (IOException | RuntimeException e) {
            th.closeQuietly();
            throw new IllegalStateException("cannot start the test hosts: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(th.cleanupHook);
        return th;
    }

    /** The hosts, {@code host1} first. */
    public List<TestHost> hosts() {
        return List.copyOf(hosts);
    }

    /** The host named {@code name}. */
    public TestHost host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no test host " + name));
    }

    /** SSH settings of the client side: the tests' key, the known_hosts file of every host's first key. */
    public SshSettings settings() {
        return new SshSettings(clientKey(), knownHosts(), Duration.ofSeconds(20), Duration.ofSeconds(5));
    }

    /** The client's private key (ed25519, OpenSSH format), authorized as root on every host. */
    public Path clientKey() {
        return clientDir.resolve("id_ed25519");
    }

    /** Authorizes one more public key ({@code .pub} file) as root on every host, from the next login on. */
    public synchronized void authorize(Path publicKeyFile) throws IOException {
        Files.writeString(clientDir.resolve("authorized_keys"), Files.readString(publicKeyFile, StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** The known_hosts file: one {@code [127.0.0.1]:port} line per host, with the key it had when it started. */
    public Path knownHosts() {
        return clientDir.resolve("known_hosts");
    }

    /** The ssh config mapping {@code hostN} to 127.0.0.1, its port, the client key and the known_hosts file. */
    public Path sshConfig() {
        return clientDir.resolve("ssh_config");
    }

    /** A directory to put first on PATH for {@code local} commands: {@code sudo}, {@code scp}, {@code ssh}. */
    public Path localBin() {
        return bin;
    }

    /** Stops every sshd and deletes the hosts' files. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.shutdownNow();
        for (TestHost h : hosts) {
            h.stop();
        }
        try {
            unmountAll();
            Files.deleteIfExists(base.resolve(".alive"));
            HostRoots.run(List.of("rm", "-rf", "--one-file-system", base.toString()), null);
        } catch (IOException e) {
            System.err.println("could not delete the test hosts' directory " + base + ": " + e.getMessage());
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // in shutdown already, or never registered
        }
    }

    /** Whether this machine lets the hosts use real mounts ({@link TestHost#useRealMounts()}): loop devices work. */
    public static boolean loopMountsWork() {
        try {
            Process p = new ProcessBuilder("losetup", "-f").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0 && Files.exists(Path.of("/dev/loop-control"));
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Unmounts (lazily) whatever real mounts the hosts left under their directory, deepest first. */
    private void unmountAll() throws IOException {
        List<String> points = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/mounts"), StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            if (f.length > 1 && f[1].startsWith(base + "/")) {
                points.add(f[1]);
            }
        }
        points.sort(java.util.Comparator.reverseOrder());
        for (String point : points) {
            HostRoots.run(List.of("umount", "-l", point), null);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("could not stop the test hosts: " + e);
        }
    }

    private void setUp(int count, long swapBytes) throws IOException {
        Files.createDirectories(clientDir);
        Files.createDirectories(bin);
        Path pids = Files.createDirectories(base.resolve("pids"));
        Files.writeString(base.resolve(".alive"), "");
        watchdog();
        TestHost.generateKey(clientKey(), "baton-test-client");
        Path authorized = clientDir.resolve("authorized_keys");
        Files.copy(Path.of(clientKey() + ".pub"), authorized);
        Path template = base.resolve("template");
        HostRoots.buildTemplate(template);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(4, Math.max(1, count)));
        try {
            List<Future<TestHost>> started = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                String name = "host" + i;
                started.add(pool.submit(() -> startHost(name, template, authorized, pids, swapBytes)));
            }
            for (Future<TestHost> f : started) {
                hosts.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the test hosts", e);
        } finally {
            pool.shutdownNow();
        }
        writeClientFiles();
        scheduler.scheduleWithFixedDelay(this::serveRebootRequests, REBOOT_POLL.toMillis(), REBOOT_POLL.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private TestHost startHost(String name, Path template, Path authorized, Path pids, long swapBytes)
            throws IOException {
        Path dir = Files.createDirectories(base.resolve(name));
        Path root = dir.resolve("root");
        HostRoots.buildHost(template, root, name, swapBytes);
        for (Path d : List.of(dir, root)) { // sshd refuses a chroot that others may write to, whatever the umask
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        TestHost.generateKey(dir.resolve("ssh_host_ed25519_key"), name);
        TestHost.generateKey(dir.resolve("next_host_ed25519_key"), name + "-next");
        Files.copy(dir.resolve("ssh_host_ed25519_key.pub"), root.resolve("etc/ssh/ssh_host_ed25519_key.pub"));
        SshdProcess sshd = new SshdProcess(name, dir, root, authorized, pids);
        sshd.start();
        return new TestHost(name, dir, root, sshd, scheduler);
    }

    private void writeClientFiles() throws IOException {
        StringBuilder known = new StringBuilder();
        StringBuilder config = new StringBuilder();
        for (TestHost h : hosts) {
            String key = Files.readString(h.hostKeyFile(), StandardCharsets.UTF_8).strip();
            known.append("[127.0.0.1]:").append(h.port()).append(' ').append(key).append('\n');
            config.append("Host ").append(h.name()).append('\n')
                    .append("  HostName 127.0.0.1\n")
                    .append("  Port ").append(h.port()).append('\n');
        }
        config.append("Host *\n")
                .append("  User root\n")
                .append("  IdentityFile ").append(clientKey()).append('\n')
                .append("  IdentitiesOnly yes\n")
                .append("  UserKnownHostsFile ").append(knownHosts()).append('\n')
                .append("  GlobalKnownHostsFile /dev/null\n")
                .append("  StrictHostKeyChecking yes\n")
                .append("  BatchMode yes\n")
                .append("  LogLevel ERROR\n");
        Files.writeString(knownHosts(), known, StandardCharsets.UTF_8);
        Files.writeString(sshConfig(), config, StandardCharsets.UTF_8);
        script("sudo", "#!/bin/sh\n# Test stand-in for sudo: the tests run as root already.\nexec \"$@\"\n");
        script("scp", "#!/bin/sh\nexec /usr/bin/scp -F " + sshConfig() + " \"$@\"\n");
        script("ssh", "#!/bin/sh\nexec /usr/bin/ssh -F " + sshConfig() + " \"$@\"\n");
    }

    private void script(String name, String text) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        HostRoots.executable(file);
    }

    /** Serves the reboot stand-in's requests: the host reboots as configured by {@link TestHost#onReboot}. */
    private void serveRebootRequests() {
        for (TestHost h : hosts) {
            try {
                h.serveMountRequest();
                if (Files.deleteIfExists(h.root().resolve(StandIns.REBOOT_REQUEST))) {
                    h.rebootFromInside();
                }
            } catch (IOException | RuntimeException e) {
                System.err.println("test host " + h.name() + ": reboot request failed: " + e);
            }
        }
    }

    /**
     * Starts a process that, once this JVM is gone without {@link #close()}, kills every sshd (with its sessions)
     * listed under {@code pids/} and deletes the directory.
     */
    private void watchdog() {
        String script = """
                jvm=$1 base=$2
                while kill -0 "$jvm" 2>/dev/null && [ -e "$base/.alive" ]; do sleep 1; done
                [ -e "$base/.alive" ] || exit 0
                awk -v b="$base/" 'index($2, b) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
                killtree() { kill -STOP "$1" 2>/dev/null; for c in $(pgrep -P "$1"); do killtree "$c"; done; kill -KILL "$1" 2>/dev/null; }
                for f in "$base"/pids/*; do
                  pid=$(cat "$f" 2>/dev/null) || continue
                  [ "$(cat /proc/$pid/comm 2>/dev/null)" = sshd ] && killtree "$pid"
                done
                sleep 1; rm -rf --one-file-system "$base"
                """;
        ProcessBuilder pb = new ProcessBuilder("setsid", "sh", "-c", script, "test-hosts-watchdog",
                String.valueOf(ProcessHandle.current().pid()), base.toString());
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            pb.start();
        } catch (IOException e) {
            System.err.println("cannot start the test hosts' watchdog (their sshd may outlive this JVM): " + e);
        }
    }

    /** {@code dir} if sshd accepts chroots under it, else target/test-hosts of the working directory, else LAST_RESORT. */
    private static Path chooseBase(Path dir) throws IOException {
        String unique = "th-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
        Path preferred = dir.toAbsolutePath();
        Path fallback = Path.of("target", "test-hosts").toAbsolutePath();
        for (Path parent : List.of(preferred, fallback, LAST_RESORT)) {
            Files.createDirectories(parent);
            if (chrootSafe(parent)) {
                Path base = parent.resolve(unique);
                Files.createDirectories(base);
                Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
                return base;
            }
        }
        throw new IOException("none of " + preferred + ", " + fallback + " and " + LAST_RESORT + " can hold chroot "
                + "directories: sshd wants every directory up to / owned by root and writable by nobody else");
    }

    private static boolean chrootSafe(Path dir) throws IOException {
        Set<PosixFilePermission> groupOrOthersWrite = Set.of(PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE);
        for (Path p = dir.toRealPath(); p != null; p = p.getParent()) {
            int uid = (Integer) Files.getAttribute(p, "unix:uid");
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (uid != 0 || perms.stream().anyMatch(groupOrOthersWrite::contains)) {
                return false;
            }
        }
        return true;
    }
}
