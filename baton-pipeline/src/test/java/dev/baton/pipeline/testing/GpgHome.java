package dev.baton.pipeline.testing;

import dev.baton.pipeline.files.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A throw-away GNUPGHOME for tests, driving the real {@code gpg} (2.2) and {@code rpmsign}: generate an RSA or EdDSA
 * key without a passphrase, export its public key armored, sign a package with {@code rpmsign --addsign} (in
 * place, as rpmsign does), make and check detached signatures. {@link #close()} stops the home's gpg-agent and
 * deletes the directory.
 *
 * <pre>
 * try (GpgHome gpg = GpgHome.create()) {
 *     String keyId = gpg.generateKey(GpgHome.Algorithm.RSA, "Vendor &lt;vendor@example.org&gt;");
 *     gpg.rpmSign(rpm, keyId);
 * }
 * </pre>
 */
public final class GpgHome implements AutoCloseable {

    /** Key types gpg makes here. */
    public enum Algorithm {
        /** RSA 3072, tag 268 in a package signature. */
        RSA("rsa3072"),
        /** Ed25519, tag 267 in a package signature. */
        EDDSA("ed25519");

        private final String gpgName;

        Algorithm(String gpgName) {
            this.gpgName = gpgName;
        }
    }

    private final Path home;

    private GpgHome(Path home) {
        this.home = home;
    }

    /** A new, empty home in a short temporary directory (gpg-agent's socket path must stay short). */
    public static GpgHome create() {
        try {
            Path home = Files.createTempDirectory(Path.of("/tmp"), "gpg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return new GpgHome(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    private Map<String, String> env() {
        return Map.of("GNUPGHOME", home.toString(), "LC_ALL", "C");
    }

    /** Runs gpg in this home with batch options and returns its output. */
    public String gpg(String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
        command.addAll(List.of(args));
        return ProcessRunner.run(null, env(), command);
    }

    /** Runs gpg like {@link #gpg} but returns the exit code and output instead of failing. */
    public ProcessRunner.Result tryGpg(String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
        command.addAll(List.of(args));
        return ProcessRunner.exec(null, env(), command);
    }

    /** Generates a signing key without passphrase; returns its key id (16 hex digits, upper case). */
    public String generateKey(Algorithm algorithm, String userId) {
        return generateKey(algorithm, userId, "");
    }

    /**
     * Generates a signing key protected by {@code passphrase} (empty: none); returns its key id. The home's
     * gpg-agent cannot sign with a protected key in batch mode until {@link #presetPassphrase} gives it.
     */
    public String generateKey(Algorithm algorithm, String userId, String passphrase) {
        gpg("--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-generate-key", userId,
                algorithm.gpgName, "sign", "never");
        return keyIdOf(userId);
    }

    /**
     * Gives the home's gpg-agent the passphrase of every (sub)key of {@code keyId} with
     * {@code gpg-preset-passphrase}, as a site does for an agent that signs unattended (after allowing it with
     * {@code allow-preset-passphrase} in gpg-agent.conf and reloading the agent).
     */
    public void presetPassphrase(String keyId, String passphrase) {
        try {
            Files.writeString(home.resolve("gpg-agent.conf"), "allow-preset-passphrase\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessRunner.run(null, env(), List.of("gpgconf", "--reload", "gpg-agent"));
        for (String line : gpg("--with-colons", "--with-keygrip", "--list-secret-keys", keyId).split("\n")) {
            if (line.startsWith("grp:")) {
                String keygrip = line.split(":")[9];
                ProcessRunner.Result preset = ProcessRunner.exec(null, env(), List.of(
                        "/usr/lib/gnupg/gpg-preset-passphrase", "--preset", "--passphrase", passphrase, keygrip));
                if (preset.exitCode() != 0) {
                    throw new IllegalStateException("gpg-preset-passphrase failed: " + preset.output());
                }
            }
        }
    }

    /** The key id (16 hex digits, upper case) of the primary key whose user id contains {@code userId}. */
    public String keyIdOf(String userId) {
        String listing = gpg("--with-colons", "--list-keys", userId);
        for (String line : listing.split("\n")) {
            if (line.startsWith("pub:")) {
                return line.split(":")[4].toUpperCase(Locale.ROOT);
            }
        }
        throw new IllegalStateException("no key for " + userId + " in " + home + ":\n" + listing);
    }

    /** The fingerprint (40 hex digits) of the primary key with this id. */
    public String fingerprintOf(String keyId) {
        for (String line : gpg("--with-colons", "--fingerprint", keyId).split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new IllegalStateException("no fingerprint for " + keyId);
    }

    /** The armored public key. */
    public String exportPublic(String keyId) {
        return gpg("--armor", "--export", keyId);
    }

    /** The armored secret key (the key has no passphrase). */
    public String exportSecret(String keyId) {
        return gpg("--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", keyId);
    }

    /** Imports a key (public or secret) from an armored file. */
    public void importKey(Path armored) {
        gpg("--pinentry-mode", "loopback", "--passphrase", "", "--import", armored.toString());
    }

    /** Signs a package in place with {@code rpmsign --addsign}, as a vendor's build system does. */
    public void rpmSign(Path rpm, String keyId) {
        rpmSign(List.of(rpm), keyId);
    }

    /** Signs many packages in place with one {@code rpmsign --addsign} (one process, not one per package). */
    public void rpmSign(List<Path> rpms, String keyId) {
        List<String> command = new ArrayList<>(List.of("rpmsign",
                "--define", "__gpg /usr/bin/gpg",
                "--define", "_gpg_path " + home,
                "--define", "_gpg_name " + keyId,
                "--addsign"));
        rpms.forEach(rpm -> command.add(rpm.toString()));
        ProcessRunner.run(null, env(), command);
    }

    /** Writes {@code file}.asc, an armored detached signature of the file. */
    public Path detachSign(Path file, String keyId) {
        Path signature = file.resolveSibling(file.getFileName() + ".asc");
        gpg("--yes", "--local-user", keyId, "--armor", "--detach-sign", "--output", signature.toString(),
                file.toString());
        return signature;
    }

    /** Checks a detached signature with {@code gpg --verify}; the result's exit code is 0 when gpg accepts it. */
    public ProcessRunner.Result verifyDetached(Path signature, Path file) {
        return tryGpg("--verify", signature.toString(), file.toString());
    }

    @Override
    public void close() {
        ProcessRunner.exec(null, env(), List.of("gpgconf", "--kill", "gpg-agent"));
        try {
            Directories.deleteTree(home);
        } catch (IOException e) {
            // The agent may still remove its socket while we delete; a leftover directory in /tmp is harmless.
        }
    }
}
