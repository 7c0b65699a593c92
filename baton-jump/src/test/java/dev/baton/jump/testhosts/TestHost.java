package dev.baton.jump.testhosts;

import dev.baton.jump.ssh.HostAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One test host of {@link TestHosts}: a real sshd on 127.0.0.1 with its own host key, every session chrooted into
 * the host's own root ({@link #root()}), where the recipe's absolute paths land ({@code /jumpfiles},
 * {@code /media/jump}, {@code /boot/grub/menu.lst}; {@code /dev/sda2} is a swap-formatted disk-image file).
 *
 * <p>Reboots: {@link #reboot} stops the sshd now (connections drop) and starts it again after {@code down}, with the
 * prepared next host key if asked ({@link #nextHostKeyFile()} tells it in advance, as a jump image's key would be).
 * A {@code reboot} (or {@code shutdown -r}) run on the host does the same with the behaviour set by
 * {@link #onReboot} (default: back after one second, same key).
 */
public final class TestHost {

    /** How a host behaves when rebooted from inside. {@code down == null}: it never comes back. */
    private record RebootBehaviour(Duration down, boolean newHostKey) {}

    private final String name;
    private final Path dir;
    private final Path root;
    private final SshdProcess sshd;
    private final ScheduledExecutorService scheduler;
    private volatile RebootBehaviour onReboot = new RebootBehaviour(Duration.ofSeconds(1), false);
    private ScheduledFuture<?> pendingStart;
    private int reboots;

    TestHost(String name, Path dir, Path root, SshdProcess sshd, ScheduledExecutorService scheduler) {
        this.name = name;
        this.dir = dir;
        this.root = root;
        this.sshd = sshd;
        this.scheduler = scheduler;
    }

    /** {@code hostN=root@127.0.0.1:port}. */
    public HostAddress address() {
        return new HostAddress(name, "127.0.0.1", sshd.port(), "root");
    }

    /** The host's name, {@code host1} ... */
    public String name() {
        return name;
    }

    /** Its SSH port on 127.0.0.1 (the same across reboots). */
    public int port() {
        return sshd.port();
    }

    /** The host's root directory: what the host's commands see as {@code /}. */
    public Path root() {
        return root;
    }

    /** A path inside the host's root, e.g. {@code path("/jumpfiles/jump2.sh")}. */
    public Path path(String absolute) {
        return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }

    /** The public key file ({@code .pub}) of the key the host presents now. */
    public Path hostKeyFile() {
        return Path.of(sshd.hostKey() + ".pub");
    }

    /** The public key file of the key the host will present after a reboot with a new host key. */
    public Path nextHostKeyFile() {
        return dir.resolve("next_host_ed25519_key.pub");
    }

    /** Whether its sshd runs. */
    public boolean isUp() {
        return sshd.isRunning();
    }

    /** How many times the host rebooted (went down), by {@link #reboot} or from inside. */
    public synchronized int reboots() {
        return reboots;
    }

    /**
     * What a reboot from inside (the {@code reboot} stand-in) does: down for {@code down}, then back, with the next
     * host key if {@code newHostKey}.
     */
    public void onReboot(Duration down, boolean newHostKey) {
        onReboot = new RebootBehaviour(down, newHostKey);
    }

    /** A reboot from inside takes the host down for good (it never answers again, until {@link #start()}). */
    public void neverComesBackAfterReboot() {
        onReboot = new RebootBehaviour(null, false);
    }

    /**
     * Reboots the host: stops its sshd now, starts it again after {@code down} ({@code null}: never), presenting the
     * next host key if {@code newHostKey}. Returns at once.
     */
    public synchronized void reboot(Duration down, boolean newHostKey) {
        reboots++;
        if (pendingStart != null) {
            pendingStart.cancel(false);
        }
        sshd.stop();
        if (newHostKey) {
            rotateHostKey();
        }
        if (down != null) {
            pendingStart = scheduler.schedule(this::startQuietly, down.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the host's sshd (like pulling the plug); {@link #start()} brings it back. */
    public synchronized void stop() {
        if (pendingStart != null) {
            pendingStart.cancel(false);
        }
        sshd.stop();
    }

    /** Starts the host's sshd if it is down. */
    public synchronized void start() {
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the stand-ins recorded (one {@code name args} line per call, oldest first). */
    public List<String> commandLog() {
        Path log = path(StandIns.COMMAND_LOG);
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sshd log of this host (for failure messages). */
    public String sshdLog() {
        try {
            return Files.readString(sshd.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no sshd log: " + e.getMessage() + ")";
        }
    }

    /** Called by the harness when the reboot stand-in asked for a reboot. */
    void rebootFromInside() {
        RebootBehaviour b = onReboot;
        reboot(b.down(), b.newHostKey());
    }

    private void startQuietly() {
        try {
            start();
        } catch (RuntimeException e) {
            System.err.println("test host " + name + " could not come back from its reboot: " + e.getMessage());
        }
    }

    /** The prepared next key becomes the host's key; a new next key is prepared. */
    private void rotateHostKey() {
        try {
            Path key = sshd.hostKey();
            Files.move(dir.resolve("next_host_ed25519_key"), key, StandardCopyOption.REPLACE_EXISTING);
            Files.move(dir.resolve("next_host_ed25519_key.pub"), Path.of(key + ".pub"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(Path.of(key + ".pub"), path("/etc/ssh/ssh_host_ed25519_key.pub"),
                    StandardCopyOption.REPLACE_EXISTING);
            generateKey(dir.resolve("next_host_ed25519_key"), name + "-next");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the host key of test host " + name, e);
        }
    }

    static void generateKey(Path file, String comment) throws IOException {
        Files.deleteIfExists(file);
        Files.deleteIfExists(Path.of(file + ".pub"));
        HostRoots.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file.toString()),
                null);
    }
}
