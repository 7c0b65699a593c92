package dev.baton.web.foreman;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.hosts.Host;
import dev.baton.lock.LockView;
import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.RawHttp;
import dev.baton.server.TestPki;
import dev.baton.server.TlsServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Foreman DLM protocol of {@code protocols/foreman-dlm.md}, over real TLS with client certificates that a test
 * CA (standing in for the Puppet CA) issued, sending what {@code foreman_dlm_updater} sends: {@code PUT} and
 * {@code DELETE} on {@code /api/dlmlocks/{name}/lock} with {@code Content-Type: application/json} and no body.
 */
class ForemanConformanceTest {

    static final String PASSWORD = "test-password-1";
    static final Map<String, String> CLIENT = Map.of("Content-Type", "application/json", "Accept", "application/json",
            "User-Agent", "python-requests/2.31.0");
    static final String PRECONDITION = "Precondition failed. Lock is in invalid state for this operation.";

    @TempDir
    static Path dir;
    static TestPki ca;
    static BatonServer server;
    static RawHttp host1;
    static RawHttp host2;
    static RawHttp noCert;

    @BeforeAll
    static void start() throws Exception {
        ca = TestPki.ca("Puppet CA: test");
        server = startTls(dir, ca, DoorSettings.DEFAULTS);
        server.hosts().add("host1.example.com", List.of());
        server.hosts().add("host2.example.com", List.of("host2-certname"));
        server.hosts().add("barred.example.com", List.of());
        server.hosts().setCanAcquire("barred.example.com", false);
        host1 = hostClient(server, ca, "host1.example.com");
        host2 = hostClient(server, ca, "host2-certname"); // its certname is an alias
        noCert = new RawHttp(server.port(), ca.trustingContext());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BatonServer startTls(Path dir, TestPki ca, DoorSettings doors) throws Exception {
        return TlsServers.start(dir, ca, doors);
    }

    static RawHttp hostClient(BatonServer server, TestPki ca, String cn) {
        return TlsServers.hostClient(server, ca, cn);
    }

    static Map<String, String> admin() {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    static void assertForemanError(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(r.json().path("error").path("message").asText()).as(r.toString()).isNotBlank();
        assertThat(fields(r.json())).containsExactly("error");
        assertThat(fields(r.json().path("error"))).as(r.toString()).containsAnyOf("message").doesNotContain("code");
    }

    static List<String> fields(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    List<String> holders(String lock) {
        return server.locks().reader().show(lock).map(v -> v.holders().stream().map(LockView.HolderView::holder).toList()).orElse(List.of());
    }

    // ------------------------------------------------------------------ acquire, show, release

    /** Issue 13: {@code foreman_url = https://host/} makes the client send {@code //api/dlmlocks/...}, answered 404. */
    @Test
    void aForemanUrlEndingInASlashStillReachesTheLock() {
        RawHttp.Response acquired = host1.send("PUT", "//api/dlmlocks/slashes/lock", CLIENT);
        assertThat(acquired.status()).as(acquired.toString()).isEqualTo(200);
        assertThat(acquired.json().path("host").path("name").asText()).isEqualTo("host1.example.com");
        assertThat(holders("slashes")).containsExactly("host1.example.com");
        assertThat(host1.send("GET", "//api/v2//dlmlocks/slashes/lock", CLIENT).json().path("host").path("self").asBoolean()).isTrue();
        RawHttp.Response released = host1.send("DELETE", "//api/dlmlocks/slashes/lock", CLIENT);
        assertThat(released.status()).as(released.toString()).isEqualTo(200);
        assertThat(holders("slashes")).isEmpty();
        assertForemanError(host1.send("GET", "//api/dlmlocks/slashes/nothing", CLIENT), 404);
    }

    @Test
    void acquireAnswersTheLockJsonExactlyAsThePluginDoes() {
        RawHttp.Response r = host1.send("PUT", "/api/dlmlocks/db/lock", CLIENT);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode lock = r.json();
        assertThat(fields(lock)).containsExactly("id", "host_id", "name", "enabled", "type", "created_at", "updated_at", "host");
        assertThat(lock.path("id").isIntegralNumber()).isTrue();
        Host h1 = server.hosts().find("host1.example.com").orElseThrow();
        assertThat(lock.path("host_id").asLong()).isEqualTo(h1.id());
        assertThat(lock.path("name").asText()).isEqualTo("db");
        assertThat(lock.path("enabled").asBoolean()).isTrue();
        assertThat(lock.path("type").asText()).isEqualTo("ForemanDlm::Dlmlock::Update");
        assertThat(lock.path("host").path("name").asText()).isEqualTo("host1.example.com");
        assertThat(lock.path("host").path("self").asBoolean()).isTrue();
        assertThat(holders("db")).containsExactly("host1.example.com");

        // re-entrant: the holder asks again, 200, one slot
        RawHttp.Response again = host1.send("PUT", "/api/dlmlocks/db/lock", CLIENT);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asLong()).isEqualTo(lock.path("id").asLong());
        assertThat(holders("db")).containsExactly("host1.example.com");

        // another host: 412 with the plugin's body
        RawHttp.Response refused = host2.send("PUT", "/api/dlmlocks/db/lock", CLIENT);
        assertThat(refused.status()).isEqualTo(412);
        assertThat(fields(refused.json().path("error"))).containsExactly("id", "message");
        assertThat(refused.json().path("error").path("id").asLong()).isEqualTo(lock.path("id").asLong());
        assertThat(refused.json().path("error").path("message").asText()).isEqualTo(PRECONDITION);

        // show: host.self tells who asks
        RawHttp.Response shown = host2.send("GET", "/api/dlmlocks/db/lock", CLIENT);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().path("host").path("name").asText()).isEqualTo("host1.example.com");
        assertThat(shown.json().path("host").path("self").asBoolean()).isFalse();
        assertThat(host1.send("GET", "/api/dlmlocks/db/lock", CLIENT).json().path("host").path("self").asBoolean()).isTrue();

        // release by another host: 412, nothing changed; by the holder: 200, free; again: 200
        assertThat(host2.send("DELETE", "/api/dlmlocks/db/lock", CLIENT).status()).isEqualTo(412);
        assertThat(holders("db")).containsExactly("host1.example.com");
        RawHttp.Response released = host1.send("DELETE", "/api/dlmlocks/db/lock", CLIENT);
        assertThat(released.status()).isEqualTo(200);
        assertThat(released.json().path("host").isNull()).isTrue();
        assertThat(released.json().has("host_id")).isTrue();
        assertThat(host1.send("DELETE", "/api/dlmlocks/db/lock", CLIENT).status()).isEqualTo(200);
        assertThat(holders("db")).isEmpty();
        assertThat(host2.send("PUT", "/api/dlmlocks/db/lock", CLIENT).status()).isEqualTo(200);
        host2.send("DELETE", "/api/dlmlocks/db/lock", CLIENT);
    }

    @Test
    void bothPrefixesAreServedAndUnknownNamesAreCreatedOnFirstUse() {
        RawHttp.Response put = host1.send("PUT", "/api/v2/dlmlocks/v2lock.example/lock", CLIENT);
        assertThat(put.status()).isEqualTo(200);
        assertThat(host1.send("GET", "/api/dlmlocks/v2lock.example/lock", CLIENT).json().path("host").path("self").asBoolean()).isTrue();
        assertThat(host1.send("DELETE", "/api/v2/dlmlocks/v2lock.example/lock", CLIENT).status()).isEqualTo(200);

        RawHttp.Response delete = host1.send("DELETE", "/api/dlmlocks/created-by-delete/lock", CLIENT);
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.json().path("host").isNull()).isTrue();
        assertThat(server.locks().reader().show("created-by-delete")).isPresent();
    }

