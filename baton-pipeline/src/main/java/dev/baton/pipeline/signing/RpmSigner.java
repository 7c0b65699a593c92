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

    /**
     * Writes a signed copy of {@code unsigned} to {@code out}; returns the copy's structure.
     *
     * @throws SigningException when the package's header digest does not match its header (a damaged package is
     *         never signed), or when {@code out} is the input file
     * @throws dev.baton.pipeline.rpm.RpmFormatException when the input is not a well-formed package
     */
    public RpmFile sign(Path unsigned, KeySigner key, Path out) throws IOException {
        if (Files.exists(out) && Files.isSameFile(unsigned, out)) {
            throw new SigningException("a package is never signed in place: give a new file for the signed copy of "
                    + unsigned.getFileName());
        }
        RpmFile rpm = RpmFile.open(unsigned);
        byte[] header = rpm.header().bytes();
        byte[] signatureHeader = signatureHeader(rpm, header, key);

        Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".signing");
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
                target.force(true);
            }
            Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
        return RpmFile.open(out);
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
