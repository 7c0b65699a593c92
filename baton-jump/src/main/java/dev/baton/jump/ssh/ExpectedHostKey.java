package dev.baton.jump.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.digest.BuiltinDigests;

/**
 * The host key a host is expected to present instead of the one in {@code known_hosts}: a recipe declares it when
 * the host reboots into a system with a key of its own (the jump system, then the new release), so that nobody has
 * to switch host-key checking off.
 *
 * @param fingerprint the key's OpenSSH SHA-256 fingerprint, {@code SHA256:} and 43 characters of unpadded base64,
 *        as {@code ssh-keygen -lf} prints it
 */
public record ExpectedHostKey(String fingerprint) {

    private static final Pattern SHA256 = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    public ExpectedHostKey {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (!SHA256.matcher(fingerprint).matches()) {
            throw new IllegalArgumentException("'" + fingerprint + "' is not an SSH host key fingerprint: write it "
                    + "as ssh-keygen -lf prints it (SHA256: and 43 characters), or name the key's .pub file");
        }
    }

    /** The fingerprint of the public key in an OpenSSH {@code .pub} file (first key line: {@code type base64 [comment]}). */
    public static ExpectedHostKey fromPublicKeyFile(Path pubFile) throws IOException {
        String text;
        try {
            text = Files.readString(pubFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(pubFile.toString(), null, "the host key file does not exist");
        }
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst()
                .orElseThrow(() -> new IOException(pubFile + " holds no public key (expected a line like "
                        + "'ssh-ed25519 AAAA... comment', as in /etc/ssh/ssh_host_ed25519_key.pub)"));
        try {
            PublicKey key = PublicKeyEntry.parsePublicKeyEntry(line)
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
            return of(key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(pubFile + " is not an OpenSSH public key file (expected a line like "
                    + "'ssh-ed25519 AAAA... comment'): " + e.getMessage(), e);
        }
    }

    /**
     * A recipe's key source: a {@code SHA256:} fingerprint, or a {@code .pub} file (relative to {@code baseDir}, the
     * recipe's directory).
     */
    public static ExpectedHostKey fromSource(String source, Path baseDir) throws IOException {
        String s = source.strip();
        if (s.startsWith("SHA256:")) {
            return new ExpectedHostKey(s);
        }
        return fromPublicKeyFile(baseDir.resolve(s));
    }

    /** The expected key of this public key. */
    public static ExpectedHostKey of(PublicKey key) {
        return new ExpectedHostKey(fingerprintOf(key));
    }

    /** Whether {@code key} is the expected key. */
    public boolean matches(PublicKey key) {
        return fingerprint.equals(fingerprintOf(key));
    }

    /** The OpenSSH SHA-256 fingerprint of a key, as {@code ssh-keygen -lf} prints it. */
    public static String fingerprintOf(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    @Override
    public String toString() {
        return fingerprint;
    }
}
