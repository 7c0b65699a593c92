package dev.baton.pipeline.signing;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmTag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.IntStream;

/**
 * Signs packages as Koji does: the original file is never changed; a signed copy is written to a new file with a
 * v4 header-only OpenPGP signature over the main header (tag 268 for RSA keys, 267 for EdDSA), which covers the
 * payload through the header's payload digest (tag 5092). Lead, main header and payload are copied byte for byte;
 * only the signature header is rewritten, keeping the header digests (SHA-1 269, SHA-256 273, added when missing)
 * and shrinking the reserved space (1008) so that the file keeps its size, as {@code rpmsign} does.
 *
 * <p>Signing a package that is signed already replaces its signatures (header-only and legacy header+payload ones),
 * so re-signing, or signing with a second key, gives the same result as signing the unsigned original. The copy is
 * written to a temporary file beside {@code out} and renamed into place: {@code out} is either absent or complete.
 * Thread-safe; a key may sign in many threads at once.
 */
public final class RpmSigner {

    /** Files a batch fsyncs at a time: enough for the file system to commit them together, few open files. */
    private static final int CONCURRENT_FSYNCS = 64;

    /**
     * Writes a signed copy of {@code unsigned} to {@code out}; returns the copy's structure.
     *
     * @throws SigningException when the package's header digest does not match its header (a damaged package is
     *         never signed), or when {@code out} is the input file
     * @throws dev.baton.pipeline.rpm.RpmFormatException when the input is not a well-formed package
     */
    public RpmFile sign(Path unsigned, KeySigner key, Path out) throws IOException {
        Path temp = writeSigned(unsigned, key, out);
        try {
            try (FileChannel target = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                target.force(true);
            }
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return RpmFile.open(out);
    }

    /** One package of a {@link #signAll} batch: the package and the file its signed copy goes to. */
    public record Signing(Path unsigned, Path out) {
    }

    /**
     * Signs a batch as {@link #sign} signs one package, with the same result for each, but faster: the signatures
     * are made on {@code threads} threads (the private-key operation is most of the work), and the copies are made
     * durable together: each is written to its temporary file, then all are fsynced at once (the file system
     * commits concurrent fsyncs together), then each is renamed to its name and each directory fsynced once. When
     * this returns every {@code out} is complete and durable. A package that cannot be signed fails the whole batch
     * (with the exception {@link #sign} throws for it) before any {@code out} is written; no temporary file is left.
     */
    public void signAll(List<Signing> batch, KeySigner key, int threads) throws IOException {
        Path[] temps = new Path[batch.size()];
        try {
            try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, batch.size())))) {
                all(IntStream.range(0, temps.length).mapToObj(i -> pool.submit(() -> {
                    temps[i] = writeSigned(batch.get(i).unsigned(), key, batch.get(i).out());
                    return null;
                })).toList());
            }
            Semaphore open = new Semaphore(CONCURRENT_FSYNCS);
            try (ExecutorService syncs = Executors.newVirtualThreadPerTaskExecutor()) {
                all(Arrays.stream(temps).map(t -> syncs.submit(() -> {
                    open.acquire();
                    try (FileChannel channel = FileChannel.open(t, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    } finally {
                        open.release();
                    }
                    return null;
                })).toList());
            }
            Set<Path> dirs = new LinkedHashSet<>();
            for (int i = 0; i < temps.length; i++) {
                Path out = batch.get(i).out();
                Files.move(temps[i], out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                temps[i] = null;
                dirs.add(out.toAbsolutePath().getParent());
            }
            for (Path dir : dirs) {
                try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            }
        } finally {
            for (Path temp : temps) {
                if (temp != null) {
                    Files.deleteIfExists(temp);
                }
            }
        }
    }

    /** Waits for every task; throws the first failure as it was thrown. */
    private static void all(List<? extends Future<?>> tasks) throws IOException {
        for (Future<?> task : tasks) {
            try {
                task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while signing", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case IOException io -> throw io;
                    case RuntimeException r -> throw r;
                    default -> throw new IOException(e.getCause());
                }
            }
        }
    }

    /** Writes the signed copy of {@code unsigned} to a new temporary file beside {@code out}, not fsynced. */
    private static Path writeSigned(Path unsigned, KeySigner key, Path out) throws IOException {
        if (Files.exists(out) && Files.isSameFile(unsigned, out)) {
            throw new SigningException("a package is never signed in place: give a new file for the signed copy of "
                    + unsigned.getFileName());
        }
        RpmFile rpm = RpmFile.open(unsigned);
        byte[] header = rpm.header().bytes();
        byte[] signatureHeader = signatureHeader(rpm, header, key);

        Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".signing");
        boolean written = false;
        try {
            try (FileChannel in = FileChannel.open(unsigned, StandardOpenOption.READ);
                    FileChannel target = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                writeFully(target, ByteBuffer.wrap(rpm.lead()));
                writeFully(target, ByteBuffer.wrap(signatureHeader));
                long position = rpm.headerStart();
                long end = rpm.size();
                while (position < end) {
                    long n = in.transferTo(position, end - position, target);
                    if (n <= 0) {
                        throw new IOException(unsigned + " shrank while it was being signed");
                    }
                    position += n;
                }
            }
            written = true;
            return temp;
        } finally {
            if (!written) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** The padded signature header of the signed copy. */
    static byte[] signatureHeader(RpmFile rpm, byte[] header, KeySigner key) {
        String sha256 = hex("SHA-256", header);
        String recorded = rpm.signature().has(RpmTag.SHA256HEADER) ? rpm.signature().string(RpmTag.SHA256HEADER) : null;
        if (recorded != null && !recorded.equalsIgnoreCase(sha256)) {
            throw new SigningException(rpm.path().getFileName() + " is damaged: its header's SHA-256 is " + sha256
                    + " but its signature header records " + recorded + "; it is not signed");
        }
        String sha1 = rpm.signature().has(RpmTag.SHA1HEADER) ? rpm.signature().string(RpmTag.SHA1HEADER) : null;
        if (sha1 != null && !sha1.equalsIgnoreCase(hex("SHA-1", header))) {
            throw new SigningException(rpm.path().getFileName() + " is damaged: its header's SHA-1 does not match "
                    + "the one its signature header records; it is not signed");
        }

        byte[] signature = key.sign(header);
        int tag = key.key().algorithm() == SigningKey.Algorithm.RSA ? RpmTag.SIG_RSA : RpmTag.SIG_DSA;
        SignatureHeaderBuilder builder = SignatureHeaderBuilder.from(rpm.signature())
                .remove(RpmTag.SIG_RSA).remove(RpmTag.SIG_DSA).remove(RpmTag.SIG_PGP).remove(RpmTag.SIG_GPG)
                .string(RpmTag.SHA256HEADER, sha256)
                .binary(tag, signature);
        int length = (int) (rpm.headerStart() - rpm.signatureStart());
        return builder.build(length);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
