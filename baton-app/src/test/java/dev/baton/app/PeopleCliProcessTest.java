package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code baton users ...}, {@code baton audit} and credentials' scopes end to end, against a real server process:
 * what a user may do follows its role and state at once, the password is never taken from a pipe by surprise, and
 * the reasons given on the command line are in the audit trail.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PeopleCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    private static ServerProcess server;
    private static CliHost adminCli;

    @BeforeAll
    static void server() {
        server = ServerProcess.shared();
        adminCli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD));
    }

    @AfterAll
    static void stopCli() {
        if (adminCli != null) {
            adminCli.close();
        }
    }

    private static ChildJvm.Result baton(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int at = args[0].equals("audit") ? 1 : 2;
        all.addAll(Math.min(at, all.size()), List.of("--server", server.url().toString()));
        return adminCli.run(CLI_TIMEOUT, all.toArray(String[]::new));
    }

    private static ChildJvm.Result ok(ChildJvm.Result result) {
        assertThat(result.exit()).as("%s", result).isZero();
        return result;
    }

    private static JsonNode json(ChildJvm.Result result) throws IOException {
        return JSON.readTree(ok(result).out());
    }

    private static BatonClient as(String user, String password) {
        return new BatonClient(server.url(), new BatonClient.Auth.Basic(user, password), null);
    }

    @Test
    void usersAreAddedListedChangedAndDisabledAndEachChangeTakesEffectAtOnce() throws IOException {
        ok(baton("users", "add", "cli-alice", "--role", "operator", "--password", "alice password 1", "--scope", "cli-web-*",
                "--reason", "new on call"));
        JsonNode alice = as("cli-alice", "alice password 1").call("GET", "api/v3/whoami", null, null, 200);
        assertThat(alice.path("role").asText()).isEqualTo("operator");
        assertThat(alice.path("scopes").toString()).isEqualTo("[\"cli-web-*\"]");

        JsonNode listed = json(baton("users", "list", "--json"));
        assertThat(listed.path("users").findValuesAsText("name")).contains("admin", "cli-alice");
        assertThat(listed.toString()).doesNotContain("alice password").doesNotContain("pbkdf2");
        String table = ok(baton("users", "list")).out();
        assertThat(table.lines().findFirst().orElse("")).contains("USER", "ROLE", "SCOPES", "STATE");
        assertThat(table).containsPattern("cli-alice +operator +cli-web-\\* +enabled");

        assertThat(ok(baton("users", "set-role", "cli-alice", "viewer")).out()).contains("cli-alice is now viewer");
        assertThatThrownBy(() -> as("cli-alice", "alice password 1").freeze("cli-web-1", "try"))
                .isInstanceOf(BatonClientException.class).hasMessageContaining("operate-locks");

        ok(baton("users", "disable", "cli-alice", "--reason", "left the team"));
        assertThatThrownBy(() -> as("cli-alice", "alice password 1").list())
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(401));
        ok(baton("users", "enable", "cli-alice"));
        ok(baton("users", "reset-password", "cli-alice", "--password", "alice password 2"));
        assertThat(as("cli-alice", "alice password 2").list().path("locks").isArray()).isTrue();
        ok(baton("users", "set-scopes", "cli-alice"));
        assertThat(as("cli-alice", "alice password 2").call("GET", "api/v3/whoami", null, null, 200).path("scopes").isEmpty()).isTrue();

        var again = baton("users", "add", "cli-alice", "--role", "viewer", "--password", "alice password 3");
        assertThat(again.exit()).as("%s", again).isEqualTo(1);
        assertThat(again.err()).contains("exists already").contains("409");
        var unknown = baton("users", "disable", "cli-nobody");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("no user named 'cli-nobody'");
        var badRole = baton("users", "add", "cli-bob", "--role", "wizard", "--password", "bob password 1");
        assertThat(badRole.exit()).isEqualTo(1);
        assertThat(badRole.err()).contains("unknown role 'wizard'").contains("release-manager");
    }

    @Test
    void withoutATerminalAndWithoutPasswordNoUserIsAddedAndNoPasswordChanged() throws IOException {
        var add = baton("users", "add", "cli-carol", "--role", "viewer");
        assertThat(add.exit()).as("%s", add).isEqualTo(2);
        assertThat(add.err()).contains("no terminal").contains("--password");
        assertThat(json(baton("users", "list", "--json")).path("users").findValuesAsText("name")).doesNotContain("cli-carol");
        var reset = baton("users", "reset-password", "admin");
        assertThat(reset.exit()).isEqualTo(2);
        assertThat(reset.err()).contains("no terminal");
        assertThat(server.adminClient().list().path("locks").isArray()).as("the admin password still works").isTrue();
    }

    @Test
    void reasonsGivenOnTheCommandLineAreInTheAuditTrail() throws IOException {
        BatonClient admin = server.adminClient();
        admin.setSlots("cli-audit", 1);
        admin.acquire("cli-audit", "cli-audit-host", Duration.ZERO);
        ok(baton("lock", "force-release", "cli-audit", "--holder", "cli-audit-host", "--reason", "host is dead"));
        ok(baton("lock", "disable", "cli-audit", "--reason", "maintenance"));
        ok(baton("lock", "freeze", "cli-audit", "--reason", "incident 7"));

        JsonNode entries = json(baton("audit", "--json", "--action", "lock.*", "--limit", "20")).path("entries");
        List<String> lines = new ArrayList<>();
        entries.forEach(e -> {
            if (e.path("target").asText().equals("cli-audit")) {
                lines.add(e.path("action").asText() + " " + e.path("reason").asText() + " " + e.path("actor").asText()
                        + " " + e.path("via").asText());
            }
        });
        assertThat(lines).containsSubsequence("lock.freeze incident 7 admin password", "lock.disable maintenance admin password",
                "lock.force_release host is dead admin password");
        String table = ok(baton("audit", "--actor", "admin", "--limit", "5")).out();
        assertThat(table.lines().findFirst().orElse("")).contains("AT", "ACTOR", "VIA", "FROM", "ACTION", "TARGET", "REASON");
        assertThat(table).contains("lock.freeze").contains("incident 7");
    }

    @Test
    void aScopedCredentialOperatesOnlyWithinItsScopes() throws IOException {
        JsonNode created = json(baton("credentials", "create", "--name", "cli web ops", "--role", "operator",
                "--scope", "cli-scope-web-*", "--json"));
        assertThat(created.path("scopes").toString()).isEqualTo("[\"cli-scope-web-*\"]");
        BatonClient webOps = new BatonClient(server.url(),
                new BatonClient.Auth.Basic(created.path("id").asText(), created.path("secret").asText()), null);
        server.adminClient().setSlots("cli-scope-web-1", 1);
        server.adminClient().setSlots("cli-scope-db-1", 1);
        assertThat(webOps.freeze("cli-scope-web-1", "scoped").path("frozen").asBoolean()).isTrue();
        assertThatThrownBy(() -> webOps.freeze("cli-scope-db-1", "scoped"))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(403));
        assertThat(ok(baton("credentials", "list")).out()).contains("cli web ops");
    }
}
