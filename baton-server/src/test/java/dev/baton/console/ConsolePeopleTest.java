package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.Actor;
import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditQuery;
import dev.baton.auth.Role;
import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The People and Audit pages over HTTP, as a script posts their forms: each action through the auth domain, with the
 * session's CSRF token and a reason, confirmed first where it is destructive, and recorded in the audit trail under
 * the API's action names; a credential's secret shown once and never recorded; the audit trail filtered and paged.
 */
class ConsolePeopleTest {

    static final String PASSWORD = "admin-password-1";
    @TempDir
    static Path data;
    static BatonServer server;
    static String base;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        base = "http://127.0.0.1:" + server.port();
        server.auth().accounts().create("vic", Role.VIEWER, "viewer-password-1", Set.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    Script admin() throws Exception {
        return new Script(base).logIn("admin", PASSWORD);
    }

    static AuditEntry lastAudit(String action, String target) {
        return server.audit().list(new AuditQuery(null, action, target, null, 1)).entries().getFirst();
    }

    @Test
    void anAdminCreatesAUserWhoThenLogsIn() throws Exception {
        Script admin = admin();
        admin.get("/people");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        admin.post("/people/users", Map.of("csrf", admin.field("csrf"), "name", "nora", "role", "operator",
                "scopes", "web-*, db-*", "password", "nora-password-1", "reason", "joins the night shift"));
        assertThat(admin.last.statusCode()).isEqualTo(303);
        assertThat(server.auth().accounts().user("nora").role()).isEqualTo(Role.OPERATOR);
        assertThat(server.auth().accounts().user("nora").scopes()).containsExactlyInAnyOrder("web-*", "db-*");
        AuditEntry entry = lastAudit("user.create", "nora");
        assertThat(entry.actor()).isEqualTo(new Actor("admin", Actor.SESSION, "127.0.0.1"));
        assertThat(entry.reason()).isEqualTo("joins the night shift");
        assertThat(entry.detail()).startsWith("role=operator").doesNotContain("nora-password-1");
        assertThat(admin.get("/people").body()).contains("data-user=\"nora\"");

        Script nora = new Script(base).logIn("nora", "nora-password-1");
        assertThat(nora.get("/").statusCode()).isEqualTo(200);
        assertThat(nora.last.body()).doesNotContain("href=\"/people\"");
        assertThat(nora.get("/people").statusCode()).isEqualTo(403);
    }

    @Test
    void disablingAUserAsksForConfirmationFirstAndEndsItsSession() throws Exception {
        server.auth().accounts().create("dora", Role.VIEWER, "dora-password-1", Set.of());
        Script dora = new Script(base).logIn("dora", "dora-password-1");
        Script admin = admin();
        admin.get("/people");
        String csrf = admin.field("csrf");
        admin.post("/people/users/dora/disable", Map.of("csrf", csrf, "reason", "left the team"));
        assertThat(admin.last.statusCode()).isEqualTo(200);
        assertThat(admin.last.body()).contains("refuse every sign-in of dora").contains("name=\"confirmed\" value=\"yes\"");
        assertThat(server.auth().accounts().user("dora").disabled()).as("not before the confirmation").isFalse();

        admin.post("/people/users/dora/disable", Map.of("csrf", csrf, "confirmed", "yes", "reason", ""));
        assertThat(admin.last.statusCode()).as("no reason").isEqualTo(400);
        assertThat(server.auth().accounts().user("dora").disabled()).isFalse();

        admin.post("/people/users/dora/disable", Map.of("csrf", csrf, "confirmed", "yes", "reason", "left the team"));
        assertThat(admin.last.statusCode()).isEqualTo(303);
        assertThat(server.auth().accounts().user("dora").disabled()).isTrue();
        assertThat(lastAudit("user.disable", "dora").reason()).isEqualTo("left the team");
        assertThat(dora.get("/").statusCode()).as("the disabled user's session ends").isEqualTo(303);

        admin.post("/people/users/dora/enable", Map.of("csrf", csrf, "reason", "came back"));
        assertThat(server.auth().accounts().user("dora").disabled()).isFalse();
        assertThat(lastAudit("user.enable", "dora").reason()).isEqualTo("came back");
    }

    @Test
    void roleScopesAndPasswordAreChangedThroughTheirForms() throws Exception {
        server.auth().accounts().create("rita", Role.VIEWER, "rita-password-1", Set.of());
        Script admin = admin();
        admin.get("/people");
        String csrf = admin.field("csrf");
        admin.post("/people/users/rita/role", Map.of("csrf", csrf, "role", "operator", "reason", "on call"));
        assertThat(admin.last.body()).contains("from viewer to operator");
        admin.post("/people/users/rita/role", Map.of("csrf", csrf, "role", "operator", "reason", "on call", "confirmed", "yes"));
        assertThat(server.auth().accounts().user("rita").role()).isEqualTo(Role.OPERATOR);
        assertThat(lastAudit("user.set_role", "rita").detail()).isEqualTo("role=operator");

        admin.post("/people/users/rita/scopes", Map.of("csrf", csrf, "scopes", "web-*", "reason", "web team"));
        assertThat(server.auth().accounts().user("rita").scopes()).containsExactly("web-*");
        assertThat(lastAudit("user.set_scopes", "rita").detail()).isEqualTo("scopes=web-*");

        admin.post("/people/users/rita/password", Map.of("csrf", csrf, "password", "rita-password-2", "reason", "forgotten"));
        assertThat(admin.last.statusCode()).isEqualTo(303);
        AuditEntry reset = lastAudit("user.reset_password", "rita");
        assertThat(reset.detail()).isNull();
        new Script(base).logIn("rita", "rita-password-2");

        admin.post("/people/users/rita/password", Map.of("csrf", csrf, "password", "short", "reason", "x"));
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("at least 8 characters");
        admin.post("/people/users/nobody-here/enable", Map.of("csrf", csrf, "reason", "x"));
        assertThat(admin.last.statusCode()).isEqualTo(404);
        admin.post("/people/users", Map.of("csrf", csrf, "name", "rita", "role", "viewer", "password", "rita-password-3", "reason", "again"));
        assertThat(admin.last.statusCode()).isEqualTo(409);
        admin.post("/people/users/rita/scopes", Map.of("scopes", "*", "reason", "no token"));
        assertThat(admin.last.statusCode()).as("without the CSRF token").isEqualTo(403);
        assertThat(server.auth().accounts().user("rita").scopes()).containsExactly("web-*");
    }

    @Test
    void aCredentialsSecretIsShownOnceWithAWarningAndRevokingAsksFirst() throws Exception {
        Script admin = admin();
        admin.get("/people");
        String csrf = admin.field("csrf");
        admin.post("/people/credentials", Map.of("csrf", csrf, "name", "web1 agent", "role", "host", "holders", "web1.example.com",
                "reason", "new host"));
        assertThat(admin.last.statusCode()).isEqualTo(201);
        assertThat(admin.last.body()).contains("shown this once and never again");
        String id = text(admin.last.body(), "credential-id");
        String secret = text(admin.last.body(), "credential-secret");
        assertThat(server.auth().verifyCredential(id, secret)).isPresent();
        AuditEntry created = lastAudit("credential.create", id);
        assertThat(created.detail()).isEqualTo("name=web1 agent role=host holders=web1.example.com").doesNotContain(secret);
        assertThat(admin.get("/people").body()).contains(id).doesNotContain(secret);

        admin.post("/people/credentials/" + id + "/revoke", Map.of("csrf", csrf, "reason", "host retired"));
        assertThat(admin.last.body()).contains("refuse every request signed with credential 'web1 agent'");
        assertThat(server.auth().verifyCredential(id, secret)).as("not before the confirmation").isPresent();
        admin.post("/people/credentials/" + id + "/revoke", Map.of("csrf", csrf, "reason", "host retired", "confirmed", "yes"));
        assertThat(admin.last.statusCode()).isEqualTo(303);
        assertThat(server.auth().verifyCredential(id, secret)).isEmpty();
        assertThat(lastAudit("credential.revoke", id).reason()).isEqualTo("host retired");
    }

    @Test
    void aViewerSeesNeitherPeopleNorAuditAndIsRefusedBoth() throws Exception {
        Script vic = new Script(base).logIn("vic", "viewer-password-1");
        assertThat(vic.get("/").body()).doesNotContain("href=\"/people\"").doesNotContain("href=\"/audit\"");
        assertThat(vic.get("/people").statusCode()).isEqualTo(403);
        assertThat(vic.get("/audit").statusCode()).isEqualTo(403);
        Script admin = admin();
        assertThat(admin.get("/").body()).contains("href=\"/people\"").contains("href=\"/audit\"");
    }

    @Test
    void theAuditPageIsNewestFirstFilteredAndPagedByItsCursor() throws Exception {
        for (int i = 0; i < 120; i++) {
            server.audit().record(new Actor(i % 2 == 0 ? "paula" : "pete", Actor.LOCAL, null), i % 3 == 0 ? "host.add" : "lock.freeze",
                    "paged-" + i, "reason " + i, null);
        }
        Script admin = admin();
        admin.get("/audit?actor=paula");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        List<String> first = targets(admin.last.body());
        assertThat(first).hasSize(AuditRoutes.PAGE_SIZE).first().isEqualTo("paged-118");
        assertThat(first).allMatch(t -> Integer.parseInt(t.substring("paged-".length())) % 2 == 0);
        String older = admin.last.body().replaceAll("(?s).*href=\"([^\"]+)\" rel=\"next\".*", "$1").replace("&amp;", "&");
        admin.get(older);
        List<String> second = targets(admin.last.body());
        assertThat(second).hasSize(10).first().isEqualTo("paged-18");
        assertThat(second.getLast()).isEqualTo("paged-0");
        assertThat(admin.last.body()).doesNotContain("rel=\"next\"");

        admin.get("/audit?action=host&actor=pete");
        assertThat(targets(admin.last.body())).hasSize(20).allMatch(t -> Integer.parseInt(t.substring(6)) % 6 == 3);
        admin.get("/audit?action=lock.freeze&target=paged-1");
        assertThat(targets(admin.last.body())).containsExactly("paged-1");
        admin.get("/audit?action=Lock%20freeze");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("dotted lower-case name");
    }

    static List<String> targets(String html) {
        Matcher m = Pattern.compile("href=\"/audit\\?target=(paged-\\d+)\"").matcher(html);
        List<String> targets = new java.util.ArrayList<>();
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    static String text(String html, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\">([^<]+)<").matcher(html);
        assertThat(m.find()).as(id + " on the page").isTrue();
        return m.group(1);
    }
}
