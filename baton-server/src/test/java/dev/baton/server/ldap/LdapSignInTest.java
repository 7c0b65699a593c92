package dev.baton.server.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in against a real OpenLDAP {@code slapd} started by the test ({@link Slapd}): a bind as the user, its groups
 * mapped to a role (the most powerful of them), no role without a mapped group, the user kept in Baton where it can
 * be disabled; and local users signing in while the directory is down.
 */
class LdapSignInTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "ldap test admin password";
    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;
    private static final String GROUPS = "ou=groups," + Slapd.SUFFIX;

    @TempDir
    static Path temp;
    static Slapd slapd;
    static BatonServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        slapd = new Slapd(temp.resolve("slapd"), ldif());
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(temp.resolve("data"), null)
                .withAdminPassword(ADMIN_PASSWORD)
                .withLdap(new LdapSettings(slapd.url(), "uid={0}," + PEOPLE, GROUPS, null,
                        List.of("baton-ops=operator", "cn=baton-admins," + GROUPS + "=admin"), Duration.ofSeconds(2))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private static String ldif() {
        StringBuilder b = new StringBuilder();
        b.append("dn: ").append(Slapd.SUFFIX).append("\nobjectClass: dcObject\nobjectClass: organization\no: baton\ndc: baton\n\n");
        b.append("dn: ").append(PEOPLE).append("\nobjectClass: organizationalUnit\nou: people\n\n");
        b.append("dn: ").append(GROUPS).append("\nobjectClass: organizationalUnit\nou: groups\n\n");
        for (String user : List.of("olga", "adam", "nina", "dora", "vera")) {
            b.append("dn: uid=").append(user).append(',').append(PEOPLE).append("\nobjectClass: inetOrgPerson\nuid: ")
                    .append(user).append("\ncn: ").append(user).append("\nsn: ").append(user)
                    .append("\nuserPassword: ").append(user).append("-secret\n\n");
        }
        group(b, "baton-ops", "olga", "adam", "dora", "vera");
        group(b, "baton-admins", "adam");
        group(b, "unrelated", "nina");
        return b.toString();
    }

    private static void group(StringBuilder b, String name, String... members) {
        b.append("dn: cn=").append(name).append(',').append(GROUPS).append("\nobjectClass: groupOfNames\ncn: ").append(name).append('\n');
        for (String m : members) {
            b.append("member: uid=").append(m).append(',').append(PEOPLE).append('\n');
        }
        b.append('\n');
    }

    record Answer(int status, JsonNode body) {
    }

    private static Answer call(String method, String path, String body, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    private static Answer whoami(String user, String password) throws Exception {
        return call("GET", "/api/v3/whoami", null, user, password);
    }

    @Test
    void aDirectoryUserSignsInWithTheRoleOfItsGroupsAndIsKeptAsADirectoryUser() throws Exception {
        Answer olga = whoami("olga", "olga-secret");
        assertThat(olga.status()).as("%s", olga.body()).isEqualTo(200);
        assertThat(olga.body().path("role").asText()).isEqualTo("operator");
        assertThat(call("PATCH", "/api/v3/locks/ldap-lock", "{\"slots\":2}", "olga", "olga-secret").status()).isEqualTo(200);
        assertThat(call("GET", "/api/v3/users", null, "olga", "olga-secret").status()).as("an operator manages no people").isEqualTo(403);

        assertThat(whoami("adam", "adam-secret").body().path("role").asText()).as("in both groups: the stronger role").isEqualTo("admin");
        assertThat(whoami("olga", "wrong-secret").status()).isEqualTo(401);
        assertThat(whoami("nina", "nina-secret").status()).as("in no mapped group").isEqualTo(401);
        assertThat(whoami("nobody", "nobody-secret").status()).isEqualTo(401);
        assertThat(whoami("olga", "").status()).as("an empty password is no anonymous bind").isEqualTo(401);

        JsonNode users = call("GET", "/api/v3/users", null, "admin", ADMIN_PASSWORD).body().path("users");
        assertThat(users.findValuesAsText("name")).contains("olga", "adam").doesNotContain("nina");
        Answer reset = call("PUT", "/api/v3/users/olga/password", "{\"password\":\"a local password\"}", "admin", ADMIN_PASSWORD);
        assertThat(reset.status()).isEqualTo(400);
        assertThat(reset.body().path("error").path("message").asText()).contains("directory");
    }

    @Test
    void aDirectoryUserDisabledInBatonCannotSignIn() throws Exception {
        assertThat(whoami("vera", "vera-secret").status()).isEqualTo(200);
        assertThat(call("POST", "/api/v3/users/vera/disable", "{\"reason\":\"left\"}", "admin", ADMIN_PASSWORD).status()).isEqualTo(200);
        assertThat(whoami("vera", "vera-secret").status()).isEqualTo(401);
        assertThat(server.auth().userPrincipal("vera")).isEmpty();
    }

    @Test
    void localUsersSignInWhileTheDirectoryIsDownAndDirectoryUsersAreToldItIs() throws Exception {
        assertThat(call("POST", "/api/v3/users", "{\"name\":\"lou\",\"role\":\"viewer\",\"password\":\"lou local password\"}",
                "admin", ADMIN_PASSWORD).status()).isEqualTo(201);
        slapd.stop();
        try {
            assertThat(whoami("admin", ADMIN_PASSWORD).status()).isEqualTo(200);
            assertThat(whoami("lou", "lou local password").body().path("role").asText()).isEqualTo("viewer");
            Answer dora = whoami("dora", "dora-secret");
            assertThat(dora.status()).isEqualTo(503);
            assertThat(dora.body().path("error").path("code").asText()).isEqualTo("directory_unavailable");
            assertThat(dora.body().toString()).doesNotContain("dora-secret");
        } finally {
            slapd.start();
        }
        assertThat(whoami("dora", "dora-secret").status()).as("the directory is back").isEqualTo(200);
    }
}
