package dev.baton.jump.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacing a host's key in known_hosts: only its lines change, atomically, one writer at a time. */
class KnownHostsUpdateTest {

    @TempDir
    Path dir;

    private static final HostAddress WEB1 = HostAddress.parse("web1=10.0.0.5:2222");

    @Test
    void everyOtherLineSurvivesByteForByteAndTheHostsLinesBecomeOneWithTheNewKey() throws Exception {
        PublicKey old = key();
        PublicKey oldRsaSlot = key();
        PublicKey fresh = key();
        PublicKey other = key();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        text.writeBytes(("# site hosts, kept by hand\n"
                + "\n"
                + "[10.0.0.6]:2222 " + PublicKeyEntry.toString(other) + " other host\n"
                + "[10.0.0.5]:2222 " + PublicKeyEntry.toString(old) + "\n"
                + "|1|c2FsdHNhbHRzYWx0c2FsdHNhbHQ=|bm90IGEgcmVhbCBoYXNoIGF0IGFsbA== " + PublicKeyEntry.toString(other) + "\n"
                + "@cert-authority *.example.org " + PublicKeyEntry.toString(other) + "\n"
                + "*.example.org,!10.0.0.5 " + PublicKeyEntry.toString(other) + "\r\n"
                + "web1.example.org,[10.0.0.5]:2222 " + PublicKeyEntry.toString(oldRsaSlot) + " two names\n"
                + "   # indented comment with latin-1 byte: ").getBytes(StandardCharsets.ISO_8859_1));
        text.write(0xe9);
        text.writeBytes(("\n10.0.0.5 " + PublicKeyEntry.toString(other) + " same address, port 22: another host\n"
                + "[10.0.0.7]:2222 " + PublicKeyEntry.toString(other)).getBytes(StandardCharsets.ISO_8859_1));
        Path file = dir.resolve("known_hosts");
        Files.write(file, text.toByteArray());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        List<String> before = linesOf(Files.readAllBytes(file));

        assertThat(KnownHostsUpdate.replace(file, WEB1, fresh)).isTrue();

        List<String> after = linesOf(Files.readAllBytes(file));
        List<String> expected = new ArrayList<>(before);
        expected.set(3, "[10.0.0.5]:2222 " + PublicKeyEntry.toString(fresh) + "\n");
        expected.set(7, "web1.example.org " + PublicKeyEntry.toString(oldRsaSlot) + " two names\n");
        assertThat(after).containsExactlyElementsOf(expected);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(knownKeys(file, "10.0.0.5", 2222)).containsExactly(PublicKeyEntry.toString(fresh));
        assertThat(knownKeys(file, "10.0.0.6", 2222)).containsExactly(PublicKeyEntry.toString(other));
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("known_hosts", "known_hosts.lock");
    }

    @Test
    void aHostWithoutALineGetsOneAppendedAndTheSameKeyAgainChangesNothing() throws Exception {
        PublicKey other = key();
        PublicKey fresh = key();
        Path file = dir.resolve("known_hosts");
        String start = "[10.0.0.6]:2222 " + PublicKeyEntry.toString(other); // no line end
        Files.writeString(file, start);

        assertThat(KnownHostsUpdate.replace(file, WEB1, fresh)).isTrue();
        String once = Files.readString(file);
        assertThat(once).isEqualTo(start + "\n[10.0.0.5]:2222 " + PublicKeyEntry.toString(fresh) + "\n");
        assertThat(KnownHostsUpdate.replace(file, WEB1, fresh)).isFalse();
        assertThat(Files.readString(file)).isEqualTo(once);
    }

    @Test
    void aHashedEntryIsReplacedByAHashedOneAndPort22UsesTheBareName() throws Exception {
        PublicKey old = key();
        PublicKey fresh = key();
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "10.0.0.5 " + PublicKeyEntry.toString(old) + "\n");
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        HostAddress port22 = HostAddress.parse("web1=10.0.0.5");

        assertThat(KnownHostsUpdate.replace(file, port22, fresh)).isTrue();

        String text = Files.readString(file);
        assertThat(text).startsWith("|1|").doesNotContain("10.0.0.5").contains(PublicKeyEntry.toString(fresh))
                .doesNotContain(PublicKeyEntry.toString(old));
        assertThat(text.lines()).hasSize(1);
        assertThat(knownKeys(file, "10.0.0.5", 22)).containsExactly(PublicKeyEntry.toString(fresh));
        Process find = new ProcessBuilder("ssh-keygen", "-F", "10.0.0.5", "-f", file.toString())
                .redirectErrorStream(true).start();
        String found = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(find.waitFor()).as(found).isZero(); // OpenSSH itself finds the new hashed line
    }

    @Test
    void hostsUpdatingAtOnceLoseNoUpdate() throws Exception {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "# shared\n");
        int hosts = 24;
        List<PublicKey> keys = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            keys.add(key());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                HostAddress host = HostAddress.parse("h" + i + "=10.1.0." + i + ":22" + (10 + i));
                PublicKey key = keys.get(i);
                done.add(pool.submit(() -> {
                    go.await();
                    return KnownHostsUpdate.replace(file, host, key);
                }));
            }
            go.countDown();
            for (Future<Boolean> f : done) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < hosts; i++) {
            assertThat(knownKeys(file, "10.1.0." + i, 2210 + i)).containsExactly(PublicKeyEntry.toString(keys.get(i)));
        }
        assertThat(Files.readString(file)).startsWith("# shared\n");
    }

    private static List<String> linesOf(byte[] bytes) {
        List<String> lines = new ArrayList<>();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int start = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', start)) {
            lines.add(text.substring(start, i + 1));
            start = i + 1;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** The keys MINA (what the connector checks with) finds for the host, as "type base64". */
    private static List<String> knownKeys(Path file, String host, int port) throws Exception {
        List<String> keys = new ArrayList<>();
        for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(file)) {
            if (e.getMarker() == null && e.isHostMatch(host, port)) {
                keys.add(PublicKeyEntry.toString(e.getKeyEntry().resolvePublicKey(null, null,
                        PublicKeyEntryResolver.IGNORING)));
            }
        }
        return keys;
    }

    private static PublicKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        PublicKey k = g.generateKeyPair().getPublic();
        assertThat(KeyUtils.getKeyType(k)).isEqualTo("ecdsa-sha2-nistp256");
        return k;
    }
}
