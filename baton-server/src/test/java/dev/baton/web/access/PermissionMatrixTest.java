package dev.baton.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.auth.Role;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every HTTP route of a real server × every role (and no credentials at all), from the one {@link PermissionTable}: a
 * role whose permissions include what the route needs gets past the check (anything but 401 and 403), every other role
 * is refused 403, and a caller without credentials 401, unless the route is open. A route the server has and the
 * table lacks, or the other way round, fails the test.
 */
class PermissionMatrixTest {

    @TempDir
    static Path data;
    static BatonServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Each role's credential, as the Authorization header. */
    static final Map<Role, String> AUTH = new EnumMap<>(Role.class);
    static final AtomicInteger UNIQUE = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("matrix admin password"));
        for (Role role : Role.values()) {
            var issued = server.auth().createCredential("matrix " + role.wireName(), role,
                    role == Role.HOST ? Set.of(PermissionTable.HOLDER) : Set.of());
            AUTH.put(role, basic(issued.credential().id(), issued.secret()));
        }
        server.hosts().add(PermissionTable.HOLDER, List.of());
        server.auth().accounts().create("matrix-user", Role.VIEWER, "matrix user password", Set.of());
        for (Role role : Role.values()) {
            if (role == Role.HOST) {
                continue; // hosts are credentials, never users: they have no console session
            }
            String name = "matrix-console-" + role.wireName();
            server.auth().accounts().create(name, role, "matrix console password", Set.of());
            SESSIONS.put(role, consoleSession(name, "matrix console password"));
        }
    }

    /** A console session as "Cookie" and CSRF token; the login form's cookie carries the same token (see {@link #send}). */
    record ConsoleSession(String cookie, String csrf) {
    }

    static final Map<Role, ConsoleSession> SESSIONS = new EnumMap<>(Role.class);
    /** What a browser without a session holds after loading the login form: its token, as cookie and field. */
    static final String LOGIN_TOKEN = "matrix-login-token-0123456789abcdefghijklmnop";

    static ConsoleSession consoleSession(String user, String password) {
        try {
            var login = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/login"))
                    .header("Cookie", "baton_login=" + LOGIN_TOKEN).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + LOGIN_TOKEN + "&username=" + user + "&password="
                            + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as("console login of " + user).isEqualTo(303);
            String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("baton_session="))
                    .findFirst().orElseThrow().split(";", 2)[0];
            var page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/locks"))
                    .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
            var csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
            assertThat(csrf.find()).as("a CSRF token on the page of " + user).isTrue();
            return new ConsoleSession(cookie, csrf.group(1));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theTableNamesEveryRouteOfTheServerAndNoOther() {
        assertThat(new TreeSet<>(PermissionTable.routes().keySet())).as("routes in the permission table")
                .containsExactlyElementsOf(new TreeSet<>(server.routes()));
    }

    @Test
    void everyRoleGetsExactlyWhatItsPermissionsAllowOnEveryRoute() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (var entry : PermissionTable.routes().entrySet()) {
            String route = entry.getKey();
            PermissionTable.Row row = entry.getValue();
            boolean console = row.need() instanceof PermissionTable.ConsolePage;
            // The console's open forms (login, logout, its files) take no API credentials: sent as a browser would.
            boolean formRoute = !route.contains(" /api") && !route.contains(" /v1/") && !route.contains(" /versions")
                    && !route.contains(" /healthz") && !route.contains(" /metrics");
            for (Role role : Role.values()) {
                int status = console ? sendConsole(route, row.body(), SESSIONS.get(role))
                        : formRoute ? sendConsole(route, row.body(), null) : send(route, row.body(), AUTH.get(role));
                if (console && !SESSIONS.containsKey(role)) {
                    if (status != 303 && status != 401) {
                        wrong.add(route + " as " + role.wireName() + " (no console session): " + status + ", expected 303 or 401");
                    }
                    continue;
                }
                boolean allowed = switch (row.need()) {
                    case PermissionTable.Open o -> true;
                    case PermissionTable.SignedIn s -> true;
                    case PermissionTable.Needs n -> role.grants(n.permission());
                    case PermissionTable.ConsolePage c -> role.grants(c.permission());
                    case PermissionTable.HostCertificate h -> false;
                };
                if (allowed ? status == 401 || status == 403 : status != 403) {
                    wrong.add(route + " as " + role.wireName() + ": " + status + ", expected " + (allowed ? "allowed" : "403"));
                }
            }
            int anonymous = formRoute ? sendConsole(route, row.body(), null) : send(route, row.body(), null);
            boolean open = row.need() instanceof PermissionTable.Open;
            if (console ? anonymous != 303 && anonymous != 401 : open ? anonymous == 401 || anonymous == 403 : anonymous != 401) {
                wrong.add(route + " without credentials: " + anonymous + ", expected " + (open ? "allowed" : "401"));
            }
        }
        assertThat(wrong).as("routes whose answer does not follow the role table").isEmpty();
    }

    @Test
    void aRoleRefusedARouteIsRefusedBeforeItsBodyIsRead() throws Exception {
        // A caller who may not make the request learns nothing from it, not even what the body should look like.
        List<String> wrong = new ArrayList<>();
        for (var entry : PermissionTable.routes().entrySet()) {
            if (!(entry.getValue().need() instanceof PermissionTable.Needs needs) || entry.getValue().body() == null) {
                continue;
            }
            for (Role role : Role.values()) {
                if (!role.grants(needs.permission())) {
                    int status = send(entry.getKey(), "{not json", AUTH.get(role));
                    if (status != 403) {
                        wrong.add(entry.getKey() + " as " + role.wireName() + " with a malformed body: " + status);
                    }
                }
            }
        }
        assertThat(wrong).as("routes that read the body of a caller they refuse").isEmpty();
    }

    /** Sends a request to {@code route} with its parameters filled in; returns the status. */
    static int send(String route, String body, String authorization) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path(route.substring(route.indexOf(' ') + 1))))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(unique(body), StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .header("fleet-lock-protocol", "true");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * A console request: form-encoded, with the session's cookie and its CSRF token in the header htmx uses; the login
     * form's token rides along (as a browser that loaded the form has it). {@code session} null: no session. Only the
     * status is read, so a live stream (which never ends) answers as soon as its headers are in.
     */
    static int sendConsole(String route, String body, ConsoleSession session) throws Exception {
        String method = route.substring(0, route.indexOf(' '));
        String cookie = "baton_login=" + LOGIN_TOKEN + (session == null ? "" : "; " + session.cookie());
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + path(route.substring(route.indexOf(' ') + 1)) + (route.contains("/export") ? "?format=csv" : "")))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(unique(body)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", session == null ? LOGIN_TOKEN : session.csrf());
        var response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    /** The path with its parameters: a user under /users/, a host under /hosts/, a credential id, else a lock. */
    static String path(String pattern) {
        String subject = pattern.contains("/users/") ? "matrix-user"
                : pattern.contains("/hosts/") ? PermissionTable.HOLDER : "matrix-lock";
        return pattern.replace("{name}", subject).replace("{id}", UUID.randomUUID().toString()).replace("{org}", "matrix-org")
                .replace("{file}", "console.css").replace("{number}", "1").replace("{nevra}", "matrix-1.0-1.noarch")
                .replace("{host}", "matrix-host")
                .replace("<path>", "repodata/repomd.xml");
    }

    /** Names that must be new on each request (a created user or host) get a number. */
    private static String unique(String body) {
        return body.replace("matrix-new", "matrix-new-" + UNIQUE.incrementAndGet());
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
