package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.web.Json;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The native API against a real server on the embedded store, through the real client and raw HTTP. */
class NativeApiTest {

    private static final String PASSWORD = "test-password-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient admin;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        admin = client("admin", PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BatonClient client(String id, String secret) {
        return new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic(id, secret), null);
    }

    @Test
    void acquireIsReentrantAndReleaseIsHolderChecked() {
        assertThat(admin.acquire("api-basic", "h1", Duration.ZERO).status()).isEqualTo("granted");
        assertThat(admin.acquire("api-basic", "h1", Duration.ZERO).status()).isEqualTo("already_held");
        var refused = admin.acquire("api-basic", "h2", Duration.ZERO);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.status()).isEqualTo("full");
        assertThat(refused.message()).contains("api-basic");

        var notHeld = admin.release("api-basic", "h2");
        assertThat(notHeld.released()).isFalse();
        assertThat(notHeld.status()).isEqualTo("not_held");
        assertThat(holders("api-basic")).containsExactly("h1");

        assertThat(admin.release("api-basic", "h1").released()).isTrue();
        assertThat(holders("api-basic")).isEmpty();
        assertThat(admin.show("api-basic").path("slots").asInt()).isEqualTo(1);
    }

    @Test
    void aWaiterIsServedWhenTheHolderReleases() throws Exception {
        admin.acquire("api-wait", "first", Duration.ZERO);
        var waiting = CompletableFuture.supplyAsync(() -> admin.acquire("api-wait", "second", Duration.ofSeconds(20)));
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.show("api-wait").path("waiters").size() == 1);
        assertThat(admin.show("api-wait").path("waiters").get(0).path("position").asInt()).isEqualTo(1);
        // a caller that does not wait must not jump the queue
        assertThat(admin.acquire("api-wait", "third", Duration.ZERO).granted()).isFalse();

        admin.release("api-wait", "first");
        var answer = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(answer.granted()).isTrue();
        assertThat(holders("api-wait")).containsExactly("second");
    }

    @Test
    void aWaiterWhoseClientDisconnectsLeavesTheQueue() throws Exception {
        admin.acquire("api-gone", "holder", Duration.ZERO);
        String body = "{\"holder\":\"quitter\",\"wait_seconds\":60}";
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v3/locks/api-gone/acquire HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("admin", PASSWORD)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.show("api-gone").path("waiters").size() == 1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.show("api-gone").path("waiters").isEmpty());
        admin.release("api-gone", "holder");
        assertThat(holders("api-gone")).isEmpty(); // the slot was not handed to the client that left
        assertThat(admin.events("api-gone", null, 5).toString()).contains("went away");
    }

    /** The native API passes the same holder gate as the protocol doors: a host that locks through it checks in. */
    @Test
    void aHostThatLocksThroughTheNativeApiChecksIn() {
        server.hosts().add("agent1.example.com", List.of());
        var credential = admin.createCredential("agent1", "host", List.of("agent1.example.com"));
        BatonClient agent = client(credential.path("id").asText(), credential.path("secret").asText());
        assertThat(agent.acquire("api-checkin", "agent1.example.com", Duration.ZERO).granted()).isTrue();
        var host = server.hosts().find("agent1.example.com").orElseThrow();
        assertThat(host.lastCheckIn()).isNotNull();
        assertThat(host.lastProtocol()).isEqualTo("native");
        assertStatus(() -> agent.acquire("api-checkin", "agent2.example.com", Duration.ZERO), 403);
    }

    @Test
    void rolesDecideWhoMayDoWhat() {
        var host = admin.createCredential("web1", "host", List.of("web1.example.com"));
        var viewer = admin.createCredential("dash", "viewer", List.of());
        var operator = admin.createCredential("oncall", "operator", List.of());
        BatonClient asHost = client(host.path("id").asText(), host.path("secret").asText());
        BatonClient asViewer = client(viewer.path("id").asText(), viewer.path("secret").asText());
        BatonClient asOperator = client(operator.path("id").asText(), operator.path("secret").asText());

        assertThat(asHost.acquire("api-roles", "web1.example.com", Duration.ZERO).granted()).isTrue();
        assertStatus(() -> asHost.acquire("api-roles", "web2.example.com", Duration.ZERO), 403);
        assertStatus(() -> asHost.forceRelease("api-roles", "web1.example.com", "no"), 403);
        assertStatus(() -> asViewer.acquire("api-roles", "x", Duration.ZERO), 403);
        assertThat(asViewer.show("api-roles").path("holders")).hasSize(1);
        assertStatus(() -> asOperator.createCredential("x", "admin", List.of()), 403);
        assertStatus(() -> asOperator.forceRelease("api-roles", "web1.example.com", " "), 400); // reason required
        assertThat(asOperator.forceRelease("api-roles", "web1.example.com", "host is dead").path("released").asBoolean()).isTrue();

        admin.revokeCredential(host.path("id").asText());
        assertStatus(() -> asHost.acquire("api-roles", "web1.example.com", Duration.ZERO), 401);
        assertStatus(() -> client("admin", "wrong").list(), 401);
        assertThat(admin.credentials().toString()).doesNotContain(host.path("secret").asText());
    }

    @Test
    void freezeDisableAndSlotsAreOperatorSwitches() {
        admin.setSlots("api-ops", 2);
        admin.acquire("api-ops", "a", Duration.ZERO);
        admin.freeze("api-ops", "incident 42");
        var frozen = admin.acquire("api-ops", "b", Duration.ZERO);
        assertThat(frozen.granted()).isFalse();
        assertThat(frozen.status()).isEqualTo("frozen");
        assertThat(frozen.message()).contains("incident 42");
        assertThat(admin.release("api-ops", "a").released()).isTrue(); // holders may still release
        admin.unfreeze("api-ops");

        admin.freeze(null, "fleet-wide stop");
        assertThat(admin.acquire("api-ops", "b", Duration.ZERO).status()).isEqualTo("frozen");
        admin.unfreeze(null);
        assertThat(admin.acquire("api-ops", "b", Duration.ZERO).granted()).isTrue();

        admin.setEnabled("api-ops", false, "maintenance");
        assertThat(admin.acquire("api-ops", "c", Duration.ZERO).status()).isEqualTo("disabled");
        assertStatus(() -> admin.release("api-ops", "b"), 423);
        admin.setEnabled("api-ops", true, null);
        admin.setSlots("api-ops", 3);

        List<String> types = new ArrayList<>();
        admin.events("api-ops", null, 100).path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).contains("create", "slots", "acquire", "freeze", "refuse", "release", "unfreeze", "disable", "enable");
        assertThat(admin.events(null, null, 100).toString()).contains("fleet-wide stop");
    }

    @Test
    void eventsArePaginatedNewestFirst() {
        for (int i = 0; i < 5; i++) {
            admin.acquire("api-events", "h", Duration.ZERO);
            admin.release("api-events", "h");
        }
        JsonNode first = admin.events("api-events", null, 4);
        assertThat(first.path("events")).hasSize(4);
        long next = first.path("next_before").asLong();
        JsonNode second = admin.events("api-events", next, 100);
        assertThat(second.path("events").get(0).path("id").asLong()).isLessThan(first.path("events").get(3).path("id").asLong() + 1);
        assertThat(second.path("next_before").isNull()).isTrue();
        assertThat(first.path("events").size() + second.path("events").size()).isEqualTo(11); // create + 10
        long previous = Long.MAX_VALUE;
        for (JsonNode e : first.path("events")) {
            assertThat(e.path("id").asLong()).isLessThan(previous);
            previous = e.path("id").asLong();
        }
    }

    /** Issue 13: the history of a lock that does not exist is 404, not an empty list. */
    @Test
    void eventsOfALockThatDoesNotExistAre404() throws Exception {
        assertError(raw("GET", "/api/v3/locks/nosuchlock/events", null), 404, "no lock named 'nosuchlock'");
        assertThat(server.locks().reader().show("nosuchlock")).isEmpty();
        admin.acquire("api-events-exist", "h", Duration.ZERO);
        var events = raw("GET", "/api/v3/locks/api-events-exist/events?before=1", null);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        assertThat(JSON.readTree(events.body()).path("events")).isEmpty();
    }

    /** Issue 13: {@code lock show ""} asked for {@code /api/v3/locks/} and got the list, shown as an empty lock. */
    @Test
    void anEmptyLockNameIsNotTheList() throws Exception {
        assertError(raw("GET", "/api/v3/locks/", null), 400, "lock name is missing");
        assertThat(raw("GET", "/api/v3/locks", null).statusCode()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest
    @ValueSource(strings = {"a%2Fb", "a%20b", "..", "a%00b", "%E2%98%83", "x%0Ay"})
    void oddLockNamesAreRefusedWithJson(String encodedName) throws Exception {
        String before = admin.list().toString();
        var response = raw("POST", "/api/v3/locks/" + encodedName + "/acquire", "{\"holder\":\"h\"}");
        assertThat(response.statusCode()).isBetween(400, 404);
        assertThat(JSON.readTree(response.body()).path("error").path("message").asText()).isNotEmpty();
        assertThat(admin.list().toString()).isEqualTo(before);
    }

    @Test
    void tooLongNamesMalformedJsonHugeBodiesAndNegativeSlotsAreClear4xx() throws Exception {
        String before = admin.list().toString();
        assertError(raw("POST", "/api/v3/locks/" + "x".repeat(200) + "/acquire", "{\"holder\":\"h\"}"), 400, "longer than");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":"), 400, "not valid JSON");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "[1,2]"), 400, "JSON object");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":42}"), 400, "'holder' must be a string");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{}"), 400, "'holder' is required");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":\"h\",\"wait_seconds\":-1}"), 400, "wait_seconds");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":\"h\",\"wait_seconds\":99999999}"), 400, "wait_seconds");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":\"h\",\"pad\":\"" + "x".repeat(100_000) + "\"}"), 413, "larger than");
        assertError(raw("PATCH", "/api/v3/locks/bad", "{\"slots\":-3}"), 400, "slots must be between 0");
        assertError(raw("PATCH", "/api/v3/locks/bad", "{\"slot\":3}"), 400, "unknown field 'slot'");
        assertError(raw("POST", "/api/v3/locks/bad/acquire", "{\"holder\":\"has space\"}"), 400, "white space");
        assertError(raw("GET", "/api/v3/no-such-thing", null), 404, "");
        assertError(raw("DELETE", "/api/v3/locks", null), 405, "");
        assertError(raw("GET", "/api/v3/events?limit=abc", null), 400, "whole number");
        assertThat(admin.list().toString()).isEqualTo(before);
    }

    /** Issue 13: repeated slashes are merged before routing; the query string is kept. */
    @Test
    void repeatedSlashesInThePathAreMerged() throws Exception {
        var granted = raw("POST", "//api/v3//locks/api-slashes/acquire", "{\"holder\":\"h1\"}");
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(holders("api-slashes")).containsExactly("h1");
        assertThat(raw("POST", "/api/v3/locks//api-slashes//release", "{\"holder\":\"h1\"}").statusCode()).isEqualTo(200);
        assertThat(holders("api-slashes")).isEmpty();
        assertError(raw("GET", "//api/v3/events?limit=abc", null), 400, "whole number");
        assertError(raw("GET", "//api/v3//no-such-thing", null), 404, "");
    }

    @Test
    void withoutCredentialsEveryLockRouteIs401Json() throws Exception {
        var response = http.send(HttpRequest.newBuilder(uri("/api/v3/locks/x/acquire"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"holder\":\"h\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertError(response, 401, "credentials are required");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"baton\"");
    }

    // ------------------------------------------------------------------ operations

    @Test
    void smallAnswersCarryTheirLengthAndLargeOnesAreStillCompressedForClientsThatAskForIt() throws Exception {
        admin.acquire("answers-small", "h1", java.time.Duration.ZERO);
        var small = raw("GET", "/api/v3/locks/answers-small", null);
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(small.headers().firstValue("Content-Length")).hasValue(
                String.valueOf(small.body().getBytes(StandardCharsets.UTF_8).length));
        assertThat(JSON.readTree(small.body()).path("name").asText()).isEqualTo("answers-small");

        for (int i = 0; i < 40; i++) {
            admin.acquire("answers-large-" + i, "h1", java.time.Duration.ZERO);
        }
        var large = http.send(HttpRequest.newBuilder(uri("/api/v3/locks")).header("Authorization", basic("admin", PASSWORD))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(large.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(body).contains("answers-large-39");
    }

    @Test
    void healthMetricsAndOpenApi() throws Exception {
        admin.acquire("api-metrics", "m1", Duration.ZERO);
        var health = raw("GET", "/healthz", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).isEqualTo("ok");

        String metrics = raw("GET", "/metrics", null).body();
        assertThat(metrics).contains("baton_lock_holders{lock=\"api-metrics\"} 1.0");
        assertThat(metrics).containsPattern("baton_lock_events_total\\{protocol=\"native\",type=\"acquire\"\\} [1-9]");
        assertThat(metrics).contains("baton_http_server_requests_seconds");
        // each series is labelled with its route pattern (issue 13: every one was route="*")
        raw("GET", "/api/v3/no-such-route", null);
        raw("GET", "/api/v3/locks/api-metrics", null);
        metrics = raw("GET", "/metrics", null).body();
        assertThat(metrics).containsPattern("baton_http_server_requests_seconds_count\\{method=\"POST\",route=\"/api/v3/locks/\\{name}/acquire\",status=\"200\"} [1-9]");
        assertThat(metrics).contains("route=\"/api/v3/locks/{name}\"").contains("route=\"unmatched\",status=\"404\"");
        assertThat(metrics).doesNotContain("route=\"*\"").doesNotContain("api-metrics\",status");
        // The admin logged in at least once, which cost a slow hash; none is running between requests.
        assertThat(metrics).containsPattern("baton_auth_slow_hashes_total [1-9]");
        assertThat(metrics).contains("baton_auth_slow_hashes_running 0.0").contains("baton_auth_slow_hashes_waiting 0.0");

        JsonNode openApi = JSON.readTree(raw("GET", "/api/v3/openapi.json", null).body());
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = openApi.path("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            openApi.path("paths").path(path).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + path));
        }
        assertThat(documented).containsAll(server.routes());
        assertThat(server.routes()).containsAll(documented);
    }

    @Test
    void manyWaitersAreServedInArrivalOrder() throws Exception {
        admin.acquire("api-fifo", "owner", Duration.ZERO);
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "w" + i;
            all.add(CompletableFuture.runAsync(() -> {
                if (admin.acquire("api-fifo", holder, Duration.ofSeconds(30)).granted()) {
                    order.add(holder);
                    admin.release("api-fifo", holder);
                }
            }, pool));
            int expected = i + 1;
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.show("api-fifo").path("waiters").size() == expected);
        }
        admin.release("api-fifo", "owner");
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(order).containsExactly("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7");
    }

    @Test
    void agentsReportProgressAsTheirOwnHostOnly() throws Exception {
        var host = admin.createCredential("db1", "host", List.of("db1.example.com"));
        BatonClient asHost = client(host.path("id").asText(), host.path("secret").asText());
        var report = Json.object().put("run_id", "r1").put("phase", "update").put("script", "10-dnf")
                .put("status", "ok").put("exit_code", 0).put("at", "2026-11-22T01:00:00Z");
        asHost.report("db1.example.com", report);
        asHost.report("db1.example.com", report.deepCopy().put("phase", "post_update").put("status", "failed").put("exit_code", 3));
        assertStatus(() -> asHost.report("db2.example.com", report), 403);
        assertStatus(() -> asHost.report("db1.example.com", Json.object().put("phase", "x")), 400);

        JsonNode latest = JSON.readTree(raw("GET", "/api/v3/progress", null).body()).path("hosts");
        JsonNode db1 = null;
        for (JsonNode h : latest) {
            if (h.path("host").asText().equals("db1.example.com")) {
                db1 = h;
            }
        }
        assertThat(db1).isNotNull();
        assertThat(db1.path("phase").asText()).isEqualTo("post_update");
        assertThat(db1.path("exit_code").asInt()).isEqualTo(3);
        JsonNode history = JSON.readTree(raw("GET", "/api/v3/hosts/db1.example.com/reports", null).body()).path("reports");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).path("at").asText()).isEqualTo("2026-11-22T01:00:00Z");
    }

    // ------------------------------------------------------------------ helpers

    static List<String> holders(String lock) {
        List<String> names = new ArrayList<>();
        admin.show(lock).path("holders").forEach(h -> names.add(h.path("holder").asText()));
        return names;
    }

    static void assertStatus(Runnable call, int status) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(status));
    }

    static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("code").asText()).isNotEmpty();
        assertThat(error.path("message").asText()).contains(messagePart);
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> raw(String method, String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(uri(path)).header("Authorization", basic("admin", PASSWORD));
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
