package dev.baton.pipeline.sync;

import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.repodata.PrimaryPackage;
import dev.baton.pipeline.rpm.RpmFormatException;
import dev.baton.pipeline.signing.PackageVerifier;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.Verification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Fetches one package of a remote and checks it: size and sha256 against primary.xml, then the OpenPGP signature
 * and digests against the remote's keys. A package that passes goes into the content store; one that fails goes to
 * the quarantine directory (named by its declared sha256) and never into the content store. The partial download
 * is kept in the incoming directory (named by the declared sha256) until it is complete, so a sync that is
 * interrupted resumes where it stopped. The file is hashed as it is downloaded and, once checked, moved into the
 * content store under that digest, so each package is written to disk once.
 */
final class PackageFetch {

    /** What became of a package: passed (reason null) or failed with a reason that begins with its kind. */
    record Outcome(boolean passed, String reason, long bytes) {
    }

    private final Upstream upstream;
    private final PublicKeys keys;
    private final ContentStore content;
    private final Path incoming;
    private final Path quarantine;
    private final PackageVerifier verifier = new PackageVerifier();

    PackageFetch(Upstream upstream, PublicKeys keys, ContentStore content, Path incoming, Path quarantine) {
        this.upstream = upstream;
        this.keys = keys;
        this.content = content;
        this.incoming = incoming;
        this.quarantine = quarantine;
    }

    /**
     * Fetches and checks {@code pkg}; an IOException leaves the partial file for the next attempt. A package that
     * passed is not stored yet: its file waits, complete, in the incoming directory until {@link #store} (a crash
     * before that leaves it there, and the next sync checks and stores it without fetching it again).
     */
    Outcome fetch(PrimaryPackage pkg) throws IOException, InterruptedException {
        Path partial = partial(pkg);
        MessageDigest digest = ContentStore.newDigest();
        upstream.download(pkg.href(), partial, pkg.packageSize(), digest);
        long size = Files.size(partial);
        if (size != pkg.packageSize()) {
            return quarantined(pkg, partial, "size: " + (size > pkg.packageSize() ? "more than " : "") + size
                    + " bytes, primary.xml declares " + pkg.packageSize());
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (!sha256.equals(pkg.sha256())) {
            return quarantined(pkg, partial, "checksum: the file's sha256 is " + sha256 + ", primary.xml declares "
                    + pkg.sha256());
        }
        Outcome checked = verify(partial, size);
        if (!checked.passed()) {
            return quarantined(pkg, partial, checked.reason());
        }
        return checked;
    }

    /**
     * Moves a package that passed {@link #fetch} into the content store, durably (fsynced, renamed, directory
     * fsynced): moved, not copied or read again, so it is written to disk once.
     */
    void store(PrimaryPackage pkg) {
        content.putHashedFile(partial(pkg), pkg.sha256(), pkg.packageSize());
    }

    /**
     * Checks a package already in the content store again (signature and digests; its size and sha256 are its name):
     * for one a crash left MIRRORING after storing it. Nothing is fetched or moved.
     */
    Outcome recheck(Path stored) throws IOException {
        return verify(stored, 0);
    }

    /** The OpenPGP signature and digests against the remote's keys; {@code bytes} is passed through. */
    private Outcome verify(Path file, long bytes) throws IOException {
        Verification v;
        try {
            v = verifier.verify(file, keys);
        } catch (RpmFormatException e) {
            return new Outcome(false, "bad package: " + e.getMessage(), bytes);
        }
        return switch (v.status()) {
            case OK -> new Outcome(true, v.detail(), bytes);
            case UNSIGNED -> new Outcome(false, "missing signature: " + v.detail(), bytes);
            case UNKNOWN_KEY -> new Outcome(false, "unknown key: " + v.detail(), bytes);
            case BAD_SIGNATURE -> new Outcome(false, "bad signature: " + v.detail(), bytes);
            case BAD_DIGEST -> new Outcome(false, "checksum: " + v.detail(), bytes);
        };
    }

    /** Where a package's download is written, named by its declared sha256, until it is stored or quarantined. */
    private Path partial(PrimaryPackage pkg) {
        return incoming.resolve(pkg.sha256() + ".part");
    }

    private Outcome quarantined(PrimaryPackage pkg, Path partial, String reason) throws IOException {
        long size = Files.size(partial);
        Files.move(partial, quarantine.resolve(pkg.sha256()), StandardCopyOption.REPLACE_EXISTING);
        return new Outcome(false, reason, size);
    }
}
