package dev.baton.server.ldap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenLDAP {@code slapd} (Debian's {@code slapd} package) for tests: its own configuration and database in a
 * directory of the test, the entries of {@code ldif} loaded with {@code slapadd} before it starts, listening on a
 * free loopback port. The suffix is {@link #SUFFIX}; users bind with the plain passwords of the LDIF; bound users may
 * read everything but passwords.
 */
final class Slapd implements AutoCloseable {

    static final String SUFFIX = "dc=baton,dc=test";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");

    private final Path dir;
    private final int port;
    /** The ldaps:// port, or 0 without TLS. */
    private final int tlsPort;
    private Process process;

    Slapd(Path dir, String ldif) {
        this(dir, ldif, null, null);
    }

    /**
     * With {@code cert} and {@code key} (PEM files), slapd also offers StartTLS on {@link #url()} and listens for
     * ldaps:// on {@link #tlsUrl()}.
     */
    Slapd(Path dir, String ldif, Path cert, Path key) {
        if (!Files.isExecutable(SLAPD)) {
            throw new IllegalStateException("these tests need OpenLDAP's slapd: apt-get install slapd ldap-utils");
        }
        this.dir = dir;
        try {
            Files.createDirectories(dir.resolve("db"));
            Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                    "include /etc/ldap/schema/core.schema",
                    "include /etc/ldap/schema/cosine.schema",
                    "include /etc/ldap/schema/inetorgperson.schema",
                    "pidfile " + dir.resolve("slapd.pid"),
                    "modulepath /usr/lib/ldap",
                    "moduleload back_mdb",
                    "database mdb",
                    "maxsize 10485760",
                    "suffix \"" + SUFFIX + "\"",
                    "rootdn \"cn=root," + SUFFIX + "\"",
                    "rootpw root-secret-of-the-test",
                    "directory " + dir.resolve("db"),
                    "access to attrs=userPassword by anonymous auth by self write by * none",
                    "access to * by users read by * none", ""));
            if (cert != null) {
                // Global TLS settings belong before the first database; slapd reads them wherever they are in slapd.conf.
                String conf = Files.readString(dir.resolve("slapd.conf"));
                Files.writeString(dir.resolve("slapd.conf"), "TLSCertificateFile " + cert + "\nTLSCertificateKeyFile " + key
                        + "\n" + conf);
            }
            Files.writeString(dir.resolve("data.ldif"), ldif);
            run(List.of("/usr/sbin/slapadd", "-f", dir.resolve("slapd.conf").toString(), "-l", dir.resolve("data.ldif").toString()));
            try (ServerSocket free = new ServerSocket(0); ServerSocket freeTls = new ServerSocket(0)) {
                this.port = free.getLocalPort();
                this.tlsPort = cert == null ? 0 : freeTls.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    /** {@code ldap://127.0.0.1:PORT}. */
    String url() {
        return "ldap://127.0.0.1:" + port;
    }

    /** {@code ldaps://127.0.0.1:PORT}, when started with a certificate. */
    String tlsUrl() {
        return "ldaps://127.0.0.1:" + tlsPort;
    }

    /** Starts slapd (again, after {@link #stop}) and waits until it accepts connections. */
    void start() {
        try {
            // -d keeps it in the foreground, so this process is slapd itself and stopping it needs no pid file.
            process = new ProcessBuilder(SLAPD.toString(), "-f", dir.resolve("slapd.conf").toString(),
                    "-h", url() + "/" + (tlsPort == 0 ? "" : " " + tlsUrl() + "/"), "-d", "256")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
            Instant until = Instant.now().plus(Duration.ofSeconds(20));
            while (Instant.now().isBefore(until)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("slapd exited with " + process.exitValue() + ": " + log());
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            throw new IllegalStateException("slapd did not listen on " + url() + " within 20 s: " + log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops slapd (SIGTERM) and waits for it to end. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private String log() throws IOException {
        Path log = dir.resolve("slapd.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        try {
            if (p.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
