package dev.baton.bench;

import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmTag;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.KeySigner;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

/**
 * Many distinct, valid, signed packages from one package built with {@code rpmbuild}, fast enough for 50,000.
 *
 * <p>The template's name carries a placeholder ({@link #PLACEHOLDER}, 8 characters); variant {@code i} replaces it
 * with {@code i} in 8 digits wherever it occurs before the payload (lead, and in the main header the name, the
 * provides, the summary, the source rpm; the packaged file's path does not contain it, so the payload stays as
 * built). The replacement has the same length, so the header's layout is unchanged. The header digests that the
 * signature header records (SHA-1 269, SHA-256 273, and MD5 1004 over header and payload) are recomputed, and
 * {@link RpmSigner} then signs the variant with a fresh header-only signature: every variant is a different file
 * (its own sha256) that {@code rpmkeys --checksig} accepts, so content-addressed storage cannot deduplicate them.
 */
final class RpmVariants {

    static final String PLACEHOLDER = "XXXXXXXX";

    private final byte[] template;
    private final int headerEnd;
    private final int[] marks;
    private final String classTag;
    private final byte[] sha1Hex;
    private final byte[] sha256Hex;
    private final byte[] md5;
    private final int sigStart;
    private final int sigEnd;
    private final int headerStart;

    private RpmVariants(Path rpm, String classTag) throws IOException {
        this.classTag = classTag;
        this.template = Files.readAllBytes(rpm);
        RpmFile file = RpmFile.open(rpm);
        this.headerEnd = (int) file.headerEnd();
        this.sigStart = (int) file.signatureStart();
        this.sigEnd = (int) file.signatureEnd();
        this.headerStart = (int) file.headerStart();
        this.marks = occurrences(template, PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), headerEnd);
        if (marks.length == 0) {
            throw new IllegalStateException(rpm + " does not contain the placeholder " + PLACEHOLDER);
        }
        byte[] header = Arrays.copyOfRange(template, (int) file.headerStart(), headerEnd);
        this.sha1Hex = file.signature().string(RpmTag.SHA1HEADER).getBytes(StandardCharsets.US_ASCII);
        this.sha256Hex = file.signature().string(RpmTag.SHA256HEADER).getBytes(StandardCharsets.US_ASCII);
        if (!new String(sha256Hex, StandardCharsets.US_ASCII).equals(hex("SHA-256", header, header.length))) {
            throw new IllegalStateException(rpm + ": its recorded header SHA-256 is not the header's");
        }
        this.md5 = digest("MD5", template, (int) file.headerStart(), template.length - (int) file.headerStart());
    }

    /**
     * Builds the template with rpmbuild: a package named {@code bsync<tag>XXXXXXXX} holding one file of about
     * {@code payloadBytes} bytes of base64 text (random, so it compresses to about 3/4).
     */
    static RpmVariants build(Path dir, String classTag, int payloadBytes, long seed) throws IOException {
        byte[] random = new byte[payloadBytes * 3 / 4];
        new Random(seed).nextBytes(random);
        Path rpm = RpmBuilder.named("bsync" + classTag + PLACEHOLDER)
                .file("/usr/share/bsync" + classTag + "/data", Base64.getMimeEncoder().encodeToString(random))
                .build(dir);
        return new RpmVariants(rpm, classTag);
    }

    /** The file name of variant {@code i}. */
    String fileName(int i) {
        return "bsync" + classTag + digits(i) + "-1.0-1.noarch.rpm";
    }

    /** Writes variant {@code i}, signed by {@code key}, as {@code dir/fileName(i)}; {@code scratch} is a work file. */
    void write(int i, KeySigner key, RpmSigner signer, Path scratch, Path dir) throws IOException {
        byte[] bytes = template.clone();
        byte[] digits = digits(i).getBytes(StandardCharsets.US_ASCII);
        for (int at : marks) {
            System.arraycopy(digits, 0, bytes, at, digits.length);
        }
        replace(bytes, sha1Hex, hex("SHA-1", Arrays.copyOfRange(bytes, headerStart, headerEnd), headerEnd - headerStart)
                .getBytes(StandardCharsets.US_ASCII));
        replace(bytes, sha256Hex, hex("SHA-256", Arrays.copyOfRange(bytes, headerStart, headerEnd),
                headerEnd - headerStart).getBytes(StandardCharsets.US_ASCII));
        replace(bytes, md5, digest("MD5", bytes, headerStart, bytes.length - headerStart));
        Files.write(scratch, bytes);
        signer.sign(scratch, key, dir.resolve(fileName(i)));
    }

    private void replace(byte[] bytes, byte[] old, byte[] now) {
        int[] at = occurrences(Arrays.copyOfRange(bytes, sigStart, sigEnd), old, sigEnd - sigStart);
        if (at.length != 1) {
            throw new IllegalStateException("the signature header holds a recorded digest " + at.length + " times");
        }
        System.arraycopy(now, 0, bytes, sigStart + at[0], now.length);
    }

    private static String digits(int i) {
        return String.format("%08d", i);
    }

    private static int[] occurrences(byte[] bytes, byte[] needle, int end) {
        int[] found = new int[0];
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            found = Arrays.copyOf(found, found.length + 1);
            found[found.length - 1] = i;
        }
        return found;
    }

    private static String hex(String algorithm, byte[] bytes, int length) {
        return HexFormat.of().formatHex(digest(algorithm, bytes, 0, length));
    }

    private static byte[] digest(String algorithm, byte[] bytes, int offset, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance(algorithm);
            d.update(bytes, offset, length);
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
