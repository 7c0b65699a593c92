package dev.baton.jump.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces one host's key in an OpenSSH {@code known_hosts} file, after the host came back from a reboot with the key a
 * recipe declared ({@code jump(hostkey, ...)}), so that later connections (a resumed run, another run, {@code jump plan
 * --probe}) accept the host without the declaration.
 *
 * <p>What changes: every line whose host names the host exactly ({@code host} for port 22, {@code [host]:port}
 * otherwise; plain or hashed {@code |1|salt|hash}) is removed, and one line with the new key takes the place of the
 * first of them (at the end when there was none), hashed when that line was hashed. A line naming several hosts keeps
 * its other names. Every other line (comments, blank lines, other hosts, hashed entries of other hosts, wildcard
 * patterns, {@code @cert-authority} and {@code @revoked} lines) is kept byte for byte, with its own line end. When the
 * file already holds exactly this key for the host, nothing is written.
 *
 * <p>How: under a lock (one writer per file in this JVM, and an advisory lock on {@code FILE.lock} beside it against
 * other processes that use it, such as a second Baton server), the file is read, the new text written to a temporary
 * file in the same directory with the old file's permissions and owner, forced to disk, renamed over the file, and
 * the directory forced. A crash leaves the old file or the new one, never a mix; a symbolic link is followed and the
 * file it points to replaced.
 */
final class KnownHostsUpdate {

    /** One lock object per known_hosts file (its real path) in this JVM; a FileLock alone throws within one JVM. */
    private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HASH_MAGIC = "|1|";
    private static final Logger LOG = LoggerFactory.getLogger(KnownHostsUpdate.class);

    private KnownHostsUpdate() {
    }

    /**
     * {@link #replace}, saying to {@code notes} (the host's log) and to the server's log what changed, or why nothing
     * could be and what the operator does about it. Never throws: the caller's connection stands either way.
     */
    static void record(Path file, HostAddress host, PublicKey key, Consumer<String> notes) {
        String entry = entryName(host);
        try {
            if (replace(file, host, key)) {
                String note = "known_hosts " + file + ": " + entry + " (" + host.name() + ") now has the declared key "
                        + KeyUtils.getKeyType(key) + " " + ExpectedHostKey.fingerprintOf(key)
                        + " in place of its old one(s); later connections accept it without the declaration";
                LOG.info(note);
                notes.accept(note);
            }
        } catch (IOException | RuntimeException e) {
            String note = "could not record the declared key of " + host.name() + " in known_hosts " + file + ": "
                    + e.getMessage() + ". This run goes on with the declared key, but later connections (another run, "
                    + "jump plan --probe) will refuse " + host.name() + " until its line is replaced: ssh-keygen -R '"
                    + entry + "' -f " + file + ", then ssh-keyscan -p " + host.port() + " " + host.host() + " >> " + file;
            LOG.warn(note);
            notes.accept(note);
        }
    }

    /**
     * Makes {@code key} the one key of {@code host} in {@code file} (created when missing).
     *
     * @return whether the file changed (false: it held exactly this key for the host already)
     * @throws IOException naming the file when it cannot be read or replaced; the file is then unchanged
     */
    static boolean replace(Path file, HostAddress host, PublicKey key) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file.toAbsolutePath().normalize();
        Object jvmLock = LOCKS.computeIfAbsent(target, p -> new Object());
        synchronized (jvmLock) {
            Path dir = target.getParent();
            Files.createDirectories(dir);
            try (FileChannel lockChannel = FileChannel.open(dir.resolve(target.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockChannel.lock()) {
                byte[] old = Files.exists(target) ? Files.readAllBytes(target) : new byte[0];
                byte[] updated = replaced(old, host, key);
                if (updated == null) {
                    return false;
                }
                writeAtomically(target, updated);
                return true;
            }
        }
    }

    /** The new content of a known_hosts file, or null when it already holds exactly {@code key} for the host. */
    static byte[] replaced(byte[] content, HostAddress host, PublicKey key) {
        String name = entryName(host);
        List<byte[]> lines = lines(content);
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 200);
        boolean written = false;
        boolean changed = false;
        int matches = 0;
        for (byte[] line : lines) {
            Line parsed = Line.parse(line);
            if (parsed == null || !parsed.names(host)) {
                out.writeBytes(line);
                continue;
            }
            matches++;
            if (!parsed.hasKey(key) || parsed.otherNames(host) != null) {
                changed = true;
            }
            if (!written) {
                out.writeBytes(newLine(parsed.hashed ? hashed(name) : name, key, parsed.ending()));
                written = true;
            }
            String others = parsed.otherNames(host);
            if (others != null) {
                out.writeBytes(parsed.withHosts(others));
            }
        }
        if (matches == 1 && !changed) {
            return null;
        }
        if (!written) {
            if (content.length > 0 && content[content.length - 1] != '\n') {
                out.write('\n');
            }
            out.writeBytes(newLine(name, key, "\n"));
        }
        return out.toByteArray();
    }

