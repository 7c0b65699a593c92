package dev.baton.pipeline.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Finds a key an external gpg holds, for {@link SigningKeys#addGpg}: the key is named by its fingerprint or long key
 * id; its signing (sub)key is the newest valid one that may sign and whose secret part gpg has (on disk or as a
 * smartcard stub); its public key is what gpg exports. Nothing secret is read.
 */
final class GpgKeys {

    private static final Pattern REFERENCE = Pattern.compile("[0-9A-F]{16}|[0-9A-F]{40}");
    /** Validity letters of a key gpg will not sign with: revoked, expired, disabled, invalid. */
    private static final Set<String> UNUSABLE = Set.of("r", "e", "d", "i");

    private GpgKeys() {
    }

    /** One secret (sub)key as {@code gpg --with-colons --list-secret-keys} shows it. */
    private record Listed(boolean primary, String validity, long created, String capabilities, String token,
                          String fingerprint) {

        boolean canSign() {
            return capabilities.contains("s") && !UNUSABLE.contains(validity) && !"#".equals(token);
        }
    }

    /**
     * The key gpg holds under {@code reference} in {@code home}, described under {@code name} and held by gpg.
     *
     * @throws SigningException when the reference is malformed, the home is not a directory, gpg has no such secret
     *         key or none of its keys can sign, or the key's algorithm is neither RSA nor Ed25519
     */
    static SigningKey describe(Gpg gpg, String name, String reference, Path home) {
        String ref = normalise(reference);
        if (home != null && (!home.isAbsolute() || !Files.isDirectory(home))) {
            throw new SigningException("GNUPGHOME '" + home + "' is not an absolute path to a directory on the server: "
                    + "give the directory gpg keeps the key in (its --homedir)");
        }
        if (home != null) {
            requirePrivate(home);
        }
        String where = home == null ? "gpg's default GNUPGHOME on the server" : "GNUPGHOME " + home;
        Gpg.Result listing = run(() -> gpg.listSecret(home, ref), name);
        if (listing.exitCode() != 0) {
            throw new SigningException("gpg has no secret key " + ref + " in " + where + " (" + listing.complaint()
                    + "): 'gpg --list-secret-keys --keyid-format long' there shows the keys it can sign with");
        }
        List<List<Listed>> keys = parse(new String(listing.output(), StandardCharsets.UTF_8));
        if (keys.size() != 1) {
            throw new SigningException("'" + ref + "' names " + keys.size() + " secret keys in " + where
                    + "; give the key's fingerprint (40 hex digits)");
        }
        Listed signing = keys.getFirst().stream().filter(Listed::canSign)
                .max((a, b) -> Long.compare(a.created(), b.created())).orElseThrow(() -> new SigningException(
                        "key " + ref + " in " + where + " has no valid (sub)key that may sign and whose secret part "
                                + "gpg holds: add a signing subkey (gpg --quick-add-key FINGERPRINT rsa3072 sign) or "
                                + "check that it has not expired"));
        String primary = keys.getFirst().getFirst().fingerprint();

        Gpg.Result exported = run(() -> gpg.exportPublic(home, primary), name);
        if (exported.exitCode() != 0 || exported.output().length == 0) {
            throw new SigningException("gpg cannot export the public key " + primary + " from " + where + ": "
                    + exported.complaint());
        }
        PGPPublicKeyRing ring = ring(exported.output(), primary);
        PGPPublicKey signingKey = find(ring, signing.fingerprint());
        try {
            return OpenPgpKeys.describe(name, ring.getPublicKey(), signingKey, ring.getEncoded())
                    .heldBy(new SigningKey.GpgReference(signing.fingerprint(), home == null ? null : home.toString()));
        } catch (IOException e) {
            throw new SigningException("cannot encode the public key " + primary + ": " + e.getMessage(), e);
        }
    }

    /** The public (sub)key that signs for a key held by gpg, from the public key Baton stored. */
    static PGPPublicKey signingPublicKey(SigningKey key) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(
                key.publicKeyArmored().getBytes(StandardCharsets.US_ASCII)))) {
            PGPPublicKeyRing ring = new PGPPublicKeyRing(in, new BcKeyFingerprintCalculator());
            return find(ring, key.gpg().signingFingerprint());
        } catch (IOException e) {
            throw new SigningException("the stored public key of '" + key.name() + "' cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * gpg reads its options (which can name programs to run) from its home, so a home another user may write would
     * let that user run programs as the server: it must belong to the server's user and be writable by it alone.
     */
    private static void requirePrivate(Path home) {
        String user = System.getProperty("user.name");
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(home);
            if (!Files.getOwner(home).getName().equals(user) || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new SigningException("GNUPGHOME " + home + " must belong to the server's user (" + user
                        + ") and be writable by it alone (chmod 700): gpg reads its options from there");
            }
        } catch (IOException | UnsupportedOperationException e) {
            throw new SigningException("cannot check who owns GNUPGHOME " + home + ": " + e.getMessage());
        }
    }

    private static String normalise(String reference) {
        String ref = reference == null ? "" : reference.replace(" ", "").toUpperCase(Locale.ROOT);
        ref = ref.startsWith("0X") ? ref.substring(2) : ref;
        ref = ref.endsWith("!") ? ref.substring(0, ref.length() - 1) : ref;
        if (!REFERENCE.matcher(ref).matches()) {
            throw new SigningException("a gpg key is named by its fingerprint (40 hex digits) or long key id (16 hex "
                    + "digits), as 'gpg --list-secret-keys --keyid-format long' prints them, not '" + reference + "'");
        }
        return ref;
    }

    /** The listing's keys, each its primary key first and then its subkeys. */
    private static List<List<Listed>> parse(String colons) {
        List<List<Listed>> keys = new ArrayList<>();
        String[] pending = null;
        for (String line : colons.split("\n")) {
            String[] f = Arrays.copyOf(line.split(":", -1), 15);
            if ("sec".equals(f[0]) || "ssb".equals(f[0])) {
                pending = f;
                if ("sec".equals(f[0])) {
                    keys.add(new ArrayList<>());
                }
            } else if ("fpr".equals(f[0]) && pending != null && !keys.isEmpty()) {
                keys.getLast().add(new Listed("sec".equals(pending[0]), nz(pending[1]), created(pending[5]),
                        nz(pending[11]), nz(pending[14]), nz(f[9]).toUpperCase(Locale.ROOT)));
                pending = null;
            }
        }
        return keys;
    }

    private static PGPPublicKeyRing ring(byte[] exported, String primaryFingerprint) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(exported))) {
            for (PGPPublicKeyRing ring : new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator())) {
                if (OpenPgp.fingerprint(ring.getPublicKey().getFingerprint()).equals(primaryFingerprint)) {
                    return ring;
                }
            }
        } catch (IOException | PGPException e) {
            throw new SigningException("gpg exported a public key that cannot be read: " + e.getMessage(), e);
        }
        throw new SigningException("gpg did not export the public key " + primaryFingerprint);
    }

    private static PGPPublicKey find(PGPPublicKeyRing ring, String fingerprint) {
        PGPPublicKey key = ring.getPublicKey(HexFormat.of().parseHex(fingerprint));
        if (key == null) {
            throw new SigningException("the public key " + OpenPgp.fingerprint(ring.getPublicKey().getFingerprint())
                    + " has no (sub)key " + fingerprint);
        }
        return key;
    }

    private static Gpg.Result run(Supplier<Gpg.Result> call, String name) {
        try {
            return call.get();
        } catch (Gpg.GpgException e) {
            throw new SigningException("cannot add key '" + name + "' held by gpg: " + e.getMessage());
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static long created(String s) {
        try {
            return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0; // an ISO date (gpg --fixed-list-mode prints seconds; never mind the order then)
        }
    }
}
