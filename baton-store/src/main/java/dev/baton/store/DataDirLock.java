package dev.baton.store;

import dev.baton.lock.StoreUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-server-per-data-directory lock of the embedded store: an OS file lock on {@code baton.lock}, which another
 * process is refused and which the OS drops when this process dies (kill -9 included).
 *
 * <p>A second open in this process is refused <em>before</em> the lock file is opened again: the OS lock is
 * per process, and closing any channel of that file (also one the garbage collector cleans up after a refused open)
 * would drop the lock the first open holds, letting another server in.
 */
final class DataDirLock {

    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileLock lock;

    private DataDirLock(Path key, FileLock lock) {
        this.key = key;
        this.lock = lock;
    }

    /** Locks {@code dataDir} (which exists) for this process, or says plainly who has it. */
    static DataDirLock acquire(Path dataDir) {
        Path key;
        try {
            key = dataDir.toRealPath();
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        if (!HELD_HERE.add(key)) {
            throw new StoreUnavailableException("the data directory " + dataDir + " is already open in this process", null);
        }
        FileChannel channel = null;
        boolean locked = false;
        try {
            channel = FileChannel.open(key.resolve("baton.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                closeQuietly(channel); // this process holds no lock on the file: closing drops nothing
                throw new StoreUnavailableException("another Baton server is using the data directory " + dataDir
                        + "; stop it or give this one another --data", null);
            }
            locked = true;
            return new DataDirLock(key, lock);
        } catch (OverlappingFileLockException e) {
            // Locked through another channel of this process: this one stays open, closing it would drop that lock.
            throw new StoreUnavailableException("the data directory " + dataDir + " is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StoreUnavailableException("cannot lock the data directory " + dataDir + ": " + e.getMessage(), e);
        } finally {
            if (!locked) {
                HELD_HERE.remove(key);
            }
        }
    }

    /** Gives the directory back: to other processes and to a later open in this one. */
    void release() {
        closeQuietly(lock.channel());
        HELD_HERE.remove(key);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // released with the process anyway
            }
        }
    }
}