    /** How OpenSSH names a host in known_hosts: {@code host} on port 22, {@code [host]:port} otherwise. */
    static String entryName(HostAddress host) {
        return host.port() == HostAddress.DEFAULT_PORT ? host.host() : "[" + host.host() + "]:" + host.port();
    }

    private static byte[] newLine(String hosts, PublicKey key, String ending) {
        return (hosts + " " + PublicKeyEntry.toString(key) + ending).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code |1|salt|HMAC-SHA1(salt, name)}, as OpenSSH's HashKnownHosts writes it. */
    private static String hashed(String name) {
        byte[] salt = new byte[20];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return HASH_MAGIC + b64.encodeToString(salt) + "|" + b64.encodeToString(hmac(salt, name));
    }

    private static byte[] hmac(byte[] salt, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return mac.doFinal(name.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }

    /** The lines with their line ends ({@code \n}, {@code \r\n} or none at the very end). */
    private static List<byte[]> lines(byte[] content) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < content.length; i++) {
            if (content[i] == '\n') {
                lines.add(Arrays.copyOfRange(content, start, i + 1));
                start = i + 1;
            }
        }
        if (start < content.length) {
            lines.add(Arrays.copyOfRange(content, start, content.length));
        }
        return lines;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            if (Files.exists(target)) {
                PosixFileAttributes attrs = Files.readAttributes(target, PosixFileAttributes.class);
                Files.setPosixFilePermissions(tmp, attrs.permissions());
                if (!Files.getOwner(tmp).equals(attrs.owner())) {
                    Files.setOwner(tmp, attrs.owner());
                }
            } else {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * A host key line of known_hosts, read as ISO-8859-1 so that every byte maps to one char and back: {@code hosts
     * keytype base64 [comment]}. Comments, blank lines, marker lines and lines that are not host keys are not parsed.
     */
    private record Line(byte[] bytes, int hostsStart, int hostsEnd, String hosts, String keyText, boolean hashed) {

        static Line parse(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int start = 0;
            while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
                start++;
            }
            if (start >= text.length() || text.charAt(start) == '#' || text.charAt(start) == '@'
                    || text.charAt(start) == '\r' || text.charAt(start) == '\n') {
                return null;
            }
            int end = start;
            while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String rest = text.substring(end).strip();
            if (rest.isEmpty()) {
                return null;
            }
            String hosts = text.substring(start, end);
            return new Line(bytes, start, end, hosts, rest, hosts.startsWith(HASH_MAGIC));
        }

        /** Whether this line names the host exactly (a hashed name, or one of its plain names). */
        boolean names(HostAddress host) {
            if (hashed) {
                return hashMatches(entryName(host));
            }
            return Arrays.stream(hosts.split(",")).anyMatch(n -> isName(n, host));
        }

        /** The line's other names, comma-separated, when it also names other hosts; else null. */
        String otherNames(HostAddress host) {
            if (hashed) {
                return null;
            }
            List<String> others = Arrays.stream(hosts.split(",")).filter(n -> !n.isEmpty() && !isName(n, host)).toList();
            return others.isEmpty() ? null : String.join(",", others);
        }

        /** This line with {@code newHosts} in place of its host names. */
        byte[] withHosts(String newHosts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
            out.write(bytes, 0, hostsStart);
            out.writeBytes(newHosts.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes, hostsEnd, bytes.length - hostsEnd);
            return out.toByteArray();
        }

        boolean hasKey(PublicKey key) {
            try {
                PublicKey own = PublicKeyEntry.parsePublicKeyEntry(keyText.strip())
                        .resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
                return own != null && KeyUtils.compareKeys(own, key);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return false;
            }
        }

        String ending() {
            int n = bytes.length;
            if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                return "\r\n";
            }
            return "\n";
        }

        private boolean hashMatches(String name) {
            String[] parts = hosts.substring(HASH_MAGIC.length()).split("\\|");
            if (parts.length != 2) {
                return false;
            }
            try {
                byte[] salt = Base64.getDecoder().decode(parts[0]);
                byte[] hash = Base64.getDecoder().decode(parts[1]);
                return MessageDigest.isEqual(hash, hmac(salt, name));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        /** An exact name of the host (no pattern): {@code host} for port 22, {@code [host]:port}; case-insensitive. */
        private static boolean isName(String candidate, HostAddress host) {
            String bytesOfHost = new String(host.host().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)
                    .toLowerCase(Locale.ROOT);
            String c = candidate.toLowerCase(Locale.ROOT);
            String bracketed = "[" + bytesOfHost + "]:" + host.port();
            return c.equals(bracketed) || host.port() == HostAddress.DEFAULT_PORT && c.equals(bytesOfHost);
        }
    }
}
