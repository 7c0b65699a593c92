package dev.baton.pipeline.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Files kept by their SHA-256, shared by every repository: the same bytes stored twice are stored once.
 *
 * <p>Layout under the store's directory: {@code sha256/ab/abcdef...} (the first two hex digits as a fan-out
 * directory) and {@code tmp/} for puts in progress. A put streams into a new file in {@code tmp/} (the same file
 * system, so the final rename is atomic), hashing and counting as it goes; it stops reading as soon as the stream is
 * longer than the declared size; it checks size and digest, fsyncs the file, renames it to its final name and fsyncs
 * the directory. So a file under its final name is always complete and has the digest it is named by, whatever
 * happens to the writer: a crash (even {@code kill -9}) leaves at most a file in {@code tmp/}, and {@link #open}
 * removes those. A put that fails a check leaves nothing. {@link #putHashedFile} takes a file its caller wrote and
 * hashed elsewhere on the same file system (a finished, checked download) the same way, fsynced before it is renamed
 * into place.
 *
 * <p>Concurrency: any number of threads (and processes) may put at once, also the same content: each writes its own
 * temporary file and the rename replaces a file with identical bytes, so a reader that has the file open keeps
 * reading the same bytes. Files are never changed in place. The {@code tmp/} directory is emptied by {@link #open}
 * only, so a content directory belongs to one server process (like the embedded store's data directory).
 */
public final class ContentStore {

    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path objects;
    private final Path tmp;

    private ContentStore(Path root) {
        this.root = root;
        this.objects = root.resolve("sha256");
        this.tmp = root.resolve("tmp");
    }

    /**
     * Opens (creating if missing) the store in {@code dir} and removes what interrupted puts left in its
     * {@code tmp/} directory.
     */
    public static ContentStore open(Path dir) {
        ContentStore store = new ContentStore(dir.toAbsolutePath());
        try {
            Files.createDirectories(store.objects);
            Files.createDirectories(store.tmp);
            store.removeLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the content store in " + dir + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The directory the store keeps its files in. */
    public Path directory() {
        return root;
    }

    /**
     * Stores what {@code in} yields (read to its end, not closed) and answers its digest and size.
     *
     * @param expectedSha256 the digest the bytes must have (hex, any case), or {@code null} to accept any
     * @param expectedSize   the size the bytes must have, or {@code -1} for any; a longer stream is refused as soon as
     *                       it passes this size, without reading the rest
     * @throws ContentMismatchException when size or digest differ from the declared ones; nothing was kept
     * @throws UncheckedIOException     when reading the stream or writing the file fails; nothing was kept
     */
    public Blob put(InputStream in, String expectedSha256, long expectedSize) {
        String expected = expectedSha256 == null ? null : Sha256.normalize(expectedSha256);
        if (expectedSize < -1) {
            throw new IllegalArgumentException("the expected size must be -1 (any) or at least 0, got " + expectedSize);
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(tmp, "put-", ".part");
            MessageDigest digest = newDigest();
            long size = copy(in, temp, digest, expectedSize);
            if (expectedSize >= 0 && size != expectedSize) {
                throw new ContentMismatchException("expected " + expectedSize + " bytes, got " + size);
            }
            String actual = Sha256.hex(digest.digest());
            if (expected != null && !expected.equals(actual)) {
                throw new ContentMismatchException("expected SHA-256 " + expected + ", got " + actual
                        + " (" + size + " bytes)");
            }
            Path target = file(actual);
            if (Files.exists(target)) {
                return new Blob(actual, size); // stored already; the finally removes our copy
            }
            if (!Files.isDirectory(target.getParent())) {
                Files.createDirectories(target.getParent());
                fsyncDirectory(objects); // the new fan-out directory's entry, or the file could vanish with it
            }
            move(temp, target);
            temp = null;
            fsyncDirectory(target.getParent());
            return new Blob(actual, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store content in " + root + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Stores a file that the caller wrote, hashed as it wrote it, and no longer changes, by moving it into the store
     * rather than copying it: the file's size is checked, it is fsynced, then renamed to its final name (and the
     * directory fsynced), so a mirrored package is written to disk once and read by nobody on its way in. The store
     * takes the caller's word for the digest (a mirror computes it over the bytes as they are written, and checks it
     * against the upstream's metadata before it calls this): reading the file again to hash it cost a fresh server
     * a sixth of its CPU on the sync bench. When the content is stored already, the file is deleted. A file on
     * another file system than the store is copied in as {@link #put} does (that copy is hashed and checked), then
     * deleted.
     *
     * @param sha256 the digest of the file's bytes, as the caller computed it while writing them
     * @throws ContentMismatchException when the size differs from {@code size}; the file is left as it was and
     *                                  nothing was stored
     * @throws UncheckedIOException     when the file cannot be read, synced or moved; nothing was stored
     */
    public Blob putHashedFile(Path file, String sha256, long size) {
        String digest = Sha256.normalize(sha256);
        try {
            long actual = Files.size(file);
            if (actual != size) {
                throw new ContentMismatchException("expected " + size + " bytes, got " + actual);
            }
            Path target = file(digest);
            if (Files.exists(target)) {
                Files.delete(file);
                return new Blob(digest, size);
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (!Files.isDirectory(target.getParent())) {
                Files.createDirectories(target.getParent());
                fsyncDirectory(objects);
            }
            try {
                Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Blob copied;
                try (InputStream in = Files.newInputStream(file)) {
                    copied = put(in, digest, size);
                }
                Files.delete(file);
                return copied;
            }
            fsyncDirectory(target.getParent());
            return new Blob(digest, size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + file + " in " + root + ": " + e.getMessage(), e);
        }
    }

    /** The file holding the content with this digest, if stored. */
    public Optional<Path> path(String sha256) {
        Path file = file(Sha256.normalize(sha256));
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    public boolean contains(String sha256) {
        return path(sha256).isPresent();
    }

    private Path file(String sha256) {
        return objects.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Copies {@code in} to {@code temp}, digesting it; stops after {@code limit + 1} bytes when a limit is set. */
    private static long copy(InputStream in, Path temp, MessageDigest digest, long limit) throws IOException {
        long size = 0;
        byte[] buffer = new byte[BUFFER];
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (true) {
                // Never ask for more than one byte past the declared size: a longer stream is not read to its end.
                int want = limit < 0 ? BUFFER : (int) Math.min(BUFFER, limit - size + 1);
                int n = in.read(buffer, 0, want);
                if (n < 0) {
                    break;
                }
                size += n;
                if (limit >= 0 && size > limit) {
                    throw new ContentMismatchException("expected " + limit + " bytes, got more; stopped reading");
                }
                digest.update(buffer, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        }
        return size;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + to.getParent() + " cannot rename atomically", e);
        }
    }

    /** Makes a rename in {@code dir} durable (on Linux a directory is fsynced like a file). */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp)) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // left in tmp/, removed at the next open
        }
    }

    /**
     * A fresh digest of the kind this store names files by (SHA-256), for a caller that hashes a file as it writes it
     * and hands it over with {@link #putHashedFile}.
     */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
