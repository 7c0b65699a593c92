package dev.baton.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * The passphrase that keeps the site's signing keys encrypted at rest, given at start with
 * {@code --signing-passphrase-file FILE} or the environment variable {@code BATON_SIGNING_PASSPHRASE} (the file wins).
 * Never printed: {@link #toString} says only whether one is set. A file others may read is refused, as ssh refuses a
 * private key file others may read.
 */
public final class SigningPassphrase {

    /** No passphrase: keys can be listed and exported but not created, imported or used. */
    public static final SigningPassphrase NONE = new SigningPassphrase(new char[0]);

    private final char[] chars;

    private SigningPassphrase(char[] chars) {
        this.chars = chars;
    }

    /**
     * The passphrase from {@code file} when given, else from {@code environment} when set, else {@link #NONE}.
     *
     * @throws IllegalArgumentException a file that cannot be read, is readable by others, or is empty (the message
     *         names the file and what to do, never its contents)
     */
    public static SigningPassphrase from(Path file, String environment) {
        if (file != null) {
            return fromFile(file);
        }
        if (environment != null && !environment.isEmpty()) {
            return new SigningPassphrase(environment.toCharArray());
        }
        return NONE;
    }

    static SigningPassphrase fromFile(Path file) {
        String text;
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ)) {
                throw new IllegalArgumentException("--signing-passphrase-file " + file + " is readable by others; "
                        + "make it readable by the server's user only (chmod 600 " + file + ")");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("--signing-passphrase-file " + file + ": this file system has no "
                    + "POSIX permissions, so Baton cannot check that only the server may read it; use "
                    + "BATON_SIGNING_PASSPHRASE instead");
        } catch (IOException e) {
            throw new IllegalArgumentException("--signing-passphrase-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "); give a readable file");
        }
        String passphrase = text.strip(); // a trailing newline of an editor or echo is not part of it
        if (passphrase.isEmpty()) {
            throw new IllegalArgumentException("--signing-passphrase-file " + file + " is empty; write the passphrase "
                    + "into it");
        }
        return new SigningPassphrase(passphrase.toCharArray());
    }

    /** A copy of the passphrase (empty when none). */
    public char[] chars() {
        return chars.clone();
    }

    public boolean isSet() {
        return chars.length > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningPassphrase other && Arrays.equals(chars, other.chars);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chars);
    }

    @Override
    public String toString() {
        return isSet() ? "SigningPassphrase[set]" : "SigningPassphrase[none]";
    }
}
