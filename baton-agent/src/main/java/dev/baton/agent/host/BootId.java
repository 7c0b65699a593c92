package dev.baton.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which boot of this host the agent runs in. The kernel gives every boot a new random id; a state that recorded the
 * id when the reboot command ran can tell whether the reboot has happened since.
 */
@FunctionalInterface
public interface BootId {

    /** The kernel's: {@code /proc/sys/kernel/random/boot_id}. */
    BootId SYSTEM = () -> read(Path.of("/proc/sys/kernel/random/boot_id"));

    /** This boot's id, or empty when the system does not say (no {@code /proc}). */
    Optional<String> current();

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip()).filter(id -> !id.isEmpty());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
