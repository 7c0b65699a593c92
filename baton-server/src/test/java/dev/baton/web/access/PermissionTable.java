package dev.baton.web.access;

import dev.baton.auth.Permission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table the permission matrix is tested from: every HTTP route the server has ({@code "METHOD /path"}, as
 * {@code BatonServer.routes()} lists it) and what it needs, with a request body that passes the route's own checks.
 * A route missing here fails {@link PermissionMatrixTest}; add new routes (console pages and actions included) here,
 * one line each.
 *
 * <p>Path parameters are filled in by {@link PermissionMatrixTest#path}: a user's name under {@code /users/},
 * a host's under {@code /hosts/} (which is also the host credential's holder name), else a lock's.
 */
final class PermissionTable {

    /** What a route needs of its caller. */
    sealed interface Need {
    }

    /** Anyone, without credentials (health, metrics, the API description, FleetLock groups without auth). */
    record Open() implements Need {
    }

    /** Any signed-in caller, whatever its role. */
    record SignedIn() implements Need {
    }

    /** A caller whose role has the permission (on the route's lock or host, or fleet-wide). */
    record Needs(Permission permission) implements Need {
    }

    /** Only a host by its TLS client certificate (Foreman locking); every user and credential is refused 403. */
    record HostCertificate() implements Need {
    }

    /**
     * A web console page or action: a session of a user whose role has the permission (the request carries the
     * session's cookie and CSRF token); without a session, a redirect to the login page (401 for a live stream).
     */
    record ConsolePage(Permission permission) implements Need {
    }

    /** A route's need and the body a request to it carries. */
    record Row(Need need, String body) {
    }

    static final String HOLDER = "matrix-host";
    private static final String HOLD_BODY = "{\"holder\":\"" + HOLDER + "\"}";
    private static final Map<String, Row> ROUTES = new LinkedHashMap<>();

