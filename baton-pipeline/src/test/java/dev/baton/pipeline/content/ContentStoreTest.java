package dev.baton.pipeline.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The content store: checked, atomic, deduplicated puts; nothing half-written or mismatched is ever visible. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContentStoreTest {

    @TempDir
    Path temp;

    @Test
    void aPutIsStoredUnderItsDigestAndTheSameBytesTwiceAreStoredOnce() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        byte[] bytes = randomBytes(1, 200_000);
        String sha = sha256(bytes);

        Blob first = store.put(new ByteArrayInputStream(bytes), sha.toUpperCase(), bytes.length);
        Blob second = store.put(new ByteArrayInputStream(bytes), null, -1);

        assertThat(first).isEqualTo(new Blob(sha, bytes.length)).isEqualTo(second);
        Path file = store.path(sha).orElseThrow();
        assertThat(file).isEqualTo(temp.resolve("content/sha256").resolve(sha.substring(0, 2)).resolve(sha).toAbsolutePath());
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(store.contains(sha)).isTrue();
        assertThat(filesUnder(temp.resolve("content/sha256"))).containsExactly(file);
        assertThat(filesUnder(temp.resolve("content/tmp"))).as("no temporary file left").isEmpty();
    }

    @Test
    void aHashedFileIsMovedIntoTheStoreNotCopiedAndTheSameContentAgainIsDropped() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        byte[] bytes = randomBytes(7, 300_000);
        String sha = sha256(bytes);
        Path incoming = Files.write(Files.createDirectories(temp.resolve("incoming")).resolve("pkg.part"), bytes);
        Object inode = Files.getAttribute(incoming, "unix:ino");

        assertThat(store.putHashedFile(incoming, sha, bytes.length)).isEqualTo(new Blob(sha, bytes.length));

        Path stored = store.path(sha).orElseThrow();
        assertThat(Files.getAttribute(stored, "unix:ino")).as("the same file, renamed: written once").isEqualTo(inode);
        assertThat(Files.readAllBytes(stored)).isEqualTo(bytes);
        assertThat(incoming).doesNotExist();

        Path again = Files.write(temp.resolve("incoming/again.part"), bytes);
        assertThat(store.putHashedFile(again, sha, bytes.length)).isEqualTo(new Blob(sha, bytes.length));
        assertThat(again).doesNotExist();
        assertThat(filesUnder(temp.resolve("content/sha256"))).containsExactly(stored);
        assertThat(Files.getAttribute(stored, "unix:ino")).isEqualTo(inode);
    }

    @Test
    void aHashedFileOfAnotherSizeIsRefusedAndLeftWhereItWas() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        byte[] bytes = randomBytes(8, 50_000);
        Path incoming = Files.write(temp.resolve("pkg.part"), bytes);

        assertThatThrownBy(() -> store.putHashedFile(incoming, sha256(bytes), bytes.length + 1))
                .isInstanceOf(ContentMismatchException.class).hasMessageContaining("expected " + (bytes.length + 1));

        assertThat(Files.readAllBytes(incoming)).isEqualTo(bytes);
        assertThat(filesUnder(temp.resolve("content/sha256"))).isEmpty();
        assertThat(store.contains(sha256(bytes))).isFalse();
    }

    @Test
    void aDigestMismatchLeavesNothing() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        byte[] bytes = randomBytes(2, 10_000);
        String wrong = sha256("other".getBytes());

        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(bytes), wrong, bytes.length))
                .isInstanceOf(ContentMismatchException.class)
                .hasMessageContaining("expected SHA-256 " + wrong).hasMessageContaining(sha256(bytes));
        assertThat(store.contains(sha256(bytes))).isFalse();
        assertThat(store.contains(wrong)).isFalse();
        assertThat(filesUnder(temp.resolve("content"))).isEmpty();
    }

    @Test
    void aShorterStreamThanDeclaredIsRefusedAndLeavesNothing() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        byte[] bytes = randomBytes(3, 1000);
        assertThatThrownBy(() -> store.put(new ByteArrayInputStream(bytes), sha256(bytes), 1001))
                .isInstanceOf(ContentMismatchException.class).hasMessageContaining("expected 1001 bytes, got 1000");
        assertThat(filesUnder(temp.resolve("content"))).isEmpty();
    }

    @Test
    void aLongerStreamThanDeclaredIsRefusedWithoutReadingItToTheEnd() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        // An "endless" stream: a server declaring 1 MB and sending forever must not fill the disk.
        CountingStream endless = new CountingStream(Long.MAX_VALUE);
        assertThatThrownBy(() -> store.put(endless, null, 1_000_000))
                .isInstanceOf(ContentMismatchException.class).hasMessageContaining("expected 1000000 bytes, got more");
        assertThat(endless.read).as("read just past the declared size").isEqualTo(1_000_001);
        assertThat(filesUnder(temp.resolve("content"))).isEmpty();
    }

    @Test
    void aFailingStreamLeavesNothing() throws IOException {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        InputStream broken = new CountingStream(300_000) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 200_000) {
                    throw new IOException("connection reset");
                }
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> store.put(broken, null, -1)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
        assertThat(filesUnder(temp.resolve("content"))).isEmpty();
    }

    @Test
    void aDigestThatIsNotHexIsRefusedAndCannotNameAPathOutsideTheStore() {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        assertThatThrownBy(() -> store.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hex digits").hasMessageContaining("../../etc/passwd");
        assertThatThrownBy(() -> store.put(InputStream.nullInputStream(), "abc", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits");
    }

    @Test
    void manyThreadsPuttingTheSameAndDifferentContentAtOnceAreSafe() throws Exception {
        ContentStore store = ContentStore.open(temp.resolve("content"));
        List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contents.add(randomBytes(10 + i, 300_000 + i));
        }
        int threads = 8;
        int rounds = 5;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        byte[] bytes = contents.get((thread + r) % contents.size());
                        Blob blob = store.put(new ByteArrayInputStream(bytes), sha256(bytes), bytes.length);
                        // Whatever the others do, the file under the final name is whole.
                        assertThat(Files.readAllBytes(store.path(blob.sha256()).orElseThrow())).isEqualTo(bytes);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(filesUnder(temp.resolve("content/sha256"))).hasSize(contents.size());
        for (byte[] bytes : contents) {
            assertThat(Files.readAllBytes(store.path(sha256(bytes)).orElseThrow())).isEqualTo(bytes);
        }
        assertThat(filesUnder(temp.resolve("content/tmp"))).isEmpty();
    }

    @Test
    void aWriterKilledMidPutLeavesNothingUnderTheFinalNameAndTheNextOpenCleansUp() throws Exception {
        Path dir = temp.resolve("content");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowWriter.class.getName(), dir.toString()).redirectErrorStream(true).start();
        try {
            var lines = writer.inputReader();
            String line;
            while ((line = lines.readLine()) != null && !line.equals("WRITING")) {
                // JVM noise before the signal, if any
            }
            assertThat(line).as("the writer started its put").isEqualTo("WRITING");
            List<Path> partial = filesUnder(dir.resolve("tmp"));
            assertThat(partial).hasSize(1);
            assertThat(Files.size(partial.getFirst())).isPositive();
        } finally {
            writer.destroyForcibly(); // SIGKILL on Linux
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(filesUnder(dir.resolve("sha256"))).as("nothing under a final name").isEmpty();
        assertThat(filesUnder(dir.resolve("tmp"))).as("the killed writer's leftover").hasSize(1);

        ContentStore store = ContentStore.open(dir);
        assertThat(filesUnder(dir.resolve("tmp"))).as("removed at open").isEmpty();
        assertThat(store.contains(SlowWriter.SHA_OF_WHAT_IT_WOULD_WRITE)).isFalse();
    }

    /** A child process that puts a stream which sends 256 KiB and then hangs, until it is killed. */
    public static final class SlowWriter {
        static final String SHA_OF_WHAT_IT_WOULD_WRITE = "00".repeat(32);

        public static void main(String[] args) {
            ContentStore store = ContentStore.open(Path.of(args[0]));
            InputStream hanging = new InputStream() {
                private long sent;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= 256 * 1024) {
                        System.out.println("WRITING");
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return -1;
                    }
                    int n = (int) Math.min(len, 256 * 1024 - sent);
                    sent += n;
                    return n;
                }
            };
            store.put(hanging, SHA_OF_WHAT_IT_WOULD_WRITE, -1);
        }
    }

    /** Zeros, counted, up to a length. */
    private static class CountingStream extends InputStream {
        final long length;
        long read;

        CountingStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (read >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - read);
            read += n;
            return n;
        }
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
