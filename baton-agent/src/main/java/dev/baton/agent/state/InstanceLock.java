package dev.baton.agent.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The single-instance lock: only one agent runs per host (per lock file) at a time.
 *
 * <p>It is an advisory lock on the file ({@link FileChannel#tryLock()}, which the kernel drops when the
 * process dies, {@code kill -9} included), so a stale file never blocks the next run. While held, the file
 * contains {@code pid=...}, {@code started=...} and {@code command=...}, readable by everyone (mode 0644), so an
 * operator or a second instance can say who holds it.
 */
public final class InstanceLock implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Thrown when another process holds the lock; the message names it. */
    public static final class BusyException extends Exception {
        public BusyException(String message) {
            super(message);
        }
    }

    /**
     * Takes the lock without waiting.
     *
     * @throws BusyException when another instance holds it
     * @throws IOException   when the file cannot be created or opened
     */
    public static InstanceLock acquire(Path path, String command, Instant now) throws IOException, BusyException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (IOException | UnsupportedOperationException ignored) {
                // best effort
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new BusyException("another instance is already running (" + owner(path).orElse("owner unknown") + "; lock file " + path + ")");
        }
        String text = "pid=" + ProcessHandle.current().pid() + "\nstarted=" + now + "\ncommand=" + command + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        return new InstanceLock(path, channel, lock);
    }

    /** Who holds the lock, as "pid 123, started 2026-...", read from the file; empty when the file says nothing. */
    public static Optional<String> owner(Path path) {
        try {
            String pid = null;
            String started = null;
            for (String line : Files.readAllLines(path)) {
                if (line.startsWith("pid=")) {
                    pid = line.substring(4);
                } else if (line.startsWith("started=")) {
                    started = line.substring(8);
                }
            }
            return pid == null ? Optional.empty() : Optional.of("pid " + pid + (started == null ? "" : ", started " + started));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public Path path() {
        return path;
    }

    /** Releases the lock. The file stays (removing it would race with a process that just opened it). */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the descriptor anyway
        }
    }
}
