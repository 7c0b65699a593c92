package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.audit.AuditEntry;
import dev.baton.audit.AuditQuery;
import dev.baton.auth.Role;
import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.jump.run.Decision;
import dev.baton.jump.run.HostState;
import dev.baton.jump.run.JumpHost;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpStep;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.StepState;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.store.Database;
import dev.baton.store.SqlJumpStore;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * The jump pages and actions over plain HTTP, on runs written straight into the server's PostgreSQL store (as a
 * runner on another server would write them), so that every host state is shown at once without running anything:
 * the groups and what each shows, the buttons only where the action applies and only for {@code operate_jumps}, and
 * the actions' CSRF, permission and reason checks, their confirmation, their effect (the same store requests as the
 * API's), their audit entries, and their 409 when they no longer apply.
 */
class ConsoleJumpStatesTest {

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final String RECIPE = """
            # every state at once
            remote echo one
            remote make-it-so
            jump(reboot)
            remote echo four
            """;
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final String TOKEN = "another-server#1";

    @TempDir
    static Path data;
    static BatonServer server;
    static Database db;
    static SqlJumpStore store;

    @BeforeAll
    static void start() {
        String url = PostgresServer.shared().createDatabase();
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, url)
                .withAdminPassword(ADMIN_PASSWORD));
        server.auth().accounts().create("vera", Role.VIEWER, "viewer-password-1", Set.of());
        server.auth().accounts().create("olaf", Role.OPERATOR, "operator-password-1", Set.of());
        db = Database.postgres(url);
        store = new SqlJumpStore(db);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A run whose hosts are in every state a runner leaves them in (no job runs it: nothing changes them). */
    static void seed(String run) {
        List<String> names = List.of("h-done", "h-wait1", "h-running", "h-failed", "h-wait2", "h-interrupted",
                "h-refused", "h-rebooting");
        List<JumpHost> hosts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            hosts.add(JumpHost.waiting(run, i, names.get(i), names.get(i) + "=root@127.0.0.1:22", T0));
        }
        assertThat(store.create(new JumpRun(run, "/recipes/nextrel.cfg", RECIPE, "/recipes", 2, 1, RunState.STOPPED,
                "alice", T0, null, null, "1 host failed"), hosts)).isTrue();
        store.claim(run, TOKEN);
        at(run, "h-done", HostState.DONE, 5, "every line ran");
        at(run, "h-running", HostState.RUNNING, 2, "line 2: remote echo one");
        at(run, "h-rebooting", HostState.REBOOTING, 4, "line 4: jump(reboot)");
        at(run, "h-refused", HostState.REFUSED, 0, "not started: the swap partition is smaller than the jump image");
        step(run, "h-failed", 3, "remote make-it-so", StepState.FAILED, 7, "made nothing\nexit status 7\n");
        at(run, "h-failed", HostState.FAILED, 3, "line 3 failed: exit status 7");
        step(run, "h-interrupted", 3, "remote make-it-so", StepState.INTERRUPTED, null, "half done\n");
        at(run, "h-interrupted", HostState.INTERRUPTED, 3, "line 3 had started when Baton stopped and its end is unknown");
    }

    static void at(String run, String host, HostState state, int line, String message) {
        JumpHost h = store.host(run, host).orElseThrow();
        assertThat(store.saveHost(TOKEN, h.at(Math.max(0, line - 1), line, h.variables(), null)
                .state(state, message, T0.plusSeconds(line)))).isTrue();
    }

    static void step(String run, String host, int line, String text, StepState end, Integer exit, String output) {
        JumpHost h = store.host(run, host).orElseThrow().state(HostState.RUNNING, "line " + line, T0);
        JumpStep started = new JumpStep(run, host, 1, line - 1, line, text, StepState.STARTED, null, "", T0, null);
        assertThat(store.stepStarted(TOKEN, started, h)).isTrue();
        assertThat(store.stepEnded(TOKEN, started.ended(end, exit, output, T0.plusSeconds(1)), h)).isTrue();
    }

    static Script as(String user, String password) throws Exception {
        return new Script("http://127.0.0.1:" + server.port()).logIn(user, password);
    }

    /** The HTML of one host's item on a run page. */
    static String item(String page, String host) {
        Matcher m = Pattern.compile("<li data-host=\"" + host + "\".*?</li>", Pattern.DOTALL).matcher(page);
        assertThat(m.find()).as("host " + host + " on the page").isTrue();
        return m.group();
    }

    static List<String> all(String page, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(page);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void aRunPageShowsEachHostInTheGroupOfItsStateWithWhatAnOperatorNeeds() throws Exception {
        seed("states");
        Script vera = as("vera", "viewer-password-1");
        String list = vera.get("/jumps").body();
        assertThat(vera.last.statusCode()).isEqualTo(200);
        Matcher row = Pattern.compile("<tr data-run=\"states\".*?</tr>", Pattern.DOTALL).matcher(list);
        assertThat(row.find()).isTrue();
        assertThat(row.group()).contains("nextrel.cfg", "stopped", "alice", "data-count=\"done\">1<",
                "data-count=\"waiting\">2<", "data-count=\"other\"");
        assertThat(row.group()).containsPattern("data-count=\"failed\"><span class=\"bad\">1</span>");

        String page = vera.get("/jumps/states").body();
        assertThat(vera.last.statusCode()).isEqualTo(200);
        assertThat(all(page, "data-group=\"([a-z]+)\"")).as("the groups, what needs an operator first")
                .containsExactly("interrupted", "failed", "running", "rebooting", "waiting", "refused", "done");
        assertThat(page).contains("Awaiting a decision", "Refused by a pre-check");
        assertThat(item(page, "h-running")).contains("line 2: <code>remote echo one</code>");
        assertThat(item(page, "h-rebooting")).contains("line 4: <code>jump(reboot)</code>");
        assertThat(item(page, "h-failed")).contains("Stopped at line 3: <code>remote make-it-so</code>",
                "exit status <span class=\"exit\">7</span>", "made nothing");
        assertThat(item(page, "h-interrupted")).contains("interrupted", "half done", "its end is unknown");
        assertThat(item(page, "h-refused")).contains("the swap partition is smaller than the jump image");
        int wait1 = page.indexOf("data-host=\"h-wait1\"");
        assertThat(wait1).as("waiting in the order they take slots").isPositive()
                .isLessThan(page.indexOf("data-host=\"h-wait2\""));
        assertThat(page).as("a viewer gets no buttons").doesNotContain("class=\"retry\"", "class=\"skip-line\"",
                "id=\"abort\"");

        String log = vera.get("/jumps/states/hosts/h-failed").body();
        assertThat(log).contains("Line 3: <code>remote make-it-so</code>", "exit status <span class=\"exit\">7</span>",
                "2 lines of output", "made nothing\nexit status 7\n");
        assertThat(log).as("a host waiting for an operator is not redrawn under its reader").doesNotContain("hx-trigger");
        assertThat(vera.get("/jumps/states/hosts/h-running").body()).contains("hx-trigger=\"every 2s\"");

        vera.get("/jumps/nosuch");
        assertThat(vera.last.statusCode()).isEqualTo(404);
        assertThat(vera.last.body()).contains("There is no jump run named nosuch");
        vera.get("/jumps/states/hosts/nobody");
        assertThat(vera.last.statusCode()).isEqualTo(404);
        vera.get("/jumps?before=yesterday");
        assertThat(vera.last.statusCode()).isEqualTo(400);
        assertThat(vera.last.body()).contains("before must be a time");
    }

    @Test
    void anOperatorGetsEachButtonOnlyWhereItApplies() throws Exception {
        seed("buttons");
        String page = as("olaf", "operator-password-1").get("/jumps/buttons").body();
        for (String host : List.of("h-failed", "h-interrupted")) {
            assertThat(item(page, host)).contains("action=\"/jumps/buttons/hosts/" + host + "/retry\"",
                    "action=\"/jumps/buttons/hosts/" + host + "/skip\"");
        }
        assertThat(item(page, "h-refused")).contains("/retry\"").doesNotContain("/skip\"");
        for (String host : List.of("h-done", "h-running", "h-rebooting", "h-wait1")) {
            assertThat(item(page, host)).doesNotContain("<button");
        }
        assertThat(page).contains("action=\"/jumps/buttons/abort\"");
    }

    @Test
    void actionsNeedTheTokenThePermissionAndAReasonAndDoWhatTheApiDoes() throws Exception {
        seed("acts");
        String retry = "/jumps/acts/hosts/h-interrupted/retry";
        Script olaf = as("olaf", "operator-password-1");
        olaf.get("/jumps/acts");
        String token = olaf.field("csrf");

        olaf.post(retry, Map.of("confirmed", "yes", "reason", "no token"));
        assertThat(olaf.last.statusCode()).as("without the CSRF token").isEqualTo(403);
        Script vera = as("vera", "viewer-password-1");
        vera.get("/jumps/acts");
        vera.post(retry, Map.of("csrf", vera.field("csrf"), "confirmed", "yes", "reason", "forged"));
        assertThat(vera.last.statusCode()).as("a viewer's own token").isEqualTo(403);
        assertThat(vera.last.body()).contains("Not allowed");
        assertThat(store.host("acts", "h-interrupted").orElseThrow().decision()).isNull();

        olaf.post(retry, Map.of("csrf", token));
        assertThat(olaf.last.statusCode()).isEqualTo(200);
        assertThat(olaf.last.body()).contains("Retry line 3 on h-interrupted", "run line 3 (remote make-it-so) on "
                + "h-interrupted again", "it may have run to its end already", "Output of line 3 so far (interrupted)",
                "half done");
        olaf.post(retry, Map.of("csrf", token, "confirmed", "yes", "reason", " "));
        assertThat(olaf.last.statusCode()).isEqualTo(400);
        assertThat(olaf.last.body()).contains("Give a reason");
        assertThat(store.host("acts", "h-interrupted").orElseThrow().decision()).isNull();

        olaf.post(retry, Map.of("csrf", token, "confirmed", "yes", "reason", "checked the half-made thing"));
        assertThat(olaf.last.statusCode()).isEqualTo(303);
        assertThat(olaf.last.headers().firstValue("Location")).contains("/jumps/acts");
        assertThat(store.host("acts", "h-interrupted").orElseThrow().decision()).isEqualTo(Decision.RETRY);
        assertThat(olaf.get("/jumps/acts").body()).contains("retry asked for");

        olaf.post(retry, Map.of("csrf", token, "confirmed", "yes", "reason", "again"));
        assertThat(olaf.last.statusCode()).isEqualTo(409);
        assertThat(olaf.last.body()).contains("with a retry already asked for", "Nothing was changed");
        olaf.post("/jumps/acts/hosts/h-running/skip", Map.of("csrf", token, "confirmed", "yes", "reason", "why not"));
        assertThat(olaf.last.statusCode()).isEqualTo(409);
        List<AuditEntry> retries = server.audit().list(new AuditQuery(null, "jump.retry", null, null, 10)).entries();
        assertThat(retries).as("one retry done; the refused one withdrawn").hasSize(1);
        assertThat(retries.getFirst().target()).isEqualTo("acts/h-interrupted");
        assertThat(retries.getFirst().detail()).isEqualTo("line=3");
        assertThat(retries.getFirst().reason()).isEqualTo("checked the half-made thing");

        olaf.post("/jumps/acts/hosts/h-failed/skip", Map.of("csrf", token, "confirmed", "yes", "reason", "done by hand"));
        assertThat(olaf.last.statusCode()).isEqualTo(303);
        assertThat(store.host("acts", "h-failed").orElseThrow().decision()).isEqualTo(Decision.SKIP);

        olaf.post("/jumps/acts/abort", Map.of("csrf", token));
        assertThat(olaf.last.body()).contains("mark the 6 hosts that did not finish aborted (4 of them mid-jump)",
                "give back every slot of the lock jump-acts");
        olaf.post("/jumps/acts/abort", Map.of("csrf", token, "confirmed", "yes", "reason", "postponed"));
        assertThat(olaf.last.statusCode()).isEqualTo(303);
        assertThat(store.run("acts").orElseThrow().abortedBy()).isEqualTo("olaf");
        assertThat(olaf.get("/jumps/acts").body()).doesNotContain("action=\"/jumps/acts/abort\"")
                .contains("Abort asked by");
        olaf.post("/jumps/acts/abort", Map.of("csrf", token, "confirmed", "yes", "reason", "twice"));
        assertThat(olaf.last.statusCode()).isEqualTo(409);
        assertThat(olaf.last.body()).contains("its abort was asked for by olaf");
        assertThat(server.audit().list(new AuditQuery(null, "jump.abort", "acts", null, 10)).entries()).hasSize(1);
    }

    @Test
    void aLongGroupIsCutAndCounted() throws Exception {
        List<JumpHost> hosts = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            hosts.add(JumpHost.waiting("many", i, "m" + i, "m" + i, T0));
        }
        assertThat(store.create(new JumpRun("many", "r.cfg", "remote true\n", "/recipes", 1, 0, RunState.RUNNING,
                "alice", T0.plusSeconds(1), null, null, ""), hosts)).isTrue();
        String page = as("vera", "viewer-password-1").get("/jumps/many").body();
        assertThat(all(page, "<li data-host=\"(m[0-9]+)\"")).hasSize(JumpReads.GROUP_SHOWN).startsWith("m0", "m1");
        assertThat(page).contains("<span class=\"count-badge\">205</span>", "and 5 more");
    }
}
