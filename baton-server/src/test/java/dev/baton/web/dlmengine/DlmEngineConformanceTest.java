package dev.baton.web.dlmengine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.auth.AuthService;
import dev.baton.auth.Role;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.RawHttp;
import dev.baton.server.ServerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DLM Engine v1, v2 and the transitional clients ({@code protocols/dlm-engine.md}) against a real server, sending
 * what each client generation sends: {@code x-secret-id} (or the older {@code x-id}) and {@code x-secret}, JSON bodies
 * ({@code {"data":...}} in v1, a body on v1 DELETE), {@code GET /versions} then the org paths.
 */
class DlmEngineConformanceTest {

    @TempDir
    static Path data;
    static BatonServer server;
    static RawHttp http;
    static Map<String, String> web1;
    static Map<String, String> web1OldHeader;
    static Map<String, String> web2;
    static Map<String, String> operator;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword("test-password-1"));
        http = new RawHttp(server.port());
        AuthService auth = server.auth();
        var w1 = auth.createCredential("web1", Role.HOST, Set.of("web1.example.com"));
        var w2 = auth.createCredential("web2", Role.HOST, Set.of("web2.example.com"));
        var op = auth.createCredential("ops", Role.OPERATOR, Set.of());
        web1 = headers("x-secret-id", w1);
        web1OldHeader = headers("x-id", w1);
        web2 = headers("x-secret-id", w2);
        operator = headers("x-secret-id", op);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, String> headers(String idHeader, AuthService.Issued c) {
        return Map.of(idHeader, c.credential().id(), "x-secret", c.secret(), "Content-Type", "application/json",
                "Accept", "application/json", "User-Agent", "python-requests/2.31.0");
    }

    static String v2Body(String fqdn) {
        return "{\"acquired_by\": \"" + fqdn + "\"}";
    }

    static String v1Body(String fqdn) {
        return "{\"data\": {\"acquired_by\": \"" + fqdn + "\", \"secret\": \"per-lock-secret\"}}";
    }

    static List<String> fields(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    static List<String> holders(String lock) {
        return server.locks().reader().show(lock).map(v -> v.holders().stream().map(LockView.HolderView::holder).toList()).orElse(List.of());
    }

    static void assertV2Error(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        assertThat(fields(r.json())).containsExactly("detail");
        assertThat(r.json().path("detail").asText()).isNotBlank();
    }

    static void assertV1Error(RawHttp.Response r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("application/json");
        JsonNode e = r.json().path("errors").get(0);
        assertThat(e).as(r.toString()).isNotNull();
        assertThat(e.path("id").asInt()).isEqualTo(status);
        assertThat(e.path("details").asText()).isNotBlank();
        assertThat(e.path("title").asText()).isNotBlank();
    }

    // ------------------------------------------------------------------ v2

    @Test
    void v2AcquireShowReleaseAsTheCurrentClientDoes() {
        // the client's acquire: GET first (404: nobody holds it), then POST; only 201 is success
        assertV2Error(http.send("GET", "/api/v2/locks/v2-db", web1), 404);
        RawHttp.Response post = http.send("POST", "/api/v2/locks/v2-db", web1, v2Body("web1.example.com"));
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(fields(post.json())).containsExactly("id", "acquired_by", "acquired_since");
        assertThat(post.json().path("id").asText()).isEqualTo("v2-db");
        assertThat(post.json().path("acquired_by").asText()).isEqualTo("web1.example.com");

        RawHttp.Response get = http.send("GET", "/api/v2/locks/v2-db", web1);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.json().path("acquired_by").asText()).isEqualTo("web1.example.com");
        assertThat(get.json().path("acquired_since").asText()).isEqualTo(post.json().path("acquired_since").asText());

        // POST by the holder again: 201 again (idempotent), never 200 or 400
        assertThat(http.send("POST", "/api/v2/locks/v2-db", web1, v2Body("web1.example.com")).status()).isEqualTo(201);
        // another host: not 201
        RawHttp.Response other = http.send("POST", "/api/v2/locks/v2-db", web2, v2Body("web2.example.com"));
        assertV2Error(other, 400);
        assertThat(other.json().path("detail").asText()).isEqualTo("Duplicate Resource");
        assertThat(holders("v2-db")).containsExactly("web1.example.com");

        // DELETE by another host's credential releases nothing, and says who holds it
        RawHttp.Response notYours = http.send("DELETE", "/api/v2/locks/v2-db", web2);
        assertV2Error(notYours, 409);
        assertThat(notYours.json().path("detail").asText())
                .isEqualTo("lock 'v2-db' is held by 'web1.example.com', not by 'web2.example.com'");
        assertThat(holders("v2-db")).containsExactly("web1.example.com");
        RawHttp.Response delete = http.send("DELETE", "/api/v2/locks/v2-db", web1);
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.body()).isEqualTo("{}");
        assertThat(holders("v2-db")).isEmpty();
        // releasing again: nothing held, nobody else holds it: a successful no-op
        RawHttp.Response again = http.send("DELETE", "/api/v2/locks/v2-db", web1);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{}");
    }

    /** Issue 13: after an operator force-released its slot, a host's DELETE answered 404 on every later run. */
    @Test
    void aHostWhoseSlotWasForceReleasedFinishesItsRelease() {
        assertThat(http.send("POST", "/api/v2/locks/v2-forced", web1, v2Body("web1.example.com")).status()).isEqualTo(201);
        server.locks().service().forceRelease("v2-forced", "web1.example.com", "ops", "host stuck in reboot");

        RawHttp.Response delete = http.send("DELETE", "/api/v2/locks/v2-forced", web1);
        assertThat(delete.status()).as(delete.toString()).isEqualTo(200);
        assertThat(delete.body()).isEqualTo("{}");
        LockEvent last = server.locks().reader().events("v2-forced", null, 1).events().get(0);
        assertThat(last.type()).isEqualTo(EventType.RELEASE);
        assertThat(last.holder()).isEqualTo("web1.example.com");
        assertThat(last.reason()).contains("not held");
        assertThat(last.protocol()).isEqualTo(Protocol.DLM_V2);

        // the same for a v1 client, and for a lock that was never taken at all
        assertThat(http.send("POST", "/api/v1/locks/v1-forced", web1, v1Body("web1.example.com")).status()).isEqualTo(201);
        server.locks().service().forceRelease("v1-forced", "web1.example.com", "ops", "host stuck in reboot");
        RawHttp.Response v1 = http.send("DELETE", "/api/v1/locks/v1-forced", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}");
        assertThat(v1.status()).as(v1.toString()).isEqualTo(200);
        assertThat(v1.json().isObject()).isTrue();
        assertThat(server.locks().reader().events("v1-forced", null, 1).events().get(0).reason()).contains("not held");
        assertThat(http.send("DELETE", "/api/v2/locks/never-taken", web1).status()).isEqualTo(200);
    }

    @Test
    void aReleaseOfALockAnotherHostTookMeanwhileIs409AndLeavesItHeld() {
        http.send("POST", "/api/v2/locks/v2-taken", web1, v2Body("web1.example.com"));
        server.locks().service().forceRelease("v2-taken", "web1.example.com", "ops", "host stuck in reboot");
        assertThat(http.send("POST", "/api/v2/locks/v2-taken", web2, v2Body("web2.example.com")).status()).isEqualTo(201);

        RawHttp.Response v2 = http.send("DELETE", "/api/v2/locks/v2-taken", web1);
        assertV2Error(v2, 409);
        assertThat(v2.json().path("detail").asText())
                .isEqualTo("lock 'v2-taken' is held by 'web2.example.com', not by 'web1.example.com'");
        RawHttp.Response v1 = http.send("DELETE", "/api/v1/locks/v2-taken", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}");
        assertV1Error(v1, 409);
        assertThat(v1.json().path("errors").get(0).path("details").asText())
                .isEqualTo("lock 'v2-taken' is held by 'web2.example.com', not by 'web1.example.com'");
        assertThat(v1.json().path("errors").get(0).path("title").asText()).isEqualTo("Conflict");
        assertThat(holders("v2-taken")).containsExactly("web2.example.com");
        assertThat(server.locks().reader().events("v2-taken", null, 1).events().get(0).type()).isEqualTo(EventType.REFUSE);
    }

    /** Issue 13: repeated slashes in the path are merged, as nginx and Rails do, before routing. */
    @Test
    void repeatedSlashesInThePathReachTheSameLock() {
        RawHttp.Response post = http.send("POST", "/api/v2//locks/slashes", web1, v2Body("web1.example.com"));
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(holders("slashes")).containsExactly("web1.example.com");
        assertThat(http.send("GET", "//api/v2/locks//slashes", web1).json().path("acquired_by").asText()).isEqualTo("web1.example.com");
        assertThat(http.send("DELETE", "//api/v2//locks/slashes", web1).status()).isEqualTo(200);
        assertThat(holders("slashes")).isEmpty();
        assertThat(http.send("POST", "//api/v1//locks/slashes", web1, v1Body("web1.example.com")).status()).isEqualTo(201);
        assertThat(http.send("DELETE", "/api/v1//locks/slashes", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}").status())
                .isEqualTo(200);
        assertThat(holders("slashes")).isEmpty();
        // an encoded slash is no separator: still refused as part of a name
        assertV2Error(http.send("POST", "/api/v2/locks/a%2F%2Fb", web1, v2Body("web1.example.com")), 400);
        assertV1Error(http.send("GET", "//api/v1//nothing", web1), 404);
    }

    @Test
    void v2PostAsAnotherHoldersNameIs403() {
        assertV2Error(http.send("POST", "/api/v2/locks/v2-spoof", web2, v2Body("web1.example.com")), 403);
        assertThat(holders("v2-spoof")).isEmpty();
    }

    @Test
    void v2ListFiltersByRegexAndPages() {
        http.send("POST", "/api/v2/locks/list-a", web1, v2Body("web1.example.com"));
        http.send("POST", "/api/v2/locks/list-b", web2, v2Body("web2.example.com"));
        http.send("POST", "/api/v2/locks/other-c", web2, v2Body("web2.example.com"));
        RawHttp.Response r = http.send("GET", "/api/v2/locks?lock_id=%5Elist-&page=0&limit=10", web1);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(fields(r.json())).containsExactly("result", "meta");
        assertThat(r.json().path("meta").path("result_size").asInt()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        r.json().path("result").forEach(l -> ids.add(l.path("id").asText()));
        assertThat(ids).containsExactly("list-a", "list-b");
        RawHttp.Response page = http.send("GET", "/api/v2/locks?lock_id=%5Elist-&page=1&limit=1", web1);
        assertThat(page.json().path("result").get(0).path("id").asText()).isEqualTo("list-b");
        assertThat(page.json().path("meta").path("result_size").asInt()).isEqualTo(2);
    }

    @Test
    void v2ListRegexGuard() {
        server.locks().service().acquire(dev.baton.lock.AcquireRequest.now("a".repeat(60), "web1.example.com", "test", Protocol.NATIVE));
        long start = System.nanoTime();
        assertV2Error(http.send("GET", "/api/v2/locks?lock_id=%28.*a%29%7B25%7Dx", web1), 400);  // (.*a){25}x: catastrophic backtracking
        assertV2Error(http.send("GET", "/api/v2/locks?lock_id=%5B", web1), 400);                  // [: invalid
        assertV2Error(http.send("GET", "/api/v2/locks?lock_id=" + "a".repeat(500), web1), 400);   // too long
        assertV2Error(http.send("GET", "/api/v2/locks?limit=0", web1), 400);
        assertV2Error(http.send("GET", "/api/v2/locks?page=x", web1), 400);
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    // ------------------------------------------------------------------ auth

    @Test
    void missingOrWrongCredentialsAre401Json() {
        assertV2Error(http.send("POST", "/api/v2/locks/auth", Map.of("Content-Type", "application/json"), v2Body("web1.example.com")), 401);
        Map<String, String> wrong = new HashMap<>(web1);
        wrong.put("x-secret", "not-the-secret");
        assertV2Error(http.send("POST", "/api/v2/locks/auth", wrong, v2Body("web1.example.com")), 401);
        assertV1Error(http.send("POST", "/api/v1/locks/auth", wrong, v1Body("web1.example.com")), 401);
        assertThat(server.locks().reader().show("auth")).isEmpty();
    }

    @Test
    void olderClientsSendXId() {
        assertThat(http.send("POST", "/api/v2/locks/xid", web1OldHeader, v2Body("web1.example.com")).status()).isEqualTo(201);
        assertThat(http.send("DELETE", "/api/v2/locks/xid", web1OldHeader).status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ transitional clients

    @Test
    void transitionalClientsProbeVersionsThenUseOrgPaths() {
        RawHttp.Response versions = http.send("GET", "/versions", Map.of("Accept", "application/json"));
        assertThat(versions.status()).isEqualTo(200);
        assertThat(versions.body()).isEqualTo("{\"versions\":[{\"version\":\"2\"}]}");

        String lock = "/api/v2/orgs/DLMUpdater/locks/org-db";
        assertV2Error(http.send("GET", lock, web1), 404);
        RawHttp.Response post = http.send("POST", lock, web1, v2Body("web1.example.com"));
        assertThat(post.status()).isEqualTo(201);
        assertThat(post.json().path("acquired_by").asText()).isEqualTo("web1.example.com");
        assertThat(http.send("GET", lock, web1).json().path("acquired_by").asText()).isEqualTo("web1.example.com");
        assertThat(http.send("GET", "/api/v2/orgs/DLMUpdater/locks?lock_id=org-db", web1).json().path("meta").path("result_size").asInt())
                .isEqualTo(1);
        // the org is a namespace label only: the same lock as /api/v2/locks/org-db
        assertThat(http.send("POST", "/api/v2/locks/org-db", web2, v2Body("web2.example.com")).status()).isEqualTo(400);
        assertThat(http.send("DELETE", lock, web1).status()).isEqualTo(200);
        assertThat(holders("org-db")).isEmpty();
    }

    // ------------------------------------------------------------------ v1

    @Test
    void v1WrapsEveryBodyInData() {
        RawHttp.Response post = http.send("POST", "/api/v1/locks/v1-db", web1, v1Body("web1.example.com"));
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(fields(post.json())).containsExactly("data");
        assertThat(fields(post.json().path("data"))).containsExactly("id", "acquired_by", "acquired_since");
        assertThat(post.json().path("data").path("acquired_by").asText()).isEqualTo("web1.example.com");
        assertThat(http.send("POST", "/api/v1/locks/v1-db", web1, v1Body("web1.example.com")).status()).isEqualTo(201);
        assertV1Error(http.send("POST", "/api/v1/locks/v1-db", web2, v1Body("web2.example.com")), 400);

        RawHttp.Response get = http.send("GET", "/api/v1/locks/v1-db", web2);
        assertThat(get.json().path("data").path("acquired_by").asText()).isEqualTo("web1.example.com");

        RawHttp.Response search = http.send("GET", "/api/v1/locks/_search?locks=%5Ev1-&acquired_by=web1", web2);
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().path("data").path("results").get(0).path("data").path("id").asText()).isEqualTo("v1-db");

        // release is holder-checked: a mismatching acquired_by is 409 and changes nothing
        assertV1Error(http.send("DELETE", "/api/v1/locks/v1-db", web2, "{\"data\":{\"acquired_by\":\"web2.example.com\"}}"), 409);
        assertV1Error(http.send("DELETE", "/api/v1/locks/v1-db", web2, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}"), 403);
        assertThat(holders("v1-db")).containsExactly("web1.example.com");
        RawHttp.Response delete = http.send("DELETE", "/api/v1/locks/v1-db", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}");
        assertThat(delete.status()).isEqualTo(200);
        assertThat(delete.json().isObject()).isTrue();
        assertThat(holders("v1-db")).isEmpty();
        assertV1Error(http.send("GET", "/api/v1/locks/v1-db", web1), 404);
    }

    @Test
    void v1ForceNeedsAnOperatorAndSaysSoInTheHistory() {
        http.send("POST", "/api/v1/locks/v1-force", web1, v1Body("web1.example.com"));
        String force = "{\"data\":{\"acquired_by\":\"web2.example.com\",\"force\":true}}";
        assertV1Error(http.send("DELETE", "/api/v1/locks/v1-force", web2, force), 403);
        assertThat(holders("v1-force")).containsExactly("web1.example.com");
        assertThat(http.send("DELETE", "/api/v1/locks/v1-force", operator,
                "{\"data\":{\"acquired_by\":\"ops-console\",\"force\":true}}").status()).isEqualTo(200);
        assertThat(holders("v1-force")).isEmpty();
        LockEvent last = server.locks().reader().events("v1-force", null, 1).events().get(0);
        assertThat(last.type()).isEqualTo(EventType.FORCE_RELEASE);
        assertThat(last.actor()).isEqualTo("ops");
        assertThat(last.holder()).isEqualTo("web1.example.com");
        // forcing a lock nobody holds: nothing to do, and the history says so
        assertThat(http.send("DELETE", "/api/v1/locks/v1-force", operator,
                "{\"data\":{\"acquired_by\":\"ops-console\",\"force\":true}}").status()).isEqualTo(200);
        assertThat(server.locks().reader().events("v1-force", null, 1).events().get(0).reason()).contains("not held");
    }

    @Test
    void historyMarksEachGeneration() {
        http.send("POST", "/api/v1/locks/gens", web1, v1Body("web1.example.com"));
        http.send("DELETE", "/api/v1/locks/gens", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\"}}");
        http.send("POST", "/api/v2/locks/gens", web2, v2Body("web2.example.com"));
        List<Protocol> protocols = server.locks().reader().events("gens", null, 50).events().stream()
                .filter(e -> e.type() == EventType.ACQUIRE || e.type() == EventType.RELEASE).map(LockEvent::protocol).toList();
        assertThat(protocols).containsExactly(Protocol.DLM_V2, Protocol.DLM_V1, Protocol.DLM_V1);
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void badBodiesAre400InEachGenerationsShapeAndChangeNothing() {
        assertV2Error(http.send("POST", "/api/v2/locks/bad", web1, "not json"), 400);
        assertV2Error(http.send("POST", "/api/v2/locks/bad", web1, "{}"), 400);
        assertV2Error(http.send("POST", "/api/v2/locks/bad", web1, "{\"acquired_by\": 7}"), 400);
        assertV2Error(http.send("POST", "/api/v2/locks/bad", web1, v2Body("x".repeat(300))), 400);
        assertV1Error(http.send("POST", "/api/v1/locks/bad", web1, v2Body("web1.example.com")), 400);  // v2 body on v1
        assertV1Error(http.send("POST", "/api/v1/locks/bad", web1, "{\"data\":"), 400);
        assertV1Error(http.send("DELETE", "/api/v1/locks/bad", web1), 400);                              // v1 DELETE needs its body
        assertV1Error(http.send("DELETE", "/api/v1/locks/bad", web1, "{\"data\":{\"acquired_by\":\"web1.example.com\",\"force\":\"yes\"}}"), 400);
        assertThat(server.locks().reader().show("bad")).isEmpty();
    }

    @Test
    void badNamesUnknownPathsAndMethodsAnswerInEachShape() {
        assertV2Error(http.send("POST", "/api/v2/locks/..%2Fetc", web1, v2Body("web1.example.com")), 400);
        assertV2Error(http.send("POST", "/api/v2/locks/" + "n".repeat(1000), web1, v2Body("web1.example.com")), 400);
        assertV2Error(http.send("PUT", "/api/v2/locks/x", web1, v2Body("web1.example.com")), 405);
        assertV2Error(http.send("GET", "/api/v2/locks/x/y", web1), 404);
        assertV2Error(http.send("GET", "/api/v2/orgs/a%20b/locks/x", web1), 400);
        assertV1Error(http.send("POST", "/api/v1/locks/a%09b", web1, v1Body("web1.example.com")), 400);
        assertV1Error(http.send("POST", "/api/v1/locks/..%2F..%2Fetc", web1, v1Body("web1.example.com")), 400);
        assertV1Error(http.send("PATCH", "/api/v1/locks/x", web1, v1Body("web1.example.com")), 405);
        assertV1Error(http.send("GET", "/api/v1/nothing", web1), 404);
        assertThat(server.locks().reader().list().stream().map(LockView::name)).noneMatch(n -> n.contains("etc") || n.startsWith("nnn"));
    }
}
