package dev.baton.pipeline.release;

import dev.baton.lock.BadRequestException;
import dev.baton.notify.NotificationKinds;
import dev.baton.notify.Notice;
import dev.baton.notify.Notifier;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.RepositoryConflictException;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmFormatException;
import dev.baton.pipeline.signing.PackageVerifier;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;

/**
 * Packages given to Baton directly: built elsewhere and uploaded by a person (the builders of the next issue will
 * use it too). An upload is checked like a mirrored package, against the site's own keys: it must be a well-formed
 * binary RPM with matching digests; unsigned is fine (a repository with a signing key signs its copy when the package
 * is added), signed it must be by one of the site's keys. A package that passes goes into the content store and is
 * WAITING; one that fails is TEST_FAILED with the reason, its file quarantined (never in the content store), and a
 * {@code package.test_failed} notice goes out. Either way its state change is an event with the uploader and reason.
 *
 * <p>Refused with nothing stored: a file that is not a binary RPM, one over {@link #MAX_BYTES}, and another file of a
 * NEVRA Baton has already (a rebuild needs a new release). The same file uploaded again answers the stored one.
 */
public final class Uploads {

    /** The largest package an upload takes. */
    public static final long MAX_BYTES = 4L << 30;
    /** The subject of the {@code package.test_failed} notice of a failed upload (a remote's name for a mirrored one). */
    static final String SUBJECT = "upload";

    private final ContentStore content;
    private final Packages packages;
    private final SigningKeys keys;
    private final Notifier notifier;
    private final Path incoming;
    private final Path quarantine;
    private final InstantSource clock;
    private final PackageVerifier verifier = new PackageVerifier();

    /**
     * @param pipelineDir the pipeline's directory: uploads in progress go to {@code incoming/uploads/}, packages that
     *                    failed a check to {@code quarantine/}
     */
    public Uploads(ContentStore content, Packages packages, SigningKeys keys, Notifier notifier, Path pipelineDir,
                   InstantSource clock) {
        this.content = content;
        this.packages = packages;
        this.keys = keys;
        this.notifier = notifier;
        this.incoming = pipelineDir.resolve("incoming").resolve("uploads");
        this.quarantine = pipelineDir.resolve("quarantine");
        this.clock = clock;
    }

    /**
     * What became of an upload.
     *
     * @param record  the package file (the stored one when the same file was uploaded before)
     * @param state   its own state: WAITING (checked) or TEST_FAILED, or whatever it is when it was known already
     * @param reason  why: the check's finding
     * @param created false when the same file was known already (nothing changed)
     */
    public record Upload(PackageRecord record, PackageState state, String reason, boolean created) {
    }

    /**
     * Reads a package from {@code in} (to its end), checks it and records it.
     *
     * @param fileName the name the uploader gave it (for messages and its history), or null
     * @throws BadRequestException         when it is not a binary RPM or is too large; nothing was stored
     * @throws RepositoryConflictException when another file of its NEVRA is known; nothing was stored
     */
    public Upload upload(InputStream in, String fileName, String actor) throws IOException {
        String what = fileName == null || fileName.isBlank() ? "the uploaded file" : fileName;
        Files.createDirectories(incoming);
        Path temp = Files.createTempFile(incoming, "upload-", ".part");
        try {
            String sha256 = receive(in, temp, what);
            Nevra nevra = nevraOf(temp, what);
            var known = packages.bySha256(sha256);
            if (known.isPresent()) {
                PackageState state = packages.state(known.get().id(), null).orElse(null);
                return new Upload(known.get(), state, "uploaded before: " + known.get().describe(), false);
            }
            List<PackageRecord> others = packages.files(nevra);
            if (!others.isEmpty()) {
                throw new RepositoryConflictException("another file of " + nevra + " is known already ("
                        + others.getFirst().describe() + ", " + others.getFirst().origin().name().toLowerCase(java.util.Locale.ROOT)
                        + "); a rebuild needs a new release (or epoch); nothing was stored");
            }
            long size = Files.size(temp);
            Verification checked = verify(temp);
            String failure = failure(checked);
            String by = "uploaded by " + actor + " as " + what;
            if (failure == null) {
                try (InputStream stored = Files.newInputStream(temp)) {
                    content.put(stored, sha256, size);
                }
                String detail = "checked: " + (checked.status() == Verification.Status.UNSIGNED
                        ? "unsigned, its digests match (a repository with a signing key signs its copy)"
                        : checked.detail());
                PackageRecord record = packages.register(PackageRecord.uploaded(nevra, sha256, size),
                        PackageState.WAITING, actor, by + "; " + detail);
                return new Upload(record, PackageState.WAITING, detail, true);
            }
            Files.createDirectories(quarantine);
            Files.move(temp, quarantine.resolve(sha256), StandardCopyOption.REPLACE_EXISTING);
            PackageRecord record = packages.register(PackageRecord.uploaded(nevra, sha256, size),
                    PackageState.TEST_FAILED, actor, failure);
            notifyFailed(nevra, sha256, by, failure);
            return new Upload(record, PackageState.TEST_FAILED, failure, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Copies the upload to {@code temp}, at most {@link #MAX_BYTES}; answers its sha256. */
    private static String receive(InputStream in, Path temp, String what) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > MAX_BYTES) {
                    throw new BadRequestException(what + " is larger than " + MAX_BYTES + " bytes, the most a package "
                            + "upload takes; nothing was stored");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (size == 0) {
            throw new BadRequestException(what + " is empty: send the package file as the request body; nothing was stored");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Nevra nevraOf(Path file, String what) throws IOException {
        RpmFile rpm;
        try {
            rpm = RpmFile.open(file);
        } catch (RpmFormatException e) {
            throw new BadRequestException(what + " is not an RPM package (" + e.getMessage() + "); nothing was stored");
        }
        if (rpm.isSource()) {
            throw new BadRequestException(what + " is a source package; repositories serve binary packages (upload the "
                    + "packages built from it); nothing was stored");
        }
        return rpm.nevra();
    }

    /** Null when the package passes (unsigned with matching digests, or signed by a site key); else the reason. */
    private static String failure(Verification v) {
        return switch (v.status()) {
            case OK, UNSIGNED -> null;
            case UNKNOWN_KEY -> "unknown key: " + v.detail() + " (an upload is signed by one of the site's keys, or "
                    + "unsigned: a repository with a signing key signs it)";
            case BAD_SIGNATURE -> "bad signature: " + v.detail();
            case BAD_DIGEST -> "checksum: " + v.detail();
        };
    }

    private Verification verify(Path file) throws IOException {
        try {
            return verifier.verify(file, keys.publicKeys());
        } catch (RpmFormatException e) {
            return new Verification(Verification.Status.BAD_DIGEST, null, "the package cannot be read: " + e.getMessage());
        }
    }

    private void notifyFailed(Nevra nevra, String sha256, String by, String reason) {
        try {
            notifier.publish(new Notice(NotificationKinds.PACKAGE_TEST_FAILED, SUBJECT,
                    "Package " + nevra + " (" + by + ") failed its checks",
                    "Package: " + nevra + "\nFrom: " + by + "\nsha256: " + sha256 + "\nReason: " + reason
                            + "\nThe file is quarantined; it cannot be put into a repository.",
                    NotificationKinds.PACKAGE_TEST_FAILED + ":" + SUBJECT + ":" + sha256, clock.instant()));
        } catch (RuntimeException e) {
            // the state and its event are recorded; a notice that cannot go out does not undo them
        }
    }
}
