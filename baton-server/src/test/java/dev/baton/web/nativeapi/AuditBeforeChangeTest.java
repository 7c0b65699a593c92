package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.server.BatonServer;
import dev.baton.server.DirectSql;
import dev.baton.server.DirectSql.Connect;
import dev.baton.server.RawHttp;
import dev.baton.server.ServerSettings;
import dev.baton.store.testing.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: a change that is not a lock, fleet or host change (users, credentials, notification rules) writes its
 * audit entry BEFORE it is made, as begun, and marks it done after. So a change never stands without its entry:
 * when the entry cannot be written, the change is not made; when the server cannot mark it done (as when it stops
 * in between), the entry stays, flagged "done": false; a change that fails leaves no entry.
 */
class AuditBeforeChangeTest {

    private static final String PASSWORD = "audit ahead password";
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)), "Content-Type", "application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void onSqlite() throws Exception {
        try (BatonServer server = start(null)) {
            String file = "jdbc:sqlite:" + dir.resolve("baton.db").toAbsolutePath();
            check(server, () -> DriverManager.getConnection(file),
                    List.of("CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit down'); END"),
                    List.of("DROP TRIGGER audit_down",
                            "CREATE TRIGGER audit_stuck BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit stuck'); END"));
        }
    }

    @Test
    void onPostgres() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        try (BatonServer server = start(url)) {
            check(server, () -> DriverManager.getConnection(url), List.of(
                    "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit down'; END $$",
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_down()"),
                    List.of("DROP TRIGGER audit_down ON audit_entries",
                            "CREATE TRIGGER audit_stuck BEFORE UPDATE ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_down()"));
        }
    }

    private BatonServer start(String url) {
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir, url).withAdminPassword(PASSWORD));
    }

    private static void check(BatonServer server, Connect db, List<String> refuseEntries, List<String> refuseDone) throws Exception {
        RawHttp http = new RawHttp(server.port());
        int before = entries(http).size();

        // The entry cannot be written: no change is made.
        DirectSql.execute(db, refuseEntries);
        List<RawHttp.Response> refused = List.of(
                http.send("POST", "/api/v3/users", ADMIN, "{\"name\":\"carol\",\"role\":\"viewer\",\"password\":\"carol password 1\"}"),
                http.send("POST", "/api/v3/credentials", ADMIN, "{\"name\":\"ci\",\"role\":\"operator\"}"),
                http.send("POST", "/api/v3/notifications/rules", ADMIN, "{\"kinds\":[\"host.failed\"],\"channel\":1}"));
        refused.forEach(r -> assertThat(r.status()).as(r.toString()).isBetween(500, 599));
        assertThat(server.auth().accounts().list()).extracting(u -> u.name()).containsExactly("admin");
        assertThat(server.auth().credentials()).isEmpty();
        assertThat(entries(http)).hasSize(before);

        // The entry is written but cannot be marked done (as if the server stopped right after the change): the
        // change stands and its entry says it was begun.
        DirectSql.execute(db, refuseDone);
        assertThat(http.send("POST", "/api/v3/users", ADMIN,
                "{\"name\":\"carol\",\"role\":\"viewer\",\"password\":\"carol password 1\",\"reason\":\"new colleague\"}").status())
                .isEqualTo(201);
        assertThat(server.auth().accounts().list()).extracting(u -> u.name()).contains("carol");
        JsonNode begun = entries(http).getFirst();
        assertThat(begun.path("action").asText()).isEqualTo("user.create");
        assertThat(begun.path("target").asText()).isEqualTo("carol");
        assertThat(begun.path("reason").asText()).isEqualTo("new colleague");
        assertThat(begun.path("done").asBoolean()).isFalse();

        // A change that fails leaves no entry; one that succeeds is done.
        DirectSql.execute(db, List.of(refuseDone.getFirst().replace("audit_down", "audit_stuck")));
        int now = entries(http).size();
        assertThat(http.send("POST", "/api/v3/users", ADMIN,
                "{\"name\":\"carol\",\"role\":\"viewer\",\"password\":\"carol password 1\"}").status()).isEqualTo(409);
        assertThat(entries(http)).hasSize(now);
        RawHttp.Response created = http.send("POST", "/api/v3/credentials", ADMIN, "{\"name\":\"ci\",\"role\":\"operator\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode done = entries(http).getFirst();
        assertThat(done.path("action").asText()).isEqualTo("credential.create");
        assertThat(done.path("target").asText()).isEqualTo(JSON.readTree(created.body()).path("id").asText());
        assertThat(done.path("detail").asText()).isEqualTo("name=ci role=operator").doesNotContain("secret");
        assertThat(done.path("done").asBoolean()).isTrue();
    }

    private static List<JsonNode> entries(RawHttp http) throws Exception {
        RawHttp.Response r = http.send("GET", "/api/v3/audit?limit=1000", ADMIN, null);
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        JSON.readTree(r.body()).path("entries").forEach(out::add);
        return out;
    }
}
