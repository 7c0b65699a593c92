package dev.baton.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.DeliveryException;
import dev.baton.notify.Frequency;
import dev.baton.notify.Message;
import dev.baton.notify.Notice;
import dev.baton.notify.Secret;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The email channel against a real SMTP server process that speaks STARTTLS (GreenMail does not): aiosmtpd (Debian's
 * python3-aiosmtpd, which run-tests installs) run by {@code starttls_smtpd.py}, requiring STARTTLS before anything
 * and AUTH over TLS, with a server certificate for 127.0.0.1 from a CA made here with the real openssl. Each message the
 * server accepts is a file in {@link #inbox}.
 */
class ChannelsStartTlsTest {

    private static final String USER = "baton-user";
    private static final String PASSWORD = "s3cret-tls-pw";

    @TempDir
    static Path dir;
    private static Path inbox;
    private static Path siteCa;
    private static Path otherCa;
    private static Smtpd server;
    private static int port;

    private final Message message = new Message("outbox-9", "[Baton] web2 failed in update",
            "web2 failed in update\n\ndetails of the run", Frequency.IMMEDIATELY,
            List.of(new Notice("host.failed", "web2", "web2 failed in update", "details of the run",
                    "host.failed:web2:run-3", Instant.parse("2026-12-06T10:00:00Z"))));

    @BeforeAll
    static void startServer() throws Exception {
        siteCa = makeCa("site-ca");
        otherCa = makeCa("other-ca");
        makeServerCert("site-ca", "server", "DNS:localhost,IP:127.0.0.1");
        makeServerCert("site-ca", "elsewhere", "DNS:mail.example.com");
        inbox = Files.createDirectories(dir.resolve("inbox"));
        Path script = dir.resolve("starttls_smtpd.py");
        try (InputStream in = ChannelsStartTlsTest.class.getResourceAsStream("starttls_smtpd.py")) {
            Files.copy(in, script);
        }
        server = Smtpd.start(script, "server");
        port = server.port;
    }

    /** SIGTERM, then SIGKILL; the script also ends when its standard input (this JVM's pipe) closes. */
    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void emptyInbox() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    private static Channel mail(String user, String password) {
        return new Channel(1, "ops-mail", new ChannelConfig.Email("127.0.0.1", port, true, user, new Secret(password),
                "baton@example.com", List.of("ops@example.com", "oncall@example.com")));
    }

    @Test
    void mailIsSentOverStartTlsWithAuthTrustingTheSiteCa() throws Exception {
        new Channels(InstantSource.system(), siteCa).send(mail(USER, PASSWORD), message);

        List<Path> received = received();
        assertThat(received).as("one message for both recipients").hasSize(1);
        MimeMessage m;
        try (InputStream in = Files.newInputStream(received.getFirst())) {
            m = new MimeMessage(Session.getInstance(new Properties()), in);
        }
        assertThat(m.getSubject()).isEqualTo("[Baton] web2 failed in update");
        assertThat((String) m.getContent()).contains("details of the run");
        assertThat(m.getHeader("X-Baton-Delivery")[0]).isEqualTo("outbox-9");
    }

    @Test
    void aServerCertificateFromAnUntrustedCaIsRefusedBeforeAuth() throws IOException {
        for (Channels untrusting : List.of(new Channels(InstantSource.system(), otherCa), new Channels())) {
            assertThatThrownBy(() -> untrusting.send(mail(USER, PASSWORD), message))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("SMTP server 127.0.0.1:" + port)
                    .hasMessageContaining("certification path")
                    .hasMessageNotContaining(PASSWORD);
        }
        assertThat(received()).as("nothing arrives").isEmpty();
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() throws Exception {
        Smtpd elsewhere = Smtpd.start(dir.resolve("starttls_smtpd.py"), "elsewhere");
        try {
            Channel toIt = new Channel(1, "ops-mail", new ChannelConfig.Email("127.0.0.1", elsewhere.port, true, USER,
                    new Secret(PASSWORD), "baton@example.com", List.of("ops@example.com")));
            assertThatThrownBy(() -> new Channels(InstantSource.system(), siteCa).send(toIt, message))
                    .isInstanceOf(DeliveryException.class)
                    .hasMessageContaining("SMTP server 127.0.0.1:" + elsewhere.port)
                    .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        } finally {
            elsewhere.stop();
        }
        assertThat(received()).as("nothing arrives").isEmpty();
    }

    @Test
    void aWrongPasswordOverStartTlsFailsWithoutShowingIt() throws IOException {
        assertThatThrownBy(() -> new Channels(InstantSource.system(), siteCa).send(mail(USER, "wrong-password-xyz"), message))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("SMTP server 127.0.0.1:" + port)
                .hasMessageContaining("535")
                .hasMessageNotContaining("wrong-password-xyz");
        assertThat(received()).isEmpty();
    }

    @Test
    void anUnreadableCaFileIsNamedInTheError() {
        Path missing = dir.resolve("no-such-ca.pem");
        assertThatThrownBy(() -> new Channels(InstantSource.system(), missing).send(mail(USER, PASSWORD), message))
                .isInstanceOf(DeliveryException.class)
                .hasMessageContaining("the CA file " + missing + " for the SMTP server could not be read");
    }

    private static List<Path> received() throws IOException {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
    }

    /** Debian's python3 (with python3-aiosmtpd) rather than another python3 earlier on the PATH, which may lack it. */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** A running starttls_smtpd.py with the certificate {@code <cert>.pem}, writing to {@link #inbox}. */
    private record Smtpd(Process process, int port, Path log) {

        static Smtpd start(Path script, String cert) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = free.getLocalPort();
            }
            Path log = dir.resolve("smtpd-" + cert + ".log");
            ProcessBuilder pb = new ProcessBuilder(python(), script.toString(), Integer.toString(port),
                    dir.resolve(cert + ".pem").toString(), dir.resolve(cert + ".key").toString(), USER, inbox.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SMTPD_PASSWORD", PASSWORD);
            Smtpd smtpd = new Smtpd(pb.start(), port, log);
            try {
                smtpd.awaitPort();
            } catch (Exception | AssertionError e) {
                smtpd.stop();
                throw e;
            }
            return smtpd;
        }

        private void awaitPort() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the SMTP server exited (" + process.exitValue() + "); python3-aiosmtpd is "
                            + "needed (run-tests installs it):\n" + Files.readString(log));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("the SMTP server did not listen on " + port + " within 30s:\n" + Files.readString(log));
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static Path makeCa(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=" + name,
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".pem").toString(),
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return dir.resolve(name + ".pem");
    }

    /** {@code <name>.pem} and {@code <name>.key}: CN=localhost with the alternative names {@code san}, signed by CA {@code ca}. */
    private static void makeServerCert(String ca, String name, String san) throws Exception {
        Path ext = Files.writeString(dir.resolve(name + ".ext"),
                "subjectAltName=" + san + "\nextendedKeyUsage=serverAuth\n", StandardCharsets.US_ASCII);
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".csr").toString());
        openssl("x509", "-req", "-days", "30", "-in", dir.resolve(name + ".csr").toString(),
                "-CA", dir.resolve(ca + ".pem").toString(), "-CAkey", dir.resolve(ca + ".key").toString(),
                "-CAcreateserial", "-extfile", ext.toString(), "-out", dir.resolve(name + ".pem").toString());
    }

    private static void openssl(String... args) throws Exception {
        Process p = new ProcessBuilder(Stream.concat(Stream.of("openssl"), Stream.of(args)).toList())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed (run-tests installs openssl):\n" + out);
        }
    }
}
