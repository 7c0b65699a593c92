package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.baton.auth.AuthService;
import dev.baton.auth.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.RawHttp;
import dev.baton.server.ServerSettings;
import dev.baton.server.TestPki;
import dev.baton.server.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: refusals leave a trace in the server's log, through every door: wrong or unknown credentials, an unknown
 * certificate CN, a host barred from update locks, and a host registered by its certificate. Each line names the
 * client's address as {@code --trusted-proxies} finds it, and no secret.
 */
class RefusalTraceTest {

    private static final String WRONG_SECRET = "wrong-secret-never-logged";
    private static final Map<String, String> FOREMAN = Map.of("Content-Type", "application/json");

    @TempDir
    Path dir;
    private CapturedLog lines;
    private final TestPki ca = TestPki.ca("Puppet CA: refusals");
    private BatonServer server;

    @BeforeEach
    void listen() {
        lines = new CapturedLog(RefusalLog.class, Level.INFO);
    }

    @AfterEach
    void stop() {
        lines.close();
        if (server != null) {
            server.close();
        }
    }

    /** A server on HTTPS with a client CA, believing X-Forwarded-For from 127.0.0.1. */
    private BatonServer start(boolean autoRegister) throws Exception {
        Path[] serverFiles = ca.server().write(dir.resolve("server"), true);
        Path caFile = ca.writeCert(dir.resolve("ca.pem"));
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword("test-password-1").withLoginFailureLimit(0)
                .withDoors(DoorSettings.DEFAULTS.withAutoRegisterHosts(autoRegister))
                .withTrustedProxies(TrustedProxies.parse(List.of("127.0.0.1")))
                .withTls(new TlsSettings(serverFiles[0], serverFiles[1], caFile)));
    }

    private List<String> messages() {
        return lines.messages();
    }

    private List<String> messagesAbout(String address) {
        return messages().stream().filter(m -> m.contains(" from " + address + ":")).toList();
    }

    @Test
    void wrongAndUnknownCredentialsAreLoggedWithTheForwardedAddressOncePerMinuteAndNeverTheSecret() throws Exception {
        server = start(false);
        RawHttp http = new RawHttp(server.port(), ca.trustingContext());
        AuthService.Issued web1 = server.auth().createCredential("web1", Role.HOST, Set.of("web1.example.com"));

        // DLM Engine: a known credential id with the wrong secret, five times from one client behind the proxy
        for (int i = 0; i < 5; i++) {
            RawHttp.Response r = http.send("POST", "/api/v2/locks/db", Map.of("x-secret-id", web1.credential().id(),
                    "x-secret", WRONG_SECRET, "Content-Type", "application/json", "X-Forwarded-For", "198.51.100.7"),
                    "{\"acquired_by\":\"web1.example.com\"}");
            assertThat(r.status()).isEqualTo(401);
        }
        assertThat(messagesAbout("198.51.100.7")).singleElement().asString()
                .startsWith("refused: wrong credentials from 198.51.100.7: credential '" + web1.credential().id() + "'");

        // the native API: a user that does not exist
        String basic = Base64.getEncoder().encodeToString(("nosuchuser:" + WRONG_SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(http.send("GET", "/api/v3/locks", Map.of("Authorization", "Basic " + basic, "X-Forwarded-For", "198.51.100.8"))
                .status()).isEqualTo(401);
        assertThat(messagesAbout("198.51.100.8")).singleElement().asString().contains("user 'nosuchuser'");

        // FleetLock, a group that needs credentials: an unknown credential id
        String unknownId = "0b7e1c2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b";
        String fleetBasic = Base64.getEncoder().encodeToString((unknownId + ":" + WRONG_SECRET).getBytes(StandardCharsets.UTF_8));
        try (BatonServer protectedFleet = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                .withStore(dir.resolve("fleet"), null).withAdminPassword("test-password-1")
                .withDoors(DoorSettings.DEFAULTS.withFleetLockAuthGroups(Set.of("workers"))))) {
            RawHttp fleet = new RawHttp(protectedFleet.port());
            assertThat(fleet.send("POST", "/v1/pre-reboot", Map.of("fleet-lock-protocol", "true", "Authorization", "Basic " + fleetBasic),
                    "{\"client_params\":{\"id\":\"node-a\",\"group\":\"workers\"}}").status()).isEqualTo(401);
        }
        assertThat(messagesAbout("127.0.0.1")).singleElement().asString().contains("credential '" + unknownId + "'");

        assertThat(messages()).noneMatch(m -> m.contains(WRONG_SECRET)).noneMatch(m -> m.contains(basic));
    }

    @Test
    void anUnknownCertificateAndABarredHostAreLogged() throws Exception {
        server = start(false);
        server.hosts().add("barred.example.com", List.of());
        server.hosts().setCanAcquire("barred.example.com", false);

        RawHttp stranger = new RawHttp(server.port(), ca.client("stranger.example.com").clientContext(ca));
        assertThat(stranger.send("PUT", "/api/dlmlocks/db/lock", FOREMAN).status()).isEqualTo(401);
        assertThat(messagesAbout("127.0.0.1")).singleElement().asString()
                .startsWith("refused: unknown client certificate from 127.0.0.1: CN 'stranger.example.com' is no known host");

        RawHttp barred = new RawHttp(server.port(), ca.client("barred.example.com").clientContext(ca));
        RawHttp.Response r = barred.send("PUT", "/api/dlmlocks/db/lock",
                Map.of("Content-Type", "application/json", "X-Forwarded-For", "203.0.113.9"));
        assertThat(r.status()).isEqualTo(412);
        assertThat(messagesAbout("203.0.113.9")).singleElement().asString()
                .startsWith("refused: host may not take update locks from 203.0.113.9: 'barred.example.com'");
        assertThat(lines.events()).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
    }

    @Test
    void anAutomaticallyRegisteredHostIsLogged() throws Exception {
        server = start(true);
        RawHttp newcomer = new RawHttp(server.port(), ca.client("newcomer.example.com").clientContext(ca));
        assertThat(newcomer.send("PUT", "/api/dlmlocks/db/lock", FOREMAN).status()).isEqualTo(200);
        assertThat(newcomer.send("DELETE", "/api/dlmlocks/db/lock", FOREMAN).status()).isEqualTo(200);
        assertThat(lines.events()).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.INFO);
            assertThat(e.getFormattedMessage()).startsWith("host registered automatically from 127.0.0.1: 'newcomer.example.com'");
        });
    }
}
