package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over plain HTTP, as a script sees it: the login form filled in by a program, the session cookie's
 * attributes, CSRF refusals, logout, the failed-login limit, and the error shapes (HTML for console paths, JSON for
 * the API, unchanged).
 */
class ConsoleHttpTest {

    static final String PASSWORD = "admin-password-1";
    @TempDir
    static Path data;
    static BatonServer server;
    static String base;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD)
                .withLoginFailureLimit(3));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client that keeps cookies by hand, as a script would. */
    static final class Script {
        final String base;

        Script() {
            this(ConsoleHttpTest.base);
        }

        /** A script against another server. */
        Script(String base) {
            this.base = base;
        }

        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        final Map<String, String> cookies = new java.util.LinkedHashMap<>();
        HttpResponse<String> last;

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
            }
            last = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : last.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                String[] kv = pair.split("=", 2);
                if (kv[1].isEmpty() || set.contains("Max-Age=0")) {
                    cookies.remove(kv[0]);
                } else {
                    cookies.put(kv[0], kv[1]);
                }
            }
            return last;
        }

        String field(String name) {
            Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(last.body());
            assertThat(m.find()).as("a field " + name + " in " + last.uri()).isTrue();
            return m.group(1);
        }

        Script logIn(String user, String password) throws Exception {
            get("/login");
            post("/login", Map.of("csrf", field("csrf"), "username", user, "password", password));
            assertThat(last.statusCode()).isEqualTo(303);
            assertThat(last.headers().firstValue("Location")).contains("/");
            return this;
        }
    }

    @Test
    void aScriptLogsInThroughThePlainFormAndReadsALockPage() throws Exception {
        server.locks().service().acquire(new dev.baton.lock.AcquireRequest("scripted", "h1.example.com", "admin",
                dev.baton.lock.Protocol.NATIVE, Duration.ZERO, true));
        Script script = new Script();
        assertThat(script.get("/").statusCode()).isEqualTo(303);
        assertThat(script.last.headers().firstValue("Location")).contains("/login");
        script.get("/login");
        assertThat(script.last.body()).contains("name=\"username\"").contains("name=\"password\"").contains("type=\"hidden\" name=\"csrf\"");
        String csrf = script.field("csrf");
        script.post("/login", Map.of("csrf", csrf, "username", "admin", "password", PASSWORD));
        String cookie = script.last.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("baton_session=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax").doesNotContain("Secure");
        assertThat(script.get("/locks/scripted").statusCode()).isEqualTo(200);
        assertThat(script.last.body()).contains("h1.example.com");
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        Script script = new Script().logIn("admin", PASSWORD);
        script.post("/fleet/freeze", Map.of("confirmed", "yes", "reason", "no token"));
        assertThat(script.last.statusCode()).isEqualTo(403);
        assertThat(script.last.body()).contains("CSRF");
        script.post("/fleet/freeze", Map.of("csrf", "forged-token-of-another-session-xxxxxxxxxx", "confirmed", "yes", "reason", "bad token"));
        assertThat(script.last.statusCode()).isEqualTo(403);
        assertThat(server.locks().reader().fleet().frozen()).isFalse();

        // The login form refuses a post without its own token too.
        Script other = new Script();
        other.post("/login", Map.of("username", "admin", "password", PASSWORD));
        assertThat(other.last.statusCode()).isEqualTo(403);
        assertThat(other.cookies).doesNotContainKey("baton_session");
    }

    @Test
    void anHtmxRequestSendsTheTokenAsAHeader() throws Exception {
        Script script = new Script().logIn("admin", PASSWORD);
        script.get("/");
        String token = script.last.body().replaceAll("(?s).*\"X-CSRF-Token\": \"([^\"]+)\".*", "$1");
        var request = HttpRequest.newBuilder(URI.create(base + "/locks/none-such/freeze")).header("X-CSRF-Token", token)
                .header("HX-Request", "true").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("reason=x"));
        assertThat(script.send(request).statusCode()).as("past the CSRF check: the lock is unknown").isEqualTo(404);
    }

    @Test
    void logoutEndsTheSessionOnTheServer() throws Exception {
        Script script = new Script().logIn("admin", PASSWORD);
        String session = script.cookies.get("baton_session");
        script.get("/");
        String csrf = script.field("csrf");
        script.post("/logout", Map.of("csrf", csrf));
        assertThat(script.last.statusCode()).isEqualTo(303);
        Script replay = new Script();
        replay.cookies.put("baton_session", session);
        assertThat(replay.get("/").statusCode()).as("the old cookie opens nothing").isEqualTo(303);
    }

    @Test
    void wrongPasswordsAreCountedAndTheLimitIsShownAsAMessage() throws Exception {
        // The limit (3 here) counts per address; this test's address is 127.0.0.1, so it runs its own server.
        try (BatonServer limited = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                .withStore(data.resolve("limited"), null).withAdminPassword(PASSWORD).withLoginFailureLimit(2))) {
            String saved = base;
            base = "http://127.0.0.1:" + limited.port();
            try {
                Script script = new Script();
                for (int i = 0; i < 2; i++) {
                    script.get("/login");
                    script.post("/login", Map.of("csrf", script.field("csrf"), "username", "admin", "password", "wrong-" + i));
                    assertThat(script.last.statusCode()).isEqualTo(401);
                    assertThat(script.last.body()).contains("Wrong user name or password");
                }
                script.get("/login");
                script.post("/login", Map.of("csrf", script.field("csrf"), "username", "admin", "password", "wrong-again"));
                assertThat(script.last.statusCode()).isEqualTo(429);
                assertThat(script.last.body()).contains("Too many failed logins");
            } finally {
                base = saved;
            }
        }
    }

    /**
     * Twenty open lock pages and a burst of grants: every page gets the final state, and the changes are rendered a
     * few times in all (coalesced, once per topic and burst), not once per viewer and change.
     */
    @Test
    void livePagesAreRenderedOncePerChangeAndFannedOut() throws Exception {
        Script script = new Script().logIn("admin", PASSWORD);
        var service = server.locks().service();
        service.acquire(new dev.baton.lock.AcquireRequest("busy", "h0.example.com", "admin", dev.baton.lock.Protocol.NATIVE,
                Duration.ZERO, true));
        service.release("busy", "h0.example.com", "admin", dev.baton.lock.Protocol.NATIVE, false);
        int pages = 20;
        List<java.util.concurrent.BlockingQueue<String>> received = new java.util.ArrayList<>();
        List<java.util.concurrent.CompletableFuture<?>> streams = new java.util.ArrayList<>();
        String cookie = "baton_session=" + script.cookies.get("baton_session");
        int before = server.console().livePages();
        for (int i = 0; i < pages; i++) {
            var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
            received.add(lines);
            var request = HttpRequest.newBuilder(URI.create(base + "/live/locks/busy")).header("Cookie", cookie).header("Accept", "text/event-stream").GET().build();
            streams.add(script.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    // Async: when the response is complete already, thenAccept would read the endless stream on this thread.
                    .thenAcceptAsync(r -> r.body().forEach(lines::add)));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.console().livePages() >= before + pages);
        long rendersBefore = server.console().liveRenders();
        long start = System.nanoTime();
        int grants = 100;
        for (int i = 0; i < grants; i++) {
            String holder = "h" + i + ".example.com";
            service.acquire(new dev.baton.lock.AcquireRequest("busy", holder, "admin", dev.baton.lock.Protocol.NATIVE, Duration.ZERO, true));
            service.release("busy", holder, "admin", dev.baton.lock.Protocol.NATIVE, false);
        }
        service.acquire(new dev.baton.lock.AcquireRequest("busy", "last.example.com", "admin", dev.baton.lock.Protocol.NATIVE,
                Duration.ZERO, true));
        for (var lines : received) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream()
                    .anyMatch(l -> l.startsWith("data:") && l.contains("data-holder=\"last.example.com\"")));
            assertThat(lines).anyMatch(l -> l.equals("event: lock"));
        }
        long renders = server.console().liveRenders() - rendersBefore;
        long elapsedMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        // A busy lock page is rendered at most once per pacing interval, whatever the number of pages (never 20 per change).
        assertThat(renders).as("renders for %d changes in %d ms watched by %d pages", 2 * grants + 1, elapsedMs, pages)
                .isPositive().isLessThanOrEqualTo(elapsedMs / LiveFeed.LOCK_PAGE_INTERVAL_MS + 2).isLessThan(2L * grants);
        streams.forEach(f -> f.cancel(true));
    }

    @Test
    void consolePathsAnswerHtmlErrorsAndTheApiKeepsItsJson() throws Exception {
        Script script = new Script().logIn("admin", PASSWORD);
        script.get("/no-such-page");
        assertThat(script.last.statusCode()).isEqualTo(404);
        assertThat(script.last.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(script.last.body()).contains("<h1>Not found</h1>");
        script.get("/locks/no-such-lock");
        assertThat(script.last.statusCode()).isEqualTo(404);
        assertThat(script.last.body()).contains("no-such-lock");
        script.get("/api/v3/no-such-thing");
        assertThat(script.last.statusCode()).isEqualTo(404);
        assertThat(script.last.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(script.last.body()).startsWith("{\"error\":{\"code\":\"not_found\"");
        script.get("/static/htmx.min.js");
        assertThat(script.last.statusCode()).isEqualTo(200);
        assertThat(script.last.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
        assertThat(List.of("/", "/locks", "/hosts", "/history")).allSatisfy(p -> {
            try {
                assertThat(script.get(p).statusCode()).as(p).isEqualTo(200);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