    @Test
    void showOfAnUnknownLockIs404InForemanShape() {
        assertForemanError(host1.send("GET", "/api/dlmlocks/never-made/lock", CLIENT), 404);
        assertThat(server.locks().reader().show("never-made")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded"})
    void putAndDeleteWithoutJsonContentTypeAre415(String type) {
        Map<String, String> headers = new HashMap<>(Map.of("Accept", "application/json"));
        if (!type.isEmpty()) {
            headers.put("Content-Type", type);
        }
        assertForemanError(host1.send("PUT", "/api/dlmlocks/ct/lock", headers), 415);
        assertForemanError(host1.send("DELETE", "/api/dlmlocks/ct/lock", headers), 415);
        assertThat(holders("ct")).isEmpty();
        assertThat(host1.send("PUT", "/api/dlmlocks/ct/lock",
                Map.of("Content-Type", "application/json; charset=utf-8")).status()).isEqualTo(200);
        host1.send("DELETE", "/api/dlmlocks/ct/lock", CLIENT);
    }

    // ------------------------------------------------------------------ identity

    @Test
    void noCertificateIs401AndAUserIs403() {
        RawHttp.Response r = noCert.send("PUT", "/api/dlmlocks/who/lock", CLIENT);
        assertForemanError(r, 401);
        assertThat(r.json().path("error").path("message").asText()).startsWith("Unable to authenticate user");
        Map<String, String> user = new HashMap<>(CLIENT);
        user.putAll(admin());
        assertForemanError(noCert.send("PUT", "/api/dlmlocks/who/lock", user), 403);
        assertForemanError(noCert.send("DELETE", "/api/dlmlocks/who/lock", user), 403);
        assertThat(server.locks().reader().show("who")).isEmpty();
    }

    @Test
    void unknownCommonNameIs401NamingIt() {
        RawHttp stranger = hostClient(server, ca, "stranger.example.com");
        RawHttp.Response r = stranger.send("PUT", "/api/dlmlocks/strange/lock", CLIENT);
        assertForemanError(r, 401);
        assertThat(r.json().path("error").path("message").asText()).isEqualTo("Unable to authenticate user stranger.example.com");
        assertThat(server.locks().reader().show("strange")).isEmpty();
        assertThat(server.hosts().find("stranger.example.com")).isEmpty();
    }

    @Test
    void commonNameIsMatchedLowerCased() {
        RawHttp shouting = hostClient(server, ca, "HOST1.Example.COM");
        assertThat(shouting.send("PUT", "/api/dlmlocks/case/lock", CLIENT).status()).isEqualTo(200);
        assertThat(holders("case")).containsExactly("host1.example.com");
        assertThat(host1.send("DELETE", "/api/dlmlocks/case/lock", CLIENT).status()).isEqualTo(200);
    }

    @Test
    void aBarredHostGets412UntilAllowed() {
        RawHttp barred = hostClient(server, ca, "barred.example.com");
        RawHttp.Response r = barred.send("PUT", "/api/dlmlocks/barred/lock", CLIENT);
        assertThat(r.status()).isEqualTo(412);
        assertThat(r.json().path("error").path("message").asText()).isEqualTo(PRECONDITION);
        assertThat(holders("barred")).isEmpty();
        server.hosts().setCanAcquire("barred.example.com", true);
        try {
            assertThat(barred.send("PUT", "/api/dlmlocks/barred/lock", CLIENT).status()).isEqualTo(200);
            assertThat(barred.send("DELETE", "/api/dlmlocks/barred/lock", CLIENT).status()).isEqualTo(200);
        } finally {
            server.hosts().setCanAcquire("barred.example.com", false);
        }
    }

    @Test
    void aDisabledLockCanBeNeitherAcquiredNorReleased() {
        assertThat(host1.send("PUT", "/api/dlmlocks/disabled/lock", CLIENT).status()).isEqualTo(200);
        server.locks().policy().setEnabled("disabled", false, "test", "maintenance");
        assertThat(host1.send("DELETE", "/api/dlmlocks/disabled/lock", CLIENT).status()).isEqualTo(412);
        assertThat(host2.send("PUT", "/api/dlmlocks/disabled/lock", CLIENT).status()).isEqualTo(412);
        assertThat(host1.send("GET", "/api/dlmlocks/disabled/lock", CLIENT).json().path("enabled").asBoolean()).isFalse();
        assertThat(holders("disabled")).containsExactly("host1.example.com");
        server.locks().policy().setEnabled("disabled", true, "test", null);
        assertThat(host1.send("DELETE", "/api/dlmlocks/disabled/lock", CLIENT).status()).isEqualTo(200);
    }

    @Test
    void requestsCheckTheHostIn() {
        host2.send("GET", "/api/dlmlocks", CLIENT);
        host2.send("PUT", "/api/dlmlocks/checkin/lock", CLIENT);
        Host h2 = server.hosts().find("host2.example.com").orElseThrow();
        assertThat(h2.lastCheckIn()).isNotNull();
        assertThat(h2.lastProtocol()).isEqualTo("foreman");
        host2.send("DELETE", "/api/dlmlocks/checkin/lock", CLIENT);
    }

    @Test
    void autoRegistrationRegistersAHostTheClientCaSigned(@TempDir Path other) throws Exception {
        try (BatonServer auto = startTls(other, ca, DoorSettings.DEFAULTS.withAutoRegisterHosts(true))) {
            RawHttp newcomer = hostClient(auto, ca, "new.example.com");
            RawHttp.Response r = newcomer.send("PUT", "/api/dlmlocks/auto/lock", CLIENT);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            Host registered = auto.hosts().find("new.example.com").orElseThrow();
            assertThat(r.json().path("host_id").asLong()).isEqualTo(registered.id());
            assertThat(registered.canAcquireUpdateLocks()).isTrue();
        }
    }

    // ------------------------------------------------------------------ admin: list and events

    @Test
    void listHasForemansEnvelopeForUsersOnly() {
        host1.send("PUT", "/api/dlmlocks/listed/lock", CLIENT);
        RawHttp.Response r = noCert.send("GET", "/api/dlmlocks?search=listed&per_page=5", admin());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(fields(body)).containsExactly("total", "subtotal", "page", "per_page", "search", "sort", "results");
        assertThat(body.path("subtotal").asInt()).isEqualTo(1);
        assertThat(body.path("page").asInt()).isEqualTo(1);
        assertThat(body.path("per_page").asInt()).isEqualTo(5);
        assertThat(body.path("search").asText()).isEqualTo("listed");
        assertThat(fields(body.path("sort"))).containsExactly("by", "order");
        assertThat(body.path("results").get(0).path("name").asText()).isEqualTo("listed");
        assertThat(body.path("results").get(0).path("host").path("name").asText()).isEqualTo("host1.example.com");
        assertForemanError(noCert.send("GET", "/api/dlmlocks", Map.of()), 401);
        assertForemanError(host1.send("GET", "/api/dlmlocks", CLIENT), 403);
        host1.send("DELETE", "/api/dlmlocks/listed/lock", CLIENT);
    }

    @Test
    void eventsUseThePluginsTypes() {
        host1.send("PUT", "/api/dlmlocks/evented/lock", CLIENT);
        host2.send("PUT", "/api/dlmlocks/evented/lock", CLIENT);
        host1.send("DELETE", "/api/dlmlocks/evented/lock", CLIENT);
        RawHttp.Response r = noCert.send("GET", "/api/v2/dlmlocks/evented/dlmlock_events", admin());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode results = r.json().path("results");
        List<String> types = new ArrayList<>();
        results.forEach(e -> types.add(e.path("event_type").asText()));
        assertThat(types).containsExactly("release", "fail", "acquire");
        assertThat(fields(results.get(0))).startsWith("id", "event_type", "created_at", "updated_at");
        assertForemanError(noCert.send("GET", "/api/dlmlocks/no-such-lock/dlmlock_events", admin()), 404);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void unknownPathsAndMethodsAnswerInForemanShape() {
        assertForemanError(host1.send("GET", "/api/dlmlocks/db/nothing-here", CLIENT), 404);
        assertForemanError(host1.send("POST", "/api/dlmlocks/db/lock", CLIENT), 405);
        assertForemanError(host1.send("PATCH", "/api/v2/dlmlocks/db/lock", CLIENT), 405);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/dlmlocks/..%2F..%2Fetc%2Fpasswd/lock", "/api/dlmlocks/%2e%2e/lock", "/api/dlmlocks/../lock",
            "/api/dlmlocks/a%20b/lock", "/api/dlmlocks/a%09b/lock", "/api/dlmlocks/%3Cscript%3E/lock", "/api/dlmlocks/%2F/lock"})
    void badLockNamesAreRefusedAsJsonAndChangeNothing(String path) {
        int before = server.locks().reader().list().size();
        RawHttp.Response r = host1.send("PUT", path, CLIENT);
        assertThat(r.status()).as(path + " -> " + r).isBetween(400, 404);
        assertForemanError(r, r.status());
        assertThat(server.locks().reader().list()).hasSize(before);
    }

    /**
     * Jetty refuses a NUL in the request line while parsing, before any path is known, so the answer cannot be in
     * the door's shape; it is JSON with {@code error.message}, which is what Foreman clients read.
     */
    @Test
    void aNulInThePathIsRefusedAsJsonByJetty() {
        int before = server.locks().reader().list().size();
        RawHttp.Response r = host1.send("PUT", "/api/dlmlocks/a%00b/lock", CLIENT);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("message").asText()).isNotBlank();
        assertThat(server.locks().reader().list()).hasSize(before);
    }

    @Test
    void aHugeLockNameIs400() {
        int before = server.locks().reader().list().size();
        assertForemanError(host1.send("PUT", "/api/dlmlocks/" + "x".repeat(5000) + "/lock", CLIENT), 400);
        assertThat(server.locks().reader().list()).hasSize(before);
    }
}
