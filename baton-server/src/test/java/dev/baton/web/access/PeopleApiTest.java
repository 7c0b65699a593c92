package dev.baton.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People through the API of a real server: scopes limit what a role may do to named locks and hosts, refusals are 403
 * in each door's own error shape, users are managed and disabled, and every change lands in the audit trail with who,
 * how, from where and why, and never a secret.
 */
class PeopleApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "people admin password";
    @TempDir
    static Path data;
    static BatonServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static String admin;

    record Answer(int status, JsonNode body) {
    }

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(ADMIN_PASSWORD));
        admin = PermissionMatrixTest.basic("admin", ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Answer call(String method, String path, String body, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    private static String credential(String name, Role role, Set<String> holders, Set<String> scopes) {
        var issued = server.auth().createCredential(name, role, holders, scopes);
        return PermissionMatrixTest.basic(issued.credential().id(), issued.secret());
    }

    @Test
    void aScopedOperatorOperatesOnlyTheLocksAndHostsOfItsScopes() throws Exception {
        String web = credential("web operator", Role.OPERATOR, Set.of(), Set.of("web-*"));
        call("POST", "/api/v3/locks/web-pool/acquire", "{\"holder\":\"web-1\"}", admin);
        call("POST", "/api/v3/locks/db-pool/acquire", "{\"holder\":\"db-1\"}", admin);

        assertThat(call("POST", "/api/v3/locks/web-pool/force-release", "{\"holder\":\"web-1\",\"reason\":\"stuck\"}", web).status())
                .isEqualTo(200);
        Answer refused = call("POST", "/api/v3/locks/db-pool/force-release", "{\"holder\":\"db-1\",\"reason\":\"stuck\"}", web);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().path("error").path("code").asText()).isEqualTo("forbidden");
        assertThat(refused.body().path("error").path("message").asText()).contains("db-pool", "web-*");
        assertThat(call("POST", "/api/v3/fleet/freeze", "{\"reason\":\"x\"}", web).status()).as("fleet-wide").isEqualTo(403);
        assertThat(call("GET", "/api/v3/locks", null, web).status()).as("listing is reading").isEqualTo(200);
        assertThat(call("GET", "/api/v3/locks/db-pool", null, web).status()).isEqualTo(403);
        assertThat(call("POST", "/api/v3/locks/web-pool/acquire", "{\"holder\":\"web-2\"}", web).status()).isEqualTo(200);
        assertThat(call("POST", "/api/v3/locks/web-pool/acquire", "{\"holder\":\"db-2\"}", web).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v3/whoami", null, web).body().path("scopes").toString()).isEqualTo("[\"web-*\"]");
    }

    @Test
    void eachDoorAnswersARefusalInItsOwnShape() throws Exception {
        String viewer = credential("door viewer", Role.VIEWER, Set.of(), Set.of());
        String scoped = credential("scoped viewer", Role.VIEWER, Set.of(), Set.of("web-*"));
        Answer v2 = call("POST", "/api/v2/locks/shape-lock", "{\"acquired_by\":\"web-1\"}", viewer);
        assertThat(v2.status()).isEqualTo(403);
        assertThat(v2.body().path("detail").asText()).contains("viewer 'door viewer' may not hold");
        Answer v1 = call("POST", "/api/v1/locks/shape-lock", "{\"data\":{\"acquired_by\":\"web-1\"}}", viewer);
        assertThat(v1.status()).isEqualTo(403);
        assertThat(v1.body().path("errors").get(0).path("title").asText()).isEqualTo("Forbidden");
        Answer foreman = call("GET", "/api/dlmlocks/db-pool/dlmlock_events", null, scoped);
        assertThat(foreman.status()).isEqualTo(403);
        assertThat(foreman.body().path("error").path("message").asText()).contains("web-*");
        assertThat(foreman.body().path("error").has("code")).as("Foreman's shape has no code").isFalse();
        Answer nativeApi = call("POST", "/api/v3/locks/shape-lock/freeze", "{\"reason\":\"x\"}", viewer);
        assertThat(nativeApi.status()).isEqualTo(403);
        assertThat(nativeApi.body().path("error").path("message").asText()).contains("operate-locks", "admin, operator");
    }

    @Test
    void usersAreCreatedChangedAndDisabledAndADisabledUserCannotSignIn() throws Exception {
        Answer created = call("POST", "/api/v3/users",
                "{\"name\":\"erin\",\"role\":\"operator\",\"password\":\"erin password\",\"scopes\":[\"web-*\"]}", admin);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().toString()).doesNotContain("erin password").doesNotContain("pbkdf2");
        assertThat(created.body().path("scopes").toString()).isEqualTo("[\"web-*\"]");
        String erin = PermissionMatrixTest.basic("erin", "erin password");
        assertThat(call("GET", "/api/v3/whoami", null, erin).body().path("role").asText()).isEqualTo("operator");

        assertThat(call("PUT", "/api/v3/users/erin/role", "{\"role\":\"release-manager\"}", admin).body().path("role").asText())
                .isEqualTo("release-manager");
        assertThat(call("GET", "/api/v3/whoami", null, erin).body().path("role").asText()).isEqualTo("release-manager");
        assertThat(call("POST", "/api/v3/users/erin/disable", "{\"reason\":\"left the team\"}", admin).body().path("enabled").asBoolean())
                .isFalse();
        assertThat(call("GET", "/api/v3/whoami", null, erin).status()).isEqualTo(401);
        assertThat(server.auth().userPrincipal("erin")).isEmpty();
        call("POST", "/api/v3/users/erin/enable", null, admin);
        assertThat(call("PUT", "/api/v3/users/erin/password", "{\"password\":\"a new erin password\"}", admin).status()).isEqualTo(200);
        assertThat(call("GET", "/api/v3/whoami", null, erin).status()).isEqualTo(401);
        assertThat(call("GET", "/api/v3/whoami", null, PermissionMatrixTest.basic("erin", "a new erin password")).status()).isEqualTo(200);

        assertThat(call("POST", "/api/v3/users", "{\"name\":\"erin\",\"role\":\"viewer\",\"password\":\"erin password\"}", admin).status())
                .isEqualTo(409);
        assertThat(call("POST", "/api/v3/users/nobody/disable", null, admin).status()).isEqualTo(404);
        Answer lastAdmin = call("POST", "/api/v3/users/admin/disable", null, admin);
        assertThat(lastAdmin.status()).isEqualTo(400);
        assertThat(lastAdmin.body().path("error").path("message").asText()).contains("last enabled admin");
        assertThat(call("GET", "/api/v3/users", null, admin).body().path("users").toString()).contains("\"erin\"")
                .doesNotContain("pbkdf2");
    }

    @Test
    void everyChangeIsInTheAuditTrailWithWhoHowFromWhereAndWhyAndNoSecret() throws Exception {
        var issued = server.auth().createCredential("audit operator", Role.OPERATOR, Set.of(), Set.of());
        String operator = PermissionMatrixTest.basic(issued.credential().id(), issued.secret());
        call("POST", "/api/v3/locks/audit-lock/acquire", "{\"holder\":\"web-9\"}", operator);
        call("POST", "/api/v3/locks/audit-lock/force-release", "{\"holder\":\"web-9\",\"reason\":\"host died\"}", operator);
        call("PATCH", "/api/v3/locks/audit-lock", "{\"slots\":3}", operator);
        call("POST", "/api/v3/fleet/freeze", "{\"reason\":\"incident 42\"}", operator);
        call("POST", "/api/v3/fleet/unfreeze", "{}", operator);
        call("POST", "/api/v3/users", "{\"name\":\"frank\",\"role\":\"viewer\",\"password\":\"frank password\"}", admin);
        call("PUT", "/api/v3/users/frank/password", "{\"password\":\"frank password 2\"}", admin);
        call("POST", "/api/v3/hosts", "{\"name\":\"audit-host\",\"aliases\":[\"ah\"]}", admin);

        JsonNode lock = call("GET", "/api/v3/audit?target=audit-lock", null, admin).body().path("entries");
        assertThat(lock).hasSize(2);
        assertThat(lock.get(1).path("action").asText()).isEqualTo("lock.force_release");
        assertThat(lock.get(1).path("actor").asText()).isEqualTo("audit operator");
        assertThat(lock.get(1).path("via").asText()).isEqualTo("credential:" + issued.credential().id());
        assertThat(lock.get(1).path("address").asText()).isEqualTo("127.0.0.1");
        assertThat(lock.get(1).path("reason").asText()).isEqualTo("host died");
        assertThat(lock.get(1).path("detail").asText()).isEqualTo("holder=web-9");
        assertThat(lock.get(0).path("action").asText()).isEqualTo("lock.set_slots");

        JsonNode fleet = call("GET", "/api/v3/audit?action=fleet.*", null, operator).body().path("entries");
        assertThat(fleet).extracting(e -> e.path("action").asText()).containsSubsequence("fleet.unfreeze", "fleet.freeze");
        JsonNode byAdmin = call("GET", "/api/v3/audit?actor=admin&limit=3", null, admin).body();
        assertThat(byAdmin.path("entries")).extracting(e -> e.path("action").asText())
                .containsExactly("host.add", "user.reset_password", "user.create");
        assertThat(byAdmin.path("entries").get(0).path("via").asText()).isEqualTo("password");
        assertThat(byAdmin.path("next_before").isNumber()).isTrue();
        String all = call("GET", "/api/v3/audit?limit=1000", null, admin).body().toString();
        assertThat(all).doesNotContain("frank password").doesNotContain(issued.secret());

        List<String> paged = new ArrayList<>();
        String before = "";
        do {
            JsonNode page = call("GET", "/api/v3/audit?limit=2" + before, null, admin).body();
            page.path("entries").forEach(e -> paged.add(e.path("id").asText()));
            before = page.path("next_before").isNull() ? null : "&before=" + page.path("next_before").asLong();
        } while (before != null);
        assertThat(paged).doesNotHaveDuplicates().hasSize(call("GET", "/api/v3/audit?limit=1000", null, admin).body().path("entries").size());
        assertThat(call("GET", "/api/v3/audit", null, credential("audit viewer", Role.VIEWER, Set.of(), Set.of())).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v3/audit?limit=0", null, admin).status()).isEqualTo(400);
    }
}