    static {
        // operations
        open("GET /healthz");
        open("GET /metrics");
        open("GET /api/v3/openapi.json");
        // native API: locks
        route("GET /api/v3/locks", Permission.VIEW);
        route("GET /api/v3/locks/{name}", Permission.VIEW);
        route("GET /api/v3/locks/{name}/events", Permission.VIEW);
        route("GET /api/v3/events", Permission.VIEW);
        route("POST /api/v3/locks/{name}/acquire", Permission.HOLD, HOLD_BODY);
        route("POST /api/v3/locks/{name}/release", Permission.HOLD, HOLD_BODY);
        route("PATCH /api/v3/locks/{name}", Permission.OPERATE_LOCKS, "{\"slots\":2,\"reason\":\"matrix\"}");
        route("POST /api/v3/locks/{name}/force-release", Permission.OPERATE_LOCKS, "{\"holder\":\"nobody\",\"reason\":\"matrix\"}");
        route("POST /api/v3/locks/{name}/enable", Permission.OPERATE_LOCKS, "{}");
        route("POST /api/v3/locks/{name}/disable", Permission.OPERATE_LOCKS, "{}");
        route("POST /api/v3/locks/{name}/freeze", Permission.OPERATE_LOCKS, "{\"reason\":\"matrix\"}");
        route("POST /api/v3/locks/{name}/unfreeze", Permission.OPERATE_LOCKS, "{}");
        // native API: the fleet
        route("GET /api/v3/fleet", Permission.VIEW);
        route("POST /api/v3/fleet/freeze", Permission.FREEZE_FLEET, "{\"reason\":\"matrix\"}");
        route("POST /api/v3/fleet/unfreeze", Permission.FREEZE_FLEET, "{}");
        // native API: hosts and progress
        route("GET /api/v3/hosts", Permission.VIEW);
        route("GET /api/v3/hosts/states", Permission.VIEW);
        route("GET /api/v3/hosts/{name}", Permission.VIEW);
        route("POST /api/v3/hosts", Permission.MANAGE_HOSTS, "{\"name\":\"matrix-new-host\"}");
        route("DELETE /api/v3/hosts/{name}", Permission.MANAGE_HOSTS);
        route("POST /api/v3/hosts/{name}/aliases", Permission.MANAGE_HOSTS, "{\"alias\":\"matrix-alias\"}");
        route("POST /api/v3/hosts/{name}/allow", Permission.OPERATE_LOCKS, "{}");
        route("POST /api/v3/hosts/{name}/deny", Permission.OPERATE_LOCKS, "{}");
        route("POST /api/v3/hosts/{name}/reports", Permission.REPORT_PROGRESS,
                "{\"run_id\":\"r1\",\"phase\":\"update\",\"status\":\"started\"}");
        route("GET /api/v3/hosts/{name}/reports", Permission.VIEW);
        route("GET /api/v3/progress", Permission.VIEW);
        // native API: people
        ROUTES.put("GET /api/v3/whoami", new Row(new SignedIn(), null));
        route("GET /api/v3/credentials", Permission.MANAGE_PEOPLE);
        route("POST /api/v3/credentials", Permission.MANAGE_PEOPLE, "{\"name\":\"matrix\",\"role\":\"viewer\"}");
        route("DELETE /api/v3/credentials/{id}", Permission.MANAGE_PEOPLE);
        route("GET /api/v3/users", Permission.MANAGE_PEOPLE);
        route("POST /api/v3/users", Permission.MANAGE_PEOPLE, "{\"name\":\"matrix-new\",\"role\":\"viewer\",\"password\":\"matrix password\"}");
        route("GET /api/v3/users/{name}", Permission.MANAGE_PEOPLE);
        route("POST /api/v3/users/{name}/disable", Permission.MANAGE_PEOPLE, "{}");
        route("POST /api/v3/users/{name}/enable", Permission.MANAGE_PEOPLE, "{}");
        route("PUT /api/v3/users/{name}/role", Permission.MANAGE_PEOPLE, "{\"role\":\"viewer\"}");
        route("PUT /api/v3/users/{name}/scopes", Permission.MANAGE_PEOPLE, "{\"scopes\":[\"web-*\"]}");
        route("PUT /api/v3/users/{name}/password", Permission.MANAGE_PEOPLE, "{\"password\":\"another password\"}");
        route("GET /api/v3/audit", Permission.VIEW_AUDIT);
        // native API: notifications
        route("GET /api/v3/notifications/kinds", Permission.VIEW);
        route("GET /api/v3/notifications/outbox", Permission.VIEW);
        route("POST /api/v3/notifications/outbox/{id}/retry", Permission.MANAGE_NOTIFICATIONS, "{}");
        route("GET /api/v3/notifications/channels", Permission.MANAGE_NOTIFICATIONS);
        route("POST /api/v3/notifications/channels", Permission.MANAGE_NOTIFICATIONS,
                "{\"name\":\"matrix-new-channel\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/\",\"secret\":\"0123456789abcdef0\"}");
        route("DELETE /api/v3/notifications/channels/{id}", Permission.MANAGE_NOTIFICATIONS);
        route("POST /api/v3/notifications/channels/{id}/test", Permission.MANAGE_NOTIFICATIONS, "{}");
        route("GET /api/v3/notifications/rules", Permission.MANAGE_NOTIFICATIONS);
        route("POST /api/v3/notifications/rules", Permission.MANAGE_NOTIFICATIONS, "{\"kinds\":[\"host.failed\"],\"channel\":1}");
        route("DELETE /api/v3/notifications/rules/{id}", Permission.MANAGE_NOTIFICATIONS);
        // native API: durable jobs
        route("GET /api/v3/jobs", Permission.VIEW);
        route("GET /api/v3/jobs/{id}", Permission.VIEW);
        route("POST /api/v3/jobs/{id}/cancel", Permission.OPERATE_LOCKS, "{}");
        // native API: advisories
        route("GET /api/v3/advisories", Permission.VIEW);
        route("GET /api/v3/advisories/{id}", Permission.VIEW);
        route("POST /api/v3/advisories", Permission.MANAGE_RELEASES,
                "{\"type\":\"bugfix\",\"title\":\"t\",\"packages\":[\"hello-1.1-1.noarch\"]}");
        route("PUT /api/v3/advisories/{id}", Permission.MANAGE_RELEASES, "{\"type\":\"bugfix\",\"title\":\"t\"}");
        route("POST /api/v3/advisories/derive", Permission.MANAGE_RELEASES,
                "{\"upstream_id\":\"RHSA-2026:0001\",\"release_suffix\":\".site\"}");
        route("POST /api/v3/advisories/import-csaf", Permission.MANAGE_RELEASES, "{}");
        // the pipeline: signing keys (the public key is public, for hosts' gpgkey=), published repositories (public)
        route("GET /api/v3/keys", Permission.VIEW);
        route("POST /api/v3/keys", Permission.SIGN_PACKAGES, "{\"name\":\"matrix-new\",\"algorithm\":\"eddsa\"}");
        route("POST /api/v3/keys/import", Permission.SIGN_PACKAGES, "{\"name\":\"matrix-new\",\"secret_key\":\"x\"}");
        route("POST /api/v3/keys/gpg", Permission.SIGN_PACKAGES, "{\"name\":\"matrix-new\",\"gpg_key\":\"x\"}");
        open("GET /api/v3/keys/{name}/public");
        open("GET /repos/{name}/<path>");
        open("HEAD /repos/{name}/<path>");
        // the pipeline: repositories and packages
        route("GET /api/v3/repositories", Permission.VIEW);
        route("POST /api/v3/repositories", Permission.MANAGE_RELEASES, "{\"name\":\"matrix-new-repo\"}");
        route("GET /api/v3/repositories/{name}", Permission.VIEW);
        route("DELETE /api/v3/repositories/{name}", Permission.MANAGE_RELEASES);
        route("GET /api/v3/repositories/{name}/versions", Permission.VIEW);
        route("GET /api/v3/repositories/{name}/versions/{number}/packages", Permission.VIEW);
        route("GET /api/v3/repositories/{name}/diff", Permission.VIEW);
        route("POST /api/v3/repositories/{name}/rollback", Permission.MANAGE_RELEASES, "{\"version\":1,\"reason\":\"matrix\"}");
        route("POST /api/v3/repositories/{name}/add", Permission.MANAGE_RELEASES, "{\"packages\":[\"a-1-1.noarch\"]}");
        route("POST /api/v3/repositories/{name}/remove", Permission.MANAGE_RELEASES, "{\"packages\":[\"a-1-1.noarch\"]}");
        route("POST /api/v3/repositories/{name}/promote", Permission.MANAGE_RELEASES, "{\"from\":\"matrix\",\"names\":[\"a\"]}");
        route("POST /api/v3/repositories/{name}/publish", Permission.MANAGE_RELEASES, "{}");
        route("GET /api/v3/packages", Permission.VIEW);
        route("POST /api/v3/packages", Permission.MANAGE_RELEASES, "not an rpm");
        route("GET /api/v3/packages/{nevra}", Permission.VIEW);
        route("POST /api/v3/packages/{nevra}/mark-tested", Permission.TEST_PACKAGES, "{\"repository\":\"matrix\"}");
        route("POST /api/v3/packages/{nevra}/mark-failed", Permission.TEST_PACKAGES, "{\"repository\":\"matrix\",\"comment\":\"matrix\"}");
        // pipeline: remotes
        route("GET /api/v3/remotes", Permission.VIEW);
        route("POST /api/v3/remotes", Permission.MANAGE_RELEASES, "{\"name\":\"matrix-new-remote\",\"url\":\"http://127.0.0.1:9/\"}");
        route("GET /api/v3/remotes/{name}", Permission.VIEW);
        route("DELETE /api/v3/remotes/{name}", Permission.MANAGE_RELEASES);
        route("POST /api/v3/remotes/{name}/sync", Permission.MANAGE_RELEASES, "{}");
        // the release jump: runs across a fleet
        route("GET /api/v3/jump/runs", Permission.VIEW);
        route("POST /api/v3/jump/runs", Permission.OPERATE_JUMPS, "{\"recipe_file\":\"r.cfg\",\"recipe\":\"remote true\","
                + "\"directory\":\"/nonexistent-matrix\",\"hosts\":[\"matrix\"]}");
        route("GET /api/v3/jump/runs/{name}", Permission.VIEW);
        route("GET /api/v3/jump/runs/{name}/hosts/{host}/log", Permission.VIEW);
        route("POST /api/v3/jump/runs/{name}/hosts/{host}/retry", Permission.OPERATE_JUMPS, "{}");
        route("POST /api/v3/jump/runs/{name}/hosts/{host}/skip", Permission.OPERATE_JUMPS, "{}");
        route("POST /api/v3/jump/runs/{name}/abort", Permission.OPERATE_JUMPS, "{}");
        route("GET /api/v3/jump/groups/{name}", Permission.VIEW);
        // Foreman DLM: users look, hosts lock with their certificates
        for (String prefix : new String[] {"/api/dlmlocks", "/api/v2/dlmlocks"}) {
            route("GET " + prefix, Permission.VIEW);
            route("GET " + prefix + "/{name}", Permission.VIEW);
            route("GET " + prefix + "/{name}/lock", Permission.VIEW);
            route("GET " + prefix + "/{name}/dlmlock_events", Permission.VIEW);
            ROUTES.put("PUT " + prefix + "/{name}/lock", new Row(new HostCertificate(), null));
            ROUTES.put("DELETE " + prefix + "/{name}/lock", new Row(new HostCertificate(), null));
        }
        // DLM Engine v1 and v2
        route("GET /api/v1/locks/_search", Permission.VIEW);
        route("GET /api/v1/locks/{name}", Permission.VIEW);
        route("POST /api/v1/locks/{name}", Permission.HOLD, "{\"data\":{\"acquired_by\":\"" + HOLDER + "\"}}");
        route("DELETE /api/v1/locks/{name}", Permission.HOLD, "{\"data\":{\"acquired_by\":\"" + HOLDER + "\"}}");
        open("GET /versions");
        for (String base : new String[] {"/api/v2/locks", "/api/v2/orgs/{org}/locks"}) {
            route("GET " + base, Permission.VIEW);
            route("GET " + base + "/{name}", Permission.VIEW);
            route("POST " + base + "/{name}", Permission.HOLD, "{\"acquired_by\":\"" + HOLDER + "\"}");
            route("DELETE " + base + "/{name}", Permission.HOLD);
        }
        // FleetLock: groups without auth are open (Zincati sends no credentials)
        ROUTES.put("POST /v1/pre-reboot", new Row(new Open(), fleetLock()));
        ROUTES.put("POST /v1/steady-state", new Row(new Open(), fleetLock()));
        // the web console (form posts, with the session's cookie and CSRF token; see PermissionMatrixTest)
        open("GET /login");
        ROUTES.put("POST /login", new Row(new Open(), "username=&password="));
        open("POST /logout");
        open("GET /static/{file}");
        for (String page : new String[] {"/", "/locks", "/locks/{name}", "/hosts", "/hosts/{name}", "/history",
                "/history/export", "/live/overview", "/live/locks/{name}"}) {
            console("GET " + page, Permission.VIEW, null);
        }
        String confirmed = "confirmed=yes&reason=matrix&holder=nobody&slots=2";
        console("GET /locks/{name}/force-release", Permission.OPERATE_LOCKS, null);
        for (String action : new String[] {"force-release", "slots", "enable", "disable", "freeze", "unfreeze"}) {
            console("POST /locks/{name}/" + action, Permission.OPERATE_LOCKS, confirmed);
        }
        console("POST /fleet/freeze", Permission.FREEZE_FLEET, confirmed);
        console("POST /fleet/unfreeze", Permission.FREEZE_FLEET, confirmed);
        // the console's People and Audit pages
        console("GET /people", Permission.MANAGE_PEOPLE, null);
        console("POST /people/users", Permission.MANAGE_PEOPLE, "name=matrix-new&role=viewer&password=matrix+password&reason=matrix");
        String person = "confirmed=yes&reason=matrix&role=viewer&scopes=web-*&password=another+password";
        for (String action : new String[] {"disable", "enable", "role", "scopes", "password"}) {
            console("POST /people/users/{name}/" + action, Permission.MANAGE_PEOPLE, person);
        }
        console("POST /people/credentials", Permission.MANAGE_PEOPLE, "name=matrix&role=viewer&reason=matrix");
        console("POST /people/credentials/{id}/revoke", Permission.MANAGE_PEOPLE, "confirmed=yes&reason=matrix");
        console("GET /audit", Permission.VIEW_AUDIT, null);
        console("GET /notifications", Permission.VIEW, null);
        console("POST /notifications/outbox/{id}/retry", Permission.MANAGE_NOTIFICATIONS, "reason=matrix");
        // the console's pipeline pages (read-only)
        for (String page : new String[] {"/jobs", "/jobs/rows", "/jobs/{id}", "/jobs/{id}/progress", "/remotes",
                "/remotes/{name}", "/repositories", "/repositories/{name}", "/repositories/{name}/diff", "/packages",
                "/packages/{nevra}", "/advisories", "/advisories/{id}"}) {
            console("GET " + page, Permission.VIEW, null);
        }
        // the console's jump pages (read as the jump API's reads) and an operator's retry, skip and abort
        for (String page : new String[] {"/jumps", "/jumps/rows", "/jumps/{name}", "/jumps/{name}/live",
                "/jumps/{name}/hosts/{host}", "/jumps/{name}/hosts/{host}/live"}) {
            console("GET " + page, Permission.VIEW, null);
        }
        console("POST /jumps/{name}/hosts/{host}/retry", Permission.OPERATE_JUMPS, "confirmed=yes&reason=matrix");
        console("POST /jumps/{name}/hosts/{host}/skip", Permission.OPERATE_JUMPS, "confirmed=yes&reason=matrix");
        console("POST /jumps/{name}/abort", Permission.OPERATE_JUMPS, "confirmed=yes&reason=matrix");
    }

    private static void console(String route, Permission permission, String body) {
        if (ROUTES.put(route, new Row(new ConsolePage(permission), body)) != null) {
            throw new IllegalStateException(route + " is in the table twice");
        }
    }

    private PermissionTable() {
    }

    /** Every route and what it needs, in the order above. */
    static Map<String, Row> routes() {
        return Collections.unmodifiableMap(ROUTES);
    }

    private static void open(String route) {
        ROUTES.put(route, new Row(new Open(), null));
    }

    private static void route(String route, Permission permission) {
        route(route, permission, null);
    }

    private static void route(String route, Permission permission, String body) {
        if (ROUTES.put(route, new Row(new Needs(permission), body)) != null) {
            throw new IllegalStateException(route + " is in the table twice");
        }
    }

    private static String fleetLock() {
        return "{\"client_params\":{\"id\":\"" + HOLDER + "\",\"group\":\"matrix-group\"}}";
    }
}
