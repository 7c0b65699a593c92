package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.auth.Role;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.RawHttp;
import dev.baton.server.TestPki;
import dev.baton.server.TlsServers;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lock service behind four doors: a lock taken through one is held against all the others, and the one history
 * shows every door's grants, refusals and releases, each marked with its protocol.
 */
class CrossProtocolTest {

    static final Map<String, String> FOREMAN = Map.of("Content-Type", "application/json");
    static final Map<String, String> FLEETLOCK = Map.of("fleet-lock-protocol", "true");

    @TempDir
    Path dir;

    @Test
    void aLockHeldViaForemanBlocksDlmEngineAndFleetLockAndTheHistoryShowsAllThree() throws Exception {
        TestPki ca = TestPki.ca("Puppet CA");
        try (BatonServer server = TlsServers.start(dir, ca, DoorSettings.DEFAULTS)) {
            server.hosts().add("db1.example.com", List.of("0123456789abcdef0123456789abcdef"));
            RawHttp foreman = TlsServers.hostClient(server, ca, "db1.example.com");
            RawHttp plain = new RawHttp(server.port(), ca.trustingContext());
            var web2 = server.auth().createCredential("web2", Role.HOST, Set.of("web2.example.com"));
            Map<String, String> dlm = Map.of("x-secret-id", web2.credential().id(), "x-secret", web2.secret(),
                    "Content-Type", "application/json");

            assertThat(foreman.send("PUT", "/api/dlmlocks/maintenance/lock", FOREMAN).status()).isEqualTo(200);

            RawHttp.Response dlmV2 = plain.send("POST", "/api/v2/locks/maintenance", dlm, "{\"acquired_by\":\"web2.example.com\"}");
            assertThat(dlmV2.status()).isEqualTo(400);
            assertThat(dlmV2.json().path("detail").asText()).isEqualTo("Duplicate Resource");
            RawHttp.Response dlmShow = plain.send("GET", "/api/v2/locks/maintenance", dlm);
            assertThat(dlmShow.json().path("acquired_by").asText()).isEqualTo("db1.example.com");
            RawHttp.Response dlmV1 = plain.send("POST", "/api/v1/locks/maintenance", dlm, "{\"data\":{\"acquired_by\":\"web2.example.com\"}}");
            assertThat(dlmV1.status()).isEqualTo(400);

            String zincati = "{\n  \"client_params\": {\n    \"id\": \"fedcba9876543210fedcba9876543210\",\n    \"group\": \"maintenance\"\n  }\n}";
            RawHttp.Response fleet = plain.send("POST", "/v1/pre-reboot", FLEETLOCK, zincati);
            assertThat(fleet.status()).isEqualTo(409);
            assertThat(fleet.json().path("kind").asText()).isEqualTo("failed_lock_semaphore_full");

            // a release through another door is holder-checked: nothing changes
            assertThat(plain.send("POST", "/v1/steady-state", FLEETLOCK, zincati).status()).isEqualTo(200);
            assertThat(plain.send("DELETE", "/api/v2/locks/maintenance", dlm).status()).isEqualTo(409);
            assertThat(server.locks().reader().show("maintenance").orElseThrow().isHeldBy("db1.example.com")).isTrue();

            // released via Foreman: now FleetLock gets it, and Foreman sees another holder
            assertThat(foreman.send("DELETE", "/api/dlmlocks/maintenance/lock", FOREMAN).status()).isEqualTo(200);
            assertThat(plain.send("POST", "/v1/pre-reboot", FLEETLOCK, zincati).status()).isEqualTo(200);
            RawHttp.Response foremanRefused = foreman.send("PUT", "/api/dlmlocks/maintenance/lock", FOREMAN);
            assertThat(foremanRefused.status()).isEqualTo(412);
            assertThat(foreman.send("GET", "/api/dlmlocks/maintenance/lock", FOREMAN).json().path("host").path("name").asText())
                    .isEqualTo("fedcba9876543210fedcba9876543210");

            List<LockEvent> history = server.locks().reader().events("maintenance", null, 100).events();
            assertThat(history).filteredOn(e -> e.type() == EventType.ACQUIRE).extracting(LockEvent::protocol)
                    .containsExactly(Protocol.FLEETLOCK, Protocol.FOREMAN);
            // newest first: Foreman's refused acquire after the release, DLM Engine's refused release, the three acquires
            assertThat(history).filteredOn(e -> e.type() == EventType.REFUSE).extracting(LockEvent::protocol)
                    .containsExactly(Protocol.FOREMAN, Protocol.DLM_V2, Protocol.FLEETLOCK, Protocol.DLM_V1, Protocol.DLM_V2);
            assertThat(history).filteredOn(e -> e.type() == EventType.RELEASE).extracting(LockEvent::protocol)
                    .containsExactly(Protocol.FOREMAN);
            assertThat(history).filteredOn(e -> e.type() == EventType.REFUSE && e.protocol() == Protocol.DLM_V2)
                    .extracting(LockEvent::holder).containsExactly("web2.example.com", "web2.example.com");

            // the Foreman event list shows the same history in the plugin's words
            RawHttp.Response events = plain.send("GET", "/api/dlmlocks/maintenance/dlmlock_events",
                    Map.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:test-password-1".getBytes())));
            assertThat(events.json().path("results").findValuesAsText("protocol")).contains("foreman", "fleetlock", "dlm_v1", "dlm_v2");
        }
    }
}
