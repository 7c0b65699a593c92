package dev.baton.pipeline.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the metadata writer and the publications do to directories they build beside the live ones and switch in. */
public final class Directories {
    private Directories() {
    }

    /**
     * Fsyncs a directory, so that the renames and new entries in it survive a power cut; quietly does nothing on a
     * file system that cannot sync a directory (the files themselves are synced by their writers).
     */
    public static void syncQuietly(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the files themselves are synced
        }
    }

    /**
     * Deletes {@code dir} and everything below it, if it exists. A symbolic link is removed itself, never followed:
     * nothing outside {@code dir} is ever deleted.
     */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(dir);
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
