package dev.baton.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads {@code /etc/passwd}: user names to uid and home directory, without native code. */
public final class Passwd {

    /** One account. */
    public record Account(String name, int uid, int gid, Path home) {
    }

    private Passwd() {
    }

    public static Optional<Account> lookup(String user) {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":", -1);
                if (f.length >= 6 && f[0].equals(user)) {
                    return Optional.of(new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean exists(String user) {
        return lookup(user).isPresent();
    }
}
