package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.client.BatonClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with PEM files and client certificates: real handshakes against certificates a test CA issued. */
class TlsTest {

    static final Map<String, String> FOREMAN = Map.of("Content-Type", "application/json");

    @TempDir
    Path dir;

    BatonServer start(TestPki ca, boolean pkcs1) throws IOException {
        Path[] files = ca.server().write(dir.resolve("server"), pkcs1);
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword("test-password-1")
                .withTls(new TlsSettings(files[0], files[1], ca.writeCert(dir.resolve("ca.pem")))));
    }

    @Test
    void aClientCertificateOfTheClientCaIdentifiesTheHost() throws IOException {
        TestPki ca = TestPki.ca("Puppet CA");
        try (BatonServer server = start(ca, true)) {
            server.hosts().add("web1.example.com", List.of());
            RawHttp web1 = new RawHttp(server.port(), ca.client("web1.example.com").clientContext(ca));
            RawHttp.Response r = web1.send("PUT", "/api/dlmlocks/tls/lock", FOREMAN);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().path("host").path("name").asText()).isEqualTo("web1.example.com");
        }
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws IOException {
        TestPki ca = TestPki.ca("Puppet CA");
        TestPki rogue = TestPki.ca("Rogue CA");
        try (BatonServer server = start(ca, false)) {
            server.hosts().add("web1.example.com", List.of());
            // same CN, wrong issuer: the handshake fails (or, should a JDK let it through, the request is not a host's)
            RawHttp impostor = new RawHttp(server.port(), rogue.client("web1.example.com").clientContext(ca));
            try {
                RawHttp.Response r = impostor.send("PUT", "/api/dlmlocks/tls/lock", FOREMAN);
                assertThat(r.status()).isEqualTo(401);
            } catch (UncheckedIOException e) {
                assertThat(e.getCause()).isInstanceOf(SSLException.class);
            }
            assertThat(server.locks().reader().show("tls")).isEmpty();
        }
    }

    @Test
    void clientsWithoutCertificatesStillConnectAndTheAdminCliTrustsTheServerCa() throws IOException {
        TestPki ca = TestPki.ca("Site CA");
        try (BatonServer server = start(ca, false)) {
            var admin = new BatonClient(URI.create("https://localhost:" + server.port()),
                    new BatonClient.Auth.Basic("admin", "test-password-1"), ca.trustingContext());
            assertThat(admin.list().path("locks").isArray()).isTrue();
            RawHttp fleetlock = new RawHttp(server.port(), ca.trustingContext());
            assertThat(fleetlock.send("POST", "/v1/pre-reboot", Map.of("fleet-lock-protocol", "true"),
                    "{\"client_params\":{\"id\":\"m1\",\"group\":\"default\"}}").status()).isEqualTo(200);
            // a client that does not trust the server's CA refuses it
            TestPki other = TestPki.ca("Other CA");
            assertThatThrownBy(() -> new RawHttp(server.port(), other.trustingContext()).send("GET", "/healthz", Map.of()))
                    .hasCauseInstanceOf(SSLException.class);
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsNoLockAnswer() throws IOException {
        TestPki ca = TestPki.ca("Site CA");
        try (BatonServer server = start(ca, true)) {
            try {
                RawHttp.Response r = new RawHttp(server.port()).send("POST", "/v1/pre-reboot", Map.of("fleet-lock-protocol", "true"),
                        "{\"client_params\":{\"id\":\"m1\",\"group\":\"default\"}}");
                assertThat(r.status()).isEqualTo(400);
            } catch (UncheckedIOException e) {
                // Jetty may simply close the connection
            }
            assertThat(server.locks().reader().show("default")).isEmpty();
        }
    }

    @Test
    void badPemFilesAreRefusedNamingTheFile() throws IOException {
        TestPki ca = TestPki.ca("Site CA");
        Path[] files = ca.server().write(dir.resolve("server"), true);
        Path notAKey = Files.writeString(dir.resolve("not-a-key.pem"), "hello");
        assertThatThrownBy(() -> Tls.privateKey(notAKey)).hasMessageContaining("not-a-key.pem").hasMessageContaining("no PEM private key");
        assertThatThrownBy(() -> Tls.certificates(notAKey, "--tls-cert")).hasMessageContaining("--tls-cert");
        Path otherKey = ca.client("x").write(dir.resolve("other"), false)[1];
        assertThatThrownBy(() -> Tls.keyStore(files[0], otherKey)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TlsSettings(files[0], null, null)).hasMessageContaining("--tls-key");
        assertThatThrownBy(() -> new TlsSettings(null, null, files[0])).hasMessageContaining("--client-ca");
    }
}
