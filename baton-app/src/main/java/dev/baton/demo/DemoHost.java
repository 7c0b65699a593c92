package dev.baton.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated host of the demo: a directory with a real agent configuration (Baton's own format),
 * its own state file, log and scripts that sleep, and the agent runs done so far. The failing host's
 * post_update check fails until an operator "fixes" it (creates {@code fixed} in its directory).
 */
final class DemoHost {

    final String name;
    final Path dir;
    final boolean failing;
    final List<String> runs = new ArrayList<>();

    DemoHost(String name, Path dir, boolean failing) {
        this.name = name;
        this.dir = dir;
        this.failing = failing;
    }

    /** Writes the configuration and scripts; {@code pace} scales every sleep (1.0 = about 3 s per host). */
    void create(String server, String credentialId, String secret, String lock, double pace) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("agent.ini"), String.join("\n",
                    "[baton]",
                    "server = " + server,
                    "credential_id = " + credentialId,
                    "credential_secret = " + secret,
                    "lock_name = " + lock,
                    "holder = " + name,
                    "wait = true",
                    "wait_max = 900",
                    "base_dir = " + dir.resolve("scripts"),
                    "state = " + dir.resolve("state"),
                    "lock = " + dir.resolve("agent.lock"),
                    "log = " + dir.resolve("agent.log"),
                    "reboot_cmd = " + dir.resolve("scripts/reboot"),
                    ""));
            script("needs_update.d/10-check", "echo 'openssl, kernel: updates available'; exit 100");
            script("pre_update.d/10-drain", "echo 'draining traffic'; sleep " + seconds(0.4, pace));
            script("update.d/10-upgrade", "echo 'dnf -y upgrade'; sleep " + seconds(1.2, pace));
            script("needs_reboot.d/10-kernel", "echo 'new kernel installed'; exit 1");
            script("reboot", "echo \"$(date -u +%FT%TZ) reboot\" >> '" + dir.resolve("reboots") + "'; exit 0");
            script("post_update.d/10-health", failing
                    ? "sleep " + seconds(0.3, pace) + "; if [ -e '" + dir.resolve("fixed") + "' ]; then echo healthy; exit 0; fi; "
                      + "echo 'service web did not come back' >&2; exit 3"
                    : "sleep " + seconds(0.3, pace) + "; echo healthy");
            script("post_update.d/20-undrain", "echo 'back in the pool'");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(double base, double pace) {
        return String.format(java.util.Locale.ROOT, "%.2f", base * pace);
    }

    private void script(String relative, String body) throws IOException {
        Path file = dir.resolve("scripts").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The phase the agent will run next, from its state file; "done" when there is none. */
    String nextPhase() {
        try {
            Path state = dir.resolve("state");
            if (!Files.exists(state)) {
                return "done";
            }
            List<String> lines = Files.readAllLines(state);
            return lines.isEmpty() ? "done" : lines.get(0).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    boolean lastRunFailed() {
        synchronized (runs) {
            return !runs.isEmpty() && runs.get(runs.size() - 1).endsWith("exit 1");
        }
    }

    boolean rebooted() {
        return Files.exists(dir.resolve("reboots"));
    }

    void fix() throws IOException {
        Files.writeString(dir.resolve("fixed"), "fixed by the operator\n");
    }
}
