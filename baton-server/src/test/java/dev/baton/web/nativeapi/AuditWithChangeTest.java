package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditQuery;
import dev.baton.hosts.Host;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
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
 * Issue 14: an operator's lock, fleet or host change and its audit entry are stored together or not at all. The audit table
 * is made to refuse every insert (a trigger, as a database failing between the two writes would): before the fix the
 * change was committed first and its entry was lost; now each change fails whole, and once the table takes inserts
 * again, the change, its history event and its entry are all stored. On SQLite and on PostgreSQL, whose lock writers
 * group many changes into one transaction.
 */
class AuditWithChangeTest {

    private static final String PASSWORD = "audit atomic password";
    private static final Map<String, String> ADMIN = Map.of("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)), "Content-Type", "application/json");

    @TempDir
    Path dir;

    @Test
    void onSqliteAChangeAndItsAuditEntryAreNeverSplit() throws Exception {
        try (BatonServer server = start(null)) {
            String file = "jdbc:sqlite:" + dir.resolve("baton.db").toAbsolutePath();
            check(server, () -> DriverManager.getConnection(file), List.of(
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit store down'); END"),
                    "DROP TRIGGER audit_down");
        }
    }

    @Test
    void onPostgresAChangeAndItsAuditEntryAreNeverSplit() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        try (BatonServer server = start(url)) {
            check(server, () -> DriverManager.getConnection(url), List.of(
                    "CREATE FUNCTION audit_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$",
                    "CREATE TRIGGER audit_down BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION audit_down()"),
                    "DROP TRIGGER audit_down ON audit_entries");
        }
    }

    private BatonServer start(String url) {
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir, url).withAdminPassword(PASSWORD));
    }


    private static void check(BatonServer server, Connect db, List<String> breakAudit, String mendAudit) throws Exception {
        RawHttp http = new RawHttp(server.port());
        assertThat(http.send("POST", "/api/v3/locks/door/acquire", ADMIN, "{\"holder\":\"web-1\"}").status()).isEqualTo(200);
        assertThat(http.send("PATCH", "/api/v3/locks/door", ADMIN, "{\"slots\":2,\"reason\":\"two at once\"}").status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v3/hosts", ADMIN, "{\"name\":\"web1.example.com\"}").status()).isEqualTo(201);
        int entriesBefore = entries(server).size();
        long eventsBefore = events(server).size();

        DirectSql.execute(db, breakAudit);
        List<RawHttp.Response> refused = List.of(
                http.send("POST", "/api/v3/locks/door/force-release", ADMIN, "{\"holder\":\"web-1\",\"reason\":\"stuck\"}"),
                http.send("PATCH", "/api/v3/locks/door", ADMIN, "{\"slots\":5,\"reason\":\"more\"}"),
                http.send("PATCH", "/api/v3/locks/door", ADMIN, "{\"stale_after_seconds\":60}"),
                http.send("PATCH", "/api/v3/locks/door", ADMIN, "{\"lease_seconds\":600}"),
                http.send("POST", "/api/v3/locks/door/disable", ADMIN, "{\"reason\":\"maintenance\"}"),
                http.send("POST", "/api/v3/locks/door/freeze", ADMIN, "{\"reason\":\"incident\"}"),
                http.send("POST", "/api/v3/fleet/freeze", ADMIN, "{\"reason\":\"incident\"}"),
                http.send("POST", "/api/v3/hosts", ADMIN, "{\"name\":\"web2.example.com\"}"),
                http.send("POST", "/api/v3/hosts/web1.example.com/aliases", ADMIN, "{\"alias\":\"w1\"}"),
                http.send("POST", "/api/v3/hosts/web1.example.com/deny", ADMIN, "{\"reason\":\"broken\"}"),
                http.send("DELETE", "/api/v3/hosts/web1.example.com", ADMIN, null));
        for (RawHttp.Response r : refused) {
            assertThat(r.status()).as(r.toString()).isBetween(500, 599);
        }
        LockView door = server.locks().reader().show("door").orElseThrow();
        assertThat(door.holders()).extracting(LockView.HolderView::holder).containsExactly("web-1");
        assertThat(door.slots()).isEqualTo(2);
        assertThat(door.staleAfter()).isNull();
        assertThat(door.lease()).isNull();
        assertThat(door.enabled()).isTrue();
        assertThat(door.frozen()).isFalse();
        assertThat(server.locks().reader().fleet().frozen()).isFalse();
        assertThat(server.hosts().list()).extracting(Host::name).containsExactly("web1.example.com");
        Host web1 = server.hosts().find("web1.example.com").orElseThrow();
        assertThat(web1.aliases()).isEmpty();
        assertThat(web1.canAcquireUpdateLocks()).isTrue();
        assertThat(events(server)).hasSize((int) eventsBefore);
        assertThat(entries(server)).hasSize(entriesBefore);

        DirectSql.execute(db, List.of(mendAudit));
        assertThat(http.send("POST", "/api/v3/locks/door/force-release", ADMIN, "{\"holder\":\"web-1\",\"reason\":\"stuck\"}")
                .status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v3/fleet/freeze", ADMIN, "{\"reason\":\"incident\"}").status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v3/fleet/unfreeze", ADMIN, "{\"reason\":\"over\"}").status()).isEqualTo(200);
        assertThat(http.send("POST", "/api/v3/hosts/web1.example.com/deny", ADMIN, "{\"reason\":\"broken\"}").status())
                .isEqualTo(200);
        assertThat(events(server)).extracting(LockEvent::type)
                .containsSubsequence(EventType.FORCE_RELEASE, EventType.FREEZE, EventType.UNFREEZE);
        List<AuditEntry> entries = entries(server);
        assertThat(entries).hasSize(entriesBefore + 4);
        assertThat(entries.subList(0, 4)).extracting(AuditEntry::action)
                .containsExactly("host.deny", "fleet.unfreeze", "fleet.freeze", "lock.force_release");
        assertThat(entries.getFirst().target()).isEqualTo("web1.example.com");
        assertThat(server.hosts().find("web1.example.com").orElseThrow().canAcquireUpdateLocks()).isFalse();
        AuditEntry forced = entries.get(3);
        assertThat(forced.target()).isEqualTo("door");
        assertThat(forced.reason()).isEqualTo("stuck");
        assertThat(forced.detail()).isEqualTo("holder=web-1");
        assertThat(forced.actor().name()).isEqualTo("admin");
        assertThat(forced.actor().via()).isEqualTo("password");
        assertThat(forced.actor().address()).isNotBlank();
    }

    private static List<AuditEntry> entries(BatonServer server) {
        return server.audit().list(AuditQuery.latest(1000)).entries();
    }

    /** Every event, oldest first. */
    private static List<LockEvent> events(BatonServer server) {
        return server.locks().reader().history(EventQuery.of(null, null, 1000)).events().reversed();
    }
}
