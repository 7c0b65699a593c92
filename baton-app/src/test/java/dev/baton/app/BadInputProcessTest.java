package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input over HTTP against a real server process: malformed or oversized bodies, out-of-range numbers,
 * lock names and holders with separators, dots, white space and control characters, broken requests.
 * Each gets a 4xx whose body is the native JSON error {@code {"error":{"code","message"}}}, and nothing
 * stored changes: the lock list and the event history read the same before and after.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BadInputProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOCK = "bad-input-target";
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + ServerProcess.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(30)).build();
    private ServerProcess server;

    /** One bad request and the status it must get (0: any 4xx). */
    private record Case(String name, String method, String path, String body, int status, String messageHas) {
    }

    private static Case c(String name, String method, String path, String body, int status, String messageHas) {
        return new Case(name, method, path, body, status, messageHas);
    }

    private static List<Case> cases() {
        String acquire = "/api/v3/locks/" + LOCK + "/acquire";
        String lock = "/api/v3/locks/" + LOCK;
        List<Case> cases = new ArrayList<>(List.of(
                // bodies
                c("truncated JSON", "POST", acquire, "{\"holder\":", 400, "JSON"),
                c("not JSON at all", "POST", acquire, "holder=h1", 400, "JSON"),
                c("a JSON array", "POST", acquire, "[\"h1\"]", 400, "object"),
                c("holder missing", "POST", acquire, "{}", 400, "holder"),
                c("holder a number", "POST", acquire, "{\"holder\":42}", 400, "holder"),
                c("holder with a space", "POST", acquire, "{\"holder\":\"web 1\"}", 400, "holder"),
                c("holder with NUL", "POST", acquire, "{\"holder\":\"web\\u00001\"}", 400, "holder"),
                c("holder with newline", "POST", acquire, "{\"holder\":\"web\\n1\"}", 400, "holder"),
                c("holder too long", "POST", acquire, "{\"holder\":\"" + "h".repeat(256) + "\"}", 400, "holder"),
                c("negative wait", "POST", acquire, "{\"holder\":\"h1\",\"wait_seconds\":-1}", 400, "wait_seconds"),
                c("wait not a number", "POST", acquire, "{\"holder\":\"h1\",\"wait_seconds\":\"soon\"}", 400, "wait_seconds"),
                c("wait over the maximum", "POST", acquire, "{\"holder\":\"h1\",\"wait_seconds\":999999999}", 400, "wait_seconds"),
                c("deeply nested JSON", "POST", acquire, "[".repeat(5000) + "]".repeat(5000), 400, ""),
                c("huge number", "POST", acquire, "{\"holder\":\"h1\",\"wait_seconds\":" + "9".repeat(100) + "}", 400, ""),
                c("release with bad JSON", "POST", lock + "/release", "{holder:h1}", 400, "JSON"),
                // slots and settings
                c("negative slots", "PATCH", lock, "{\"slots\":-1}", 400, "slots"),
                c("negative slots on a new lock", "PATCH", "/api/v3/locks/bad-input-new", "{\"slots\":-3}", 400, "slots"),
                c("slots as a string", "PATCH", lock, "{\"slots\":\"3\"}", 400, "slots"),
                c("fractional slots", "PATCH", lock, "{\"slots\":1.5}", 400, "slots"),
                c("slots beyond int", "PATCH", lock, "{\"slots\":99999999999}", 400, "slots"),
                c("an unknown setting", "PATCH", lock, "{\"colour\":\"red\"}", 400, "colour"),
                c("negative stale_after", "PATCH", lock, "{\"stale_after_seconds\":-1}", 400, "stale_after_seconds"),
                c("force-release without reason", "POST", lock + "/force-release", "{\"holder\":\"keeper\"}", 400, "reason"),
                c("freeze without reason", "POST", lock + "/freeze", "{}", 400, "reason"),
                c("fleet freeze blank reason", "POST", "/api/v3/fleet/freeze", "{\"reason\":\"  \"}", 400, "reason"),
                c("credential with unknown role", "POST", "/api/v3/credentials", "{\"name\":\"x\",\"role\":\"god\"}", 400, ""),
                c("events limit 0", "GET", lock + "/events?limit=0", null, 400, "limit"),
                c("events limit not a number", "GET", "/api/v3/events?limit=ten", null, 400, "limit"),
                // routes
                c("unknown route", "GET", "/api/v3/nothing-here", null, 404, ""),
                c("wrong method", "DELETE", lock, null, 405, ""),
                c("revoke unknown credential", "DELETE", "/api/v3/credentials/no-such-id", null, 404, "no-such-id")));
        // Lock names with separators, dots, white space, control and other odd characters, on every kind of route.
        String[] names = {"a%2Fb", "a%2F..%2Fb", "%2E%2E", "%2E", "a%20b", "a%09b", "a%0Ab", "a%0D%0AX-Injected:%201",
                "a%00b", "a%01b", "a%7Fb", "a%25b", "a%3Fb", "a%23b", "a%5Cb", "%E2%98%83", "a%22b", "%3Cscript%3E",
                "x".repeat(129)};
        for (String name : names) {
            // Jetty itself refuses a NUL in a path, before Baton sees the name.
            String says = name.contains("%00") ? "" : "lock name";
            cases.add(c("acquire on lock '" + name + "'", "POST", "/api/v3/locks/" + name + "/acquire", "{\"holder\":\"h1\"}", 400, says));
            cases.add(c("slots of lock '" + name + "'", "PATCH", "/api/v3/locks/" + name, "{\"slots\":2}", 400, says));
            cases.add(c("show lock '" + name + "'", "GET", "/api/v3/locks/" + name, null, 400, says));
        }
        cases.add(c("show an unknown lock", "GET", "/api/v3/locks/no-such-lock", null, 404, "no-such-lock"));
        cases.add(c("freeze an unknown lock", "POST", "/api/v3/locks/no-such-lock/freeze", "{\"reason\":\"r\"}", 404, ""));
        cases.add(c("force-release on an unknown lock", "POST", "/api/v3/locks/no-such-lock/force-release",
                "{\"holder\":\"h\",\"reason\":\"r\"}", 404, ""));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> badInputGetsA4xxJsonErrorAndChangesNothing() {
        server = ServerProcess.shared();
        var admin = server.adminClient();
        admin.setSlots(LOCK, 2);
        admin.acquire(LOCK, "keeper", Duration.ZERO);
        String[] before = new String[2];
        int logBefore = server.output().length();

        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("snapshot before", () -> {
            before[0] = snapshot("/api/v3/locks");
            before[1] = snapshot("/api/v3/events?limit=1000");
        }));
        for (Case bad : cases()) {
            tests.add(dynamicTest(bad.name(), () -> {
                var response = send(bad.method(), bad.path(), bad.body(), ADMIN);
                assertJsonError(response, bad.status(), bad.messageHas());
            }));
        }
        tests.add(dynamicTest("a body over 64 KiB", () ->
                assertJsonError(send("POST", "/api/v3/locks/" + LOCK + "/acquire",
                        "{\"holder\":\"h1\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}", ADMIN), 413, "")));
        tests.add(dynamicTest("a chunked body over 64 KiB", () -> {
            byte[] big = ("{\"holder\":\"h1\",\"pad\":\"" + "x".repeat(200 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
            HttpRequest request = request("POST", "/api/v3/locks/" + LOCK + "/acquire", ADMIN)
                    .method("POST", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return; // the server may close the connection mid-upload; what matters is below: nothing stored
            }
            assertJsonError(new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                    response.body()), 413, "");
        }));
        tests.add(dynamicTest("no credentials", () -> assertJsonError(
                send("POST", "/api/v3/locks/" + LOCK + "/acquire", "{\"holder\":\"h1\"}", null), 401, "credentials")));
        tests.add(dynamicTest("a wrong password", () -> assertJsonError(send("PATCH", "/api/v3/locks/" + LOCK, "{\"slots\":9}",
                "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8))), 401, "wrong")));
        tests.add(dynamicTest("a malformed Authorization header", () -> assertJsonError(
                send("PATCH", "/api/v3/locks/" + LOCK, "{\"slots\":9}", "Basic !!!not-base64"), 401, "")));
        // Requests no HTTP client library would send: straight onto the socket.
        tests.add(dynamicTest("raw: a control character in the path", () -> assertJsonError(
                raw("GET /api/v3/locks/a\u0001b HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN + "\r\nConnection: close\r\n\r\n"), 0, "")));
        tests.add(dynamicTest("raw: a malformed percent escape", () -> assertJsonError(
                raw("GET /api/v3/locks/a%zz HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN + "\r\nConnection: close\r\n\r\n"), 0, "")));
        tests.add(dynamicTest("raw: a percent-encoded invalid UTF-8 byte", () -> assertJsonError(
                raw("GET /api/v3/locks/a%FFb HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN + "\r\nConnection: close\r\n\r\n"), 0, "")));
        tests.add(dynamicTest("raw: a literal '..' segment", () -> assertJsonError(
                raw("POST /api/v3/locks/../acquire HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN
                        + "\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"holder\":\"h\"}"), 0, "")));
        tests.add(dynamicTest("raw: a body shorter than its Content-Length", () -> assertJsonError(
                raw("POST /api/v3/locks/" + LOCK + "/acquire HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN
                        + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\nConnection: close\r\n\r\n{\"holder\":\"h\"}"), 0, "")));
        tests.add(dynamicTest("nothing stored changed", () -> {
            assertThat(snapshot("/api/v3/locks")).as("the lock list").isEqualTo(before[0]);
            assertThat(snapshot("/api/v3/events?limit=1000")).as("the event history").isEqualTo(before[1]);
            var lock = admin.show(LOCK);
            assertThat(lock.path("slots").asInt()).isEqualTo(2);
            assertThat(lock.path("holders").get(0).path("holder").asText()).isEqualTo("keeper");
        }));
        tests.add(dynamicTest("no stack trace in the server log", () ->
                assertThat(server.output().substring(logBefore)).doesNotContainPattern("(?m)^\\s+at [\\w$.]+\\(")));
        return tests.stream();
    }

    /**
     * Requests that fail inside the store's transaction (an unknown lock) among concurrent grants: each bad
     * one gets its 404 alone, and every grant is answered as if it had been alone too (the embedded store
     * commits concurrent writes together, so one failure must not take the others with it).
     */
    @Test
    void failingRequestsAmongConcurrentGrantsFailAlone() throws Exception {
        server = ServerProcess.shared();
        server.adminClient().setSlots("bad-input-mix", 16);
        int each = 16;
        CyclicBarrier start = new CyclicBarrier(2 * each);
        List<CompletableFuture<Response>> grants = new ArrayList<>();
        List<CompletableFuture<Response>> failures = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            String holder = "mix-" + i;
            String unknown = "/api/v3/locks/no-such-lock-" + i + (i % 2 == 0 ? "/freeze" : "/force-release");
            grants.add(concurrently(start, "POST", "/api/v3/locks/bad-input-mix/acquire", "{\"holder\":\"" + holder + "\"}"));
            failures.add(concurrently(start, "POST", unknown, "{\"holder\":\"h\",\"reason\":\"r\"}"));
        }
        for (var f : failures) {
            assertJsonError(f.get(2, TimeUnit.MINUTES), 404, "");
        }
        for (var g : grants) {
            Response response = g.get(2, TimeUnit.MINUTES);
            assertThat(response.status()).as("%s", response).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).path("granted").asBoolean()).as("%s", response).isTrue();
        }
        assertThat(server.adminClient().show("bad-input-mix").path("holders")).hasSize(each);
        assertThat(server.adminClient().list().toString()).as("no failed request created a lock").doesNotContain("no-such-lock-");
    }

    private CompletableFuture<Response> concurrently(CyclicBarrier start, String method, String path, String body) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                start.await(60, TimeUnit.SECONDS);
                return send(method, path, body, ADMIN);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, task -> Thread.ofPlatform().start(task));
    }

    private record Response(int status, String contentType, String body) {
    }

    private static void assertJsonError(Response response, int status, String messageHas) throws IOException {
        if (status == 0) {
            assertThat(response.status()).as("%s", response).isBetween(400, 499);
        } else {
            assertThat(response.status()).as("%s", response).isEqualTo(status);
        }
        assertThat(response.contentType().toLowerCase(Locale.ROOT)).as("%s", response).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        JsonNode error = body.path("error");
        assertThat(error.path("code").isTextual()).as("error.code in %s", response).isTrue();
        assertThat(error.path("code").asText()).isNotBlank();
        assertThat(error.path("message").isTextual()).as("error.message in %s", response).isTrue();
        assertThat(error.path("message").asText()).as("error.message").isNotBlank().contains(messageHas);
    }

    private HttpRequest.Builder request(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Response send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest request = request(method, path, authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        // A client of its own: Jetty closes the connection after some refusals (a NUL in the path), and a
        // shared client could send the next case down that closed connection and fail without an answer.
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30)).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        }
        return new Response(response.statusCode(), response.headers().firstValue("content-type").orElse(""), response.body());
    }

    private String snapshot(String path) throws Exception {
        Response response = send("GET", path, null, ADMIN);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.body();
    }

    /** Writes {@code request} as ISO-8859-1 bytes onto a fresh connection and reads the whole answer. */
    private Response raw(String request) throws IOException {
        try (Socket socket = new Socket(server.url().getHost(), server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            assertThat(end).as("an HTTP answer: %s", text).isPositive();
            String[] head = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(head[0].split(" ")[1]);
            String contentType = "";
            boolean chunked = false;
            for (String h : head) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    contentType = h.substring(13).strip();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = text.substring(end + 4);
            if (chunked) {
                body = dechunk(body);
            }
            return new Response(status, contentType, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }
}
