package dev.baton.web.fleetlock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.DoorSettings;
import dev.baton.server.RawHttp;
import dev.baton.server.ServerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The FleetLock conformance cases of {@code protocols/fleetlock.md} against a real server on the embedded store,
 * with requests shaped as Zincati sends them: no Content-Type, a pretty-printed body, a 32-hex machine id.
 * (Case 6 across two servers and case 9 are in {@link FleetLockPostgresTest}.)
 */
class FleetLockConformanceTest {

    static final Map<String, String> FLEETLOCK = Map.of("fleet-lock-protocol", "true");
    private static final Random RANDOM = new Random();

    @TempDir
    Path data;
    BatonServer server;
    RawHttp http;

    @BeforeEach
    void start() {
        server = start(data, DoorSettings.DEFAULTS);
        http = new RawHttp(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static BatonServer start(Path data, DoorSettings doors) {
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1").withDoors(doors));
    }

    /** A body as Zincati writes it: serde_json's pretty printer, two-space indent. */
    static String zincatiBody(String id, String group) {
        return "{\n  \"client_params\": {\n    \"id\": \"" + id + "\",\n    \"group\": \"" + group + "\"\n  }\n}";
    }

    static String machineId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    RawHttp.Response lock(String id, String group) {
        return http.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody(id, group));
    }

    RawHttp.Response unlock(String id, String group) {
        return http.send("POST", "/v1/steady-state", FLEETLOCK, zincatiBody(id, group));
    }

    List<String> holders(String group) {
        return server.locks().reader().show(group).map(v -> v.holders().stream().map(LockView.HolderView::holder).toList()).orElse(List.of());
    }

    static void assertError(RawHttp.Response r, int status, String kind) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body.path("kind").asText()).isEqualTo(kind);
        assertThat(body.path("value").asText()).isNotBlank();
    }

    // ---------------------------------------------------------------- case 1 and 10

    @Test
    void case1_lockWithAFreeSlotThenAgainByTheHolderUsesOneSlot() {
        String id = machineId();
        RawHttp.Response first = lock(id, "default");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().isObject()).isTrue();
        RawHttp.Response again = lock(id, "default");
        assertThat(again.status()).isEqualTo(200);
        assertThat(holders("default")).containsExactly(id);
        assertThat(server.locks().reader().show("default").orElseThrow().slots()).isEqualTo(1);
    }

    @Test
    void case10_zincatiShapedRequestIsAccepted() {
        // Exactly Zincati's request: no Content-Type, no Accept beyond its own, a pretty body, a 32-hex id.
        String id = machineId();
        RawHttp.Response r = http.send("POST", "/v1/pre-reboot",
                Map.of("fleet-lock-protocol", "true", "Accept", "*/*", "User-Agent", "zincati/0.0.27"), zincatiBody(id, "workers"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(holders("workers")).containsExactly(id);
        RawHttp.Response back = http.send("POST", "/v1/steady-state", Map.of("fleet-lock-protocol", "true"), zincatiBody(id, "workers"));
        assertThat(back.status()).isEqualTo(200);
        assertThat(holders("workers")).isEmpty();
    }

    @Test
    void curlFormContentTypeAndCompactJsonAreAccepted() {
        String body = "{\"client_params\":{\"id\":\"node-a\",\"group\":\"curl\"}}";
        RawHttp.Response r = http.send("POST", "/v1/pre-reboot",
                Map.of("fleet-lock-protocol", "true", "Content-Type", "application/x-www-form-urlencoded"), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        RawHttp.Response j = http.send("POST", "/v1/pre-reboot",
                Map.of("fleet-lock-protocol", "true", "Content-Type", "application/json"),
                "{\"client_params\":{\"id\":\"node-a\",\"group\":\"curl\",\"extra\":1},\"unknown\":true}");
        assertThat(j.status()).isEqualTo(200);
        assertThat(holders("curl")).containsExactly("node-a");
    }

    // ---------------------------------------------------------------- case 2 and 3

    @Test
    void case2_fullGroupIsRefusedWithKindAndValueAndHoldersUnchanged() {
        assertThat(lock("a", "g2").status()).isEqualTo(200);
        RawHttp.Response refused = lock("b", "g2");
        assertError(refused, 409, "failed_lock_semaphore_full");
        assertThat(holders("g2")).containsExactly("a");
    }

    @Test
    void case3_unlockByHolderFreesAndUnlockByOthersOrTwiceIs200() {
        assertThat(lock("a", "g3").status()).isEqualTo(200);
        assertThat(unlock("b", "g3").status()).isEqualTo(200);
        assertThat(holders("g3")).containsExactly("a");
        assertThat(unlock("a", "g3").status()).isEqualTo(200);
        assertThat(holders("g3")).isEmpty();
        assertThat(unlock("a", "g3").status()).isEqualTo(200);
        assertThat(unlock("never", "never-seen-group").status()).isEqualTo(200);
        assertThat(server.locks().reader().show("never-seen-group")).isEmpty();
        assertThat(lock("b", "g3").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- case 4: bad requests

    static List<Object[]> badRequests() {
        String huge = "x".repeat(10_000);
        return List.of(
                new Object[] {"missing header", Map.of(), zincatiBody("a", "bad")},
                new Object[] {"header false", Map.of("fleet-lock-protocol", "false"), zincatiBody("a", "bad")},
                new Object[] {"header yes", Map.of("fleet-lock-protocol", "yes"), zincatiBody("a", "bad")},
                new Object[] {"empty body", FLEETLOCK, ""},
                new Object[] {"not JSON", FLEETLOCK, "client_params=a"},
                new Object[] {"truncated JSON", FLEETLOCK, "{\"client_params\":{\"id\":\"a\""},
                new Object[] {"JSON array", FLEETLOCK, "[]"},
                new Object[] {"missing client_params", FLEETLOCK, "{\"id\":\"a\",\"group\":\"bad\"}"},
                new Object[] {"client_params not object", FLEETLOCK, "{\"client_params\":\"a\"}"},
                new Object[] {"missing id", FLEETLOCK, "{\"client_params\":{\"group\":\"bad\"}}"},
                new Object[] {"empty id", FLEETLOCK, zincatiBody("", "bad")},
                new Object[] {"numeric id", FLEETLOCK, "{\"client_params\":{\"id\":42,\"group\":\"bad\"}}"},
                new Object[] {"id with space", FLEETLOCK, zincatiBody("a b", "bad")},
                new Object[] {"huge id", FLEETLOCK, zincatiBody(huge, "bad")},
                new Object[] {"missing group", FLEETLOCK, "{\"client_params\":{\"id\":\"a\"}}"},
                new Object[] {"empty group", FLEETLOCK, zincatiBody("a", "")},
                new Object[] {"group with slash", FLEETLOCK, zincatiBody("a", "../bad")},
                new Object[] {"group with underscore", FLEETLOCK, zincatiBody("a", "bad_group")},
                new Object[] {"group dot dot", FLEETLOCK, zincatiBody("a", "..")},
                new Object[] {"group too long", FLEETLOCK, zincatiBody("a", "b".repeat(200))},
                new Object[] {"group not string", FLEETLOCK, "{\"client_params\":{\"id\":\"a\",\"group\":[\"bad\"]}}"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void case4_badRequestsAre400WithKindAndValueAndChangeNothing(String what, Map<String, String> headers, String body) {
        for (String path : List.of("/v1/pre-reboot", "/v1/steady-state")) {
            RawHttp.Response r = http.send("POST", path, headers, body);
            assertError(r, 400, "bad_request");
        }
        assertThat(server.locks().reader().list()).isEmpty();
    }

    // ---------------------------------------------------------------- case 5

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH"})
    void case5_nonPostIs405Json(String method) {
        RawHttp.Response r = http.send(method, "/v1/pre-reboot", FLEETLOCK);
        assertError(r, 405, "method_not_allowed");
    }

    @Test
    void case5_unknownPathIs404Json() {
        assertError(http.send("POST", "/v1/reboot-now", FLEETLOCK, zincatiBody("a", "x")), 404, "not_found");
        assertError(http.send("GET", "/v1/", Map.of()), 404, "not_found");
    }

    // ---------------------------------------------------------------- case 6 (one server; two servers: FleetLockPostgresTest)

    @Test
    void case6_tenParallelDistinctIdsOnFiveFreeSlotsGetExactlyFive() throws Exception {
        server.locks().policy().setSlots("wave", 5, "test");
        assertThat(parallelLocks(http, "wave", 10)).isEqualTo(5);
        assertThat(holders("wave")).hasSize(5);
    }

    /** {@code n} distinct machine ids ask at the same moment; answers the number of 200s (the rest must be 409). */
    static int parallelLocks(RawHttp http, String group, int n) throws Exception {
        return parallelLocks(List.of(http), group, n);
    }

    static int parallelLocks(List<RawHttp> servers, String group, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<RawHttp.Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawHttp target = servers.get(i % servers.size());
            String id = machineId();
            calls.add(() -> {
                go.await();
                return target.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody(id, group));
            });
        }
        try (var pool = Executors.newFixedThreadPool(n)) {
            List<Future<RawHttp.Response>> answers = new ArrayList<>();
            calls.forEach(c -> answers.add(pool.submit(c)));
            go.countDown();
            int granted = 0;
            for (Future<RawHttp.Response> f : answers) {
                RawHttp.Response r = f.get();
                if (r.status() == 200) {
                    granted++;
                } else {
                    assertError(r, 409, "failed_lock_semaphore_full");
                }
            }
            return granted;
        }
    }

    // ---------------------------------------------------------------- case 7 and 8

    @Test
    void case7_changedSlotsApplyToTheNextDecisionAndLoweringEvictsNobody() {
        assertThat(lock("a", "g7").status()).isEqualTo(200);
        assertError(lock("b", "g7"), 409, "failed_lock_semaphore_full");
        server.locks().policy().setSlots("g7", 3, "test");
        assertThat(lock("b", "g7").status()).isEqualTo(200);
        assertThat(lock("c", "g7").status()).isEqualTo(200);
        server.locks().policy().setSlots("g7", 1, "test");
        assertThat(holders("g7")).containsExactlyInAnyOrder("a", "b", "c");
        assertError(lock("d", "g7"), 409, "failed_lock_semaphore_full");
        assertThat(lock("a", "g7").status()).isEqualTo(200); // a holder is still a holder
        unlock("a", "g7");
        unlock("b", "g7");
        assertError(lock("d", "g7"), 409, "failed_lock_semaphore_full"); // c alone fills the one slot
        unlock("c", "g7");
        assertThat(lock("d", "g7").status()).isEqualTo(200);
    }

    @Test
    void case8_stateSurvivesARestart() {
        String id = machineId();
        assertThat(lock(id, "g8").status()).isEqualTo(200);
        server.close();
        server = start(data, DoorSettings.DEFAULTS);
        http = new RawHttp(server.port());
        assertThat(holders("g8")).containsExactly(id);
        assertError(lock("other", "g8"), 409, "failed_lock_semaphore_full");
        assertThat(lock(id, "g8").status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- settings and history

    @Test
    void historyMarksTheProtocolAndTheClientId() {
        lock("a", "hist");
        lock("b", "hist");
        unlock("a", "hist");
        List<LockEvent> events = server.locks().reader().events("hist", null, 50).events();
        assertThat(events).extracting(LockEvent::type)
                .containsExactly(EventType.RELEASE, EventType.REFUSE, EventType.ACQUIRE, EventType.CREATE);
        assertThat(events).allSatisfy(e -> assertThat(e.protocol()).isEqualTo(Protocol.FLEETLOCK));
        assertThat(events.get(0).holder()).isEqualTo("a");
        assertThat(events.get(1).holder()).isEqualTo("b");
    }

    @Test
    void frozenGroupIs423NotSuccess() {
        server.locks().policy().setSlots("frozen", 2, "test");
        server.locks().policy().freeze("frozen", "incident 42", "test");
        assertError(lock("a", "frozen"), 423, "failed_lock_frozen");
        assertThat(holders("frozen")).isEmpty();
    }

    @Test
    void servedUnderAPathPrefixWhenConfigured(@TempDir Path other) {
        try (BatonServer prefixed = start(other, DoorSettings.DEFAULTS.withFleetLockPrefix("/fleetlock"))) {
            RawHttp h = new RawHttp(prefixed.port());
            assertThat(h.send("POST", "/fleetlock/v1/pre-reboot", FLEETLOCK, zincatiBody("a", "default")).status()).isEqualTo(200);
            assertError(h.send("GET", "/fleetlock/v1/pre-reboot", FLEETLOCK), 405, "method_not_allowed");
            assertError(h.send("POST", "/fleetlock/v1/nope", FLEETLOCK, "{}"), 404, "not_found");
            assertThat(h.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody("b", "default")).status()).isEqualTo(404);
            assertThat(h.send("POST", "/fleetlock/v1/steady-state", FLEETLOCK, zincatiBody("a", "default")).status()).isEqualTo(200);
        }
    }

    /** Issue 13: a base URL with a doubled slash (Zincati joins per RFC 3986 and keeps it) reaches the door. */
    @Test
    void repeatedSlashesInThePathAreMerged(@TempDir Path other) {
        String id = machineId();
        assertThat(http.send("POST", "//v1/pre-reboot", FLEETLOCK, zincatiBody(id, "default")).status()).isEqualTo(200);
        assertThat(holders("default")).containsExactly(id);
        assertThat(http.send("POST", "//v1//steady-state", FLEETLOCK, zincatiBody(id, "default")).status()).isEqualTo(200);
        assertThat(holders("default")).isEmpty();
        try (BatonServer prefixed = start(other, DoorSettings.DEFAULTS.withFleetLockPrefix("/fleetlock"))) {
            RawHttp h = new RawHttp(prefixed.port());
            assertThat(h.send("POST", "/fleetlock//v1/pre-reboot", FLEETLOCK, zincatiBody("a", "default")).status()).isEqualTo(200);
            assertThat(h.send("POST", "//fleetlock/v1/steady-state", FLEETLOCK, zincatiBody("a", "default")).status()).isEqualTo(200);
            assertThat(prefixed.locks().reader().show("default").orElseThrow().holders()).isEmpty();
            assertError(h.send("POST", "//fleetlock//v1/nope", FLEETLOCK, "{}"), 404, "not_found");
        }
    }

    @Test
    void unknownGroupIsRefusedWhenCreationIsOff(@TempDir Path other) {
        try (BatonServer strict = start(other, DoorSettings.DEFAULTS.withCreate(true, true, false))) {
            RawHttp h = new RawHttp(strict.port());
            assertError(h.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody("a", "nope")), 404, "unknown_group");
            assertThat(strict.locks().reader().list()).isEmpty();
            strict.locks().policy().setSlots("known", 2, "test");
            assertThat(h.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody("a", "known")).status()).isEqualTo(200);
        }
    }

    @Test
    void protectedGroupNeedsBasicCredentialsAllowedToHoldTheId(@TempDir Path other) {
        try (BatonServer guarded = start(other, DoorSettings.DEFAULTS.withFleetLockAuthGroups(Set.of("secure")))) {
            RawHttp h = new RawHttp(guarded.port());
            var issued = guarded.auth().createCredential("node-a", dev.baton.auth.Role.HOST, Set.of("node-a"));
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (issued.credential().id() + ":" + issued.secret()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertError(h.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody("node-a", "secure")), 401, "unauthorized");
            assertError(h.send("POST", "/v1/pre-reboot", Map.of("fleet-lock-protocol", "true", "Authorization", basic),
                    zincatiBody("node-b", "secure")), 403, "forbidden");
            assertThat(guarded.locks().reader().list()).isEmpty();
            assertThat(h.send("POST", "/v1/pre-reboot", Map.of("fleet-lock-protocol", "true", "Authorization", basic),
                    zincatiBody("node-a", "secure")).status()).isEqualTo(200);
            // other groups stay open for Zincati
            assertThat(h.send("POST", "/v1/pre-reboot", FLEETLOCK, zincatiBody("node-b", "default")).status()).isEqualTo(200);
        }
    }

    @Test
    void aRegisteredMachineIdChecksInItsHost() {
        String id = machineId();
        server.hosts().add("node1.example.com", List.of(id));
        assertThat(lock(id, "default").status()).isEqualTo(200);
        var host = server.hosts().find("node1.example.com").orElseThrow();
        assertThat(host.lastCheckIn()).isNotNull();
        assertThat(host.lastProtocol()).isEqualTo("fleetlock");
    }
}
