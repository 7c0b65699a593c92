package dev.baton.pipeline.sync;

import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.repodata.RepodataFormatException;
import dev.baton.pipeline.repodata.RepomdEntry;
import dev.baton.pipeline.signing.DetachedSignatures;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A remote's metadata as a sync reads it: {@code repomd.xml} (checked against {@code repomd.xml.asc} when the
 * remote requires it) and the files it lists, each fetched to a file and checked against the size and checksum
 * repomd.xml gives before anything reads it.
 */
final class Metadata {

    /** repomd.xml of the largest repositories is a few KiB. */
    static final long MAX_REPOMD = 4L << 20;
    private static final long MAX_SIGNATURE = 64L << 10;

    private Metadata() {
    }

    /** The bytes of {@code repodata/repomd.xml}, its signature checked when the remote requires one. */
    static byte[] repomd(Upstream upstream, Remote remote, PublicKeys keys) throws IOException, InterruptedException {
        byte[] repomd = upstream.small("repodata/repomd.xml", MAX_REPOMD).orElseThrow(() -> new SyncFailedException(
                upstream.url("repodata/repomd.xml") + " does not exist (HTTP 404): is the remote's URL the directory "
                        + "that holds repodata/?"));
        if (remote.repoGpgcheck()) {
            byte[] signature = upstream.small("repodata/repomd.xml.asc", MAX_SIGNATURE).orElseThrow(() ->
                    new SyncFailedException("remote " + remote.name() + " requires a signed repomd.xml (repo_gpgcheck) "
                            + "but " + upstream.url("repodata/repomd.xml.asc") + " does not exist"));
            Verification v = DetachedSignatures.verify(repomd, new String(signature, java.nio.charset.StandardCharsets.US_ASCII), keys);
            if (!v.ok()) {
                throw new SyncFailedException("repomd.xml of remote " + remote.name() + " is not signed by its keys: "
                        + v.detail() + "; nothing was fetched");
            }
        }
        return repomd;
    }

    /**
     * Fetches the file of {@code entry} to {@code file} and checks its size and checksum against repomd.xml.
     *
     * @throws SyncFailedException naming the file and what differs; the file is removed then
     */
    static Path fetch(Upstream upstream, RepomdEntry entry, Path file) throws IOException, InterruptedException {
        Files.deleteIfExists(file);
        long limit = entry.size() >= 0 ? entry.size() : dev.baton.pipeline.repodata.RepomdReader.MAX_FILE_SIZE;
        upstream.download(entry.href(), file, limit);
        long size = Files.size(file);
        if (entry.size() >= 0 && size != entry.size()) {
            Files.deleteIfExists(file);
            throw new SyncFailedException(entry.href() + " has " + (size > entry.size() ? "more than " : "") + size
                    + " bytes, but repomd.xml declares " + entry.size() + ": the remote's metadata is inconsistent "
                    + "(being updated? try again later)");
        }
        String actual = digest(file, entry.checksumType());
        if (!actual.equals(entry.checksum())) {
            Files.deleteIfExists(file);
            throw new SyncFailedException(entry.href() + " has " + entry.checksumType() + " " + actual
                    + ", but repomd.xml declares " + entry.checksum() + ": the remote's metadata is inconsistent "
                    + "(being updated? try again later)");
        }
        return file;
    }

    /** The decompressed content of a fetched metadata file. */
    static InputStream open(RepomdEntry entry, Path file) throws IOException {
        try {
            return entry.compression().decompress(Files.newInputStream(file));
        } catch (RepodataFormatException e) {
            throw new SyncFailedException(entry.href() + ": " + e.getMessage(), e);
        }
    }

    /** The hex digest of a file, by a repomd checksum type (sha256, sha1, ...). */
    static String digest(Path file, String type) throws IOException {
        MessageDigest digest = messageDigest(type);
        feed(file, digest);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Updates {@code digest} with the whole content of {@code file}. */
    static void feed(Path file, MessageDigest digest) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
    }

    private static MessageDigest messageDigest(String type) {
        String name = switch (type) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> "SHA-256";
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
