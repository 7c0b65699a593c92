package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin CLI end to end: {@code baton lock ...} and {@code baton credentials ...} against a real server
 * process, with credentials in the environment. Exit codes are the contract scripts rely on: 0 done,
 * 1 refused, 2 bad usage, 3 unreachable; {@code lock run} passes the command's own code through.
 *
 * <p>Most command lines run in a {@link CliHost} (a child JVM per environment that runs many of them);
 * those whose process-level behaviour matters (waiting, exit status of {@code lock run}, failures before
 * any request) run as a process of their own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdminCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);
    private static final Map<String, String> ADMIN = Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD);

    private static ServerProcess server;
    private static BatonClient admin;
    private static CliHost adminCli;

    @TempDir
    Path tmp;

    @BeforeAll
    static void server() {
        server = ServerProcess.shared();
        admin = server.adminClient();
        adminCli = new CliHost(ADMIN);
    }

    @AfterAll
    static void stopCli() {
        if (adminCli != null) {
            adminCli.close();
        }
    }

    /** {@code baton GROUP COMMAND --server URL args...} as admin. */
    private static ChildJvm.Result baton(String... args) {
        return adminCli.run(CLI_TIMEOUT, withServer(server.url().toString(), args));
    }

    /** {@code baton GROUP COMMAND --server URL args...} as a process of its own, with {@code env}. */
    private static ChildJvm.Result batonProcess(Map<String, String> env, String... args) {
        return ChildJvm.run(env, CLI_TIMEOUT, withServer(server.url().toString(), args));
    }

    private static String[] withServer(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(Math.min(2, all.size()), List.of("--server", url));
        return all.toArray(String[]::new);
    }

    private static JsonNode json(ChildJvm.Result result) throws IOException {
        assertThat(result.exit()).as("%s", result).isZero();
        return JSON.readTree(result.out());
    }

    private static List<String> holders(String lock) {
        List<String> names = new ArrayList<>();
        admin.show(lock).path("holders").forEach(h -> names.add(h.path("holder").asText()));
        return names;
    }

    private static void assertExit(ChildJvm.Result result, int exit) {
        assertThat(result.exit()).as("%s", result).isEqualTo(exit);
        ChildJvm.assertNoStackTrace(result);
    }

    @Test
    void acquireExitsZeroWhenGrantedAndOneWhenFull_releaseIsHolderChecked() {
        admin.setSlots("cli-acquire", 1);

        var granted = baton("lock", "acquire", "cli-acquire", "--holder", "h1");
        assertExit(granted, 0);
        assertThat(granted.out()).contains("h1 holds a slot of cli-acquire");
        assertExit(baton("lock", "acquire", "cli-acquire", "--holder", "h1"), 0); // re-entrant

        var full = baton("lock", "acquire", "cli-acquire", "--holder", "h2");
        assertExit(full, 1);
        assertThat(full.err()).contains("not granted").contains("cli-acquire");
        assertThat(holders("cli-acquire")).containsExactly("h1");

        var notHeld = baton("lock", "release", "cli-acquire", "--holder", "h2");
        assertExit(notHeld, 0);
        assertThat(notHeld.out()).contains("nothing changed");
        assertThat(holders("cli-acquire")).containsExactly("h1");

        var released = baton("lock", "release", "cli-acquire", "--holder", "h1");
        assertExit(released, 0);
        assertThat(released.out()).contains("h1 released");
        assertThat(holders("cli-acquire")).isEmpty();
    }

    @Test
    void acquireWithWaitGetsTheSlotWhenTheHolderReleases() throws Exception {
        admin.setSlots("cli-wait", 1);
        assertThat(admin.acquire("cli-wait", "first", Duration.ZERO).granted()).isTrue();

        var waiting = ChildJvm.runAsync(ADMIN, CLI_TIMEOUT,
                withServer(server.url().toString(), "lock", "acquire", "cli-wait", "--holder", "second", "--wait", "60"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admin.show("cli-wait").path("waiters").size() == 0) {
            assertThat(waiting).as("still waiting").isNotDone();
            assertThat(System.nanoTime()).as("the CLI's request is queued").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(admin.release("cli-wait", "first").released()).isTrue();
        var result = waiting.get(60, TimeUnit.SECONDS);
        assertExit(result, 0);
        assertThat(holders("cli-wait")).containsExactly("second");

        // And a wait that runs out exits 1, leaving the queue.
        var timedOut = baton("lock", "acquire", "cli-wait", "--holder", "third", "--wait", "1");
        assertExit(timedOut, 1);
        assertThat(admin.show("cli-wait").path("waiters")).isEmpty();
    }

    @Test
    void showJsonSetSlotsAndList() throws IOException {
        assertExit(baton("lock", "set-slots", "cli-show", "3"), 0);
        admin.acquire("cli-show", "web-1", Duration.ZERO);

        JsonNode lock = json(baton("lock", "show", "cli-show", "--json"));
        assertThat(lock.path("name").asText()).isEqualTo("cli-show");
        assertThat(lock.path("slots").asInt()).isEqualTo(3);
        assertThat(lock.path("holders").isArray()).isTrue();
        assertThat(lock.path("holders").get(0).path("holder").asText()).isEqualTo("web-1");

        admin.setSlots("cli-show", 0);
        assertThat(holders("cli-show")).as("lowering slots evicts nobody").containsExactly("web-1");

        var negative = baton("lock", "set-slots", "cli-show", "--", "-2");
        assertThat(negative.exit()).as("%s", negative).isEqualTo(1);
        ChildJvm.assertNoStackTrace(negative);
        assertThat(negative.err()).contains("slots");
        assertThat(admin.show("cli-show").path("slots").asInt()).isZero();

        var table = baton("lock", "show", "cli-show");
        assertExit(table, 0);
        assertThat(table.out()).contains("cli-show").contains("web-1");
        var list = baton("lock", "list");
        assertExit(list, 0);
        assertThat(list.out()).contains("LOCK").contains("cli-show");

        var missing = baton("lock", "show", "cli-no-such-lock");
        assertExit(missing, 1);
        assertThat(missing.err()).contains("cli-no-such-lock").contains("404");
    }

    @Test
    void forceReleaseNeedsAReasonAndRecordsIt() throws IOException {
        admin.setSlots("cli-force", 1);
        admin.acquire("cli-force", "stuck-host", Duration.ZERO);

        var noReason = baton("lock", "force-release", "cli-force", "--holder", "stuck-host");
        assertExit(noReason, 2);
        assertThat(holders("cli-force")).containsExactly("stuck-host");

        var forced = baton("lock", "force-release", "cli-force", "--holder", "stuck-host", "--reason", "host is dead");
        assertExit(forced, 0);
        assertThat(holders("cli-force")).isEmpty();

        var table = baton("lock", "events", "cli-force");
        assertExit(table, 0);
        String newest = table.out().lines().skip(1).findFirst().orElse("");
        assertThat(newest).as("the newest event of %s", table.out())
                .contains("force_release").contains("stuck-host").contains("admin").contains("host is dead");

        JsonNode fleet = json(baton("lock", "events", "--limit", "5", "--json"));
        assertThat(fleet.path("events").size()).isBetween(1, 5);
        assertThat(fleet.path("events").get(0).has("type")).isTrue();

        // Issue 14: the fleet's history filtered by holder and type, as the API filters it.
        JsonNode stuck = json(baton("lock", "events", "--holder", "stuck-host", "--type", "acquire,force_release",
                "--protocol", "native", "--from", "2000-01-01T00:00:00Z", "--json"));
        assertThat(stuck.path("events")).extracting(e -> e.path("type").asText()).containsExactly("force_release", "acquire");
        var badType = baton("lock", "events", "--type", "grant");
        assertExit(badType, 1);
        assertThat(badType.err()).contains("'type'").contains("grant");
    }

    @Test
    void freezeAndUnfreezeOneLockAndTheFleet() {
        admin.setSlots("cli-freeze", 2);
        admin.setSlots("cli-freeze-other", 2);
        admin.acquire("cli-freeze", "kept", Duration.ZERO);

        assertExit(baton("lock", "freeze", "cli-freeze", "--reason", "incident 42"), 0);
        var frozen = baton("lock", "acquire", "cli-freeze", "--holder", "new");
        assertExit(frozen, 1);
        assertThat(frozen.err()).contains("frozen").contains("incident 42");
        assertThat(holders("cli-freeze")).as("holders keep their slots").containsExactly("kept");
        assertThat(admin.acquire("cli-freeze-other", "new", Duration.ZERO).granted()).as("other locks are not frozen").isTrue();
        assertExit(baton("lock", "unfreeze", "cli-freeze"), 0);
        assertThat(admin.acquire("cli-freeze", "new", Duration.ZERO).granted()).isTrue();

        assertExit(baton("lock", "freeze", "--reason", "no reason given"), 2); // neither NAME nor --all
        try {
            assertExit(baton("lock", "freeze", "--all", "--reason", "fleet incident"), 0);
            var fleetFrozen = baton("lock", "acquire", "cli-freeze-other", "--holder", "newer");
            assertExit(fleetFrozen, 1);
            assertThat(fleetFrozen.err()).contains("fleet incident");
            assertExit(baton("lock", "unfreeze", "--all"), 0);
            assertThat(admin.acquire("cli-freeze-other", "newer", Duration.ZERO).granted()).isTrue();
        } finally {
            admin.unfreeze(null); // other tests share this server
        }
    }

    @Test
    void disableStopsAcquireAndReleaseUntilEnabled() {
        admin.setSlots("cli-disable", 2);
        admin.acquire("cli-disable", "holder-a", Duration.ZERO);

        assertExit(baton("lock", "disable", "cli-disable", "--reason", "maintenance"), 0);
        assertThat(admin.show("cli-disable").path("enabled").asBoolean()).isFalse();
        assertExit(baton("lock", "acquire", "cli-disable", "--holder", "holder-b"), 1);
        var release = baton("lock", "release", "cli-disable", "--holder", "holder-a");
        assertExit(release, 1);
        assertThat(release.err()).contains("disabled");
        assertThat(holders("cli-disable")).containsExactly("holder-a");

        assertExit(baton("lock", "enable", "cli-disable"), 0);
        assertThat(admin.acquire("cli-disable", "holder-b", Duration.ZERO).granted()).isTrue();
        assertThat(admin.release("cli-disable", "holder-a").released()).isTrue();
        assertThat(holders("cli-disable")).containsExactly("holder-b");
    }

    @Test
    void runReleasesWhenTheCommandSucceedsAndKeepsTheLockWhenItFails() throws IOException {
        admin.setSlots("cli-run", 1);
        Path marker = tmp.resolve("ran");

        var ok = baton("lock", "run", "--lock", "cli-run", "--holder", "runner", "--",
                "sh", "-c", "touch '" + marker + "'; exit 0");
        assertExit(ok, 0);
        assertThat(marker).exists();
        assertThat(holders("cli-run")).as("released after success").isEmpty();

        // A process of its own: the exit status of the process is what a script sees.
        var failed = batonProcess(ADMIN, "lock", "run", "--lock", "cli-run", "--holder", "runner", "--", "sh", "-c", "exit 7");
        assertThat(failed.exit()).as("%s", failed).isEqualTo(7);
        ChildJvm.assertNoStackTrace(failed);
        assertThat(holders("cli-run")).as("kept after failure, so the wave stops").containsExactly("runner");

        Files.delete(marker);
        var refused = baton("lock", "run", "--lock", "cli-run", "--holder", "other", "--",
                "sh", "-c", "touch '" + marker + "'");
        assertExit(refused, 1);
        assertThat(marker).as("the command does not run without the lock").doesNotExist();
        assertThat(holders("cli-run")).containsExactly("runner");
    }

    @Test
    void aHostCredentialLocksOnlyAsItsHoldersAndStopsWorkingWhenRevoked() throws IOException {
        JsonNode created = json(baton("credentials", "create", "--name", "web-1.example.com", "--role", "host",
                "--holder", "h1", "--json"));
        String id = created.path("id").asText();
        String secret = created.path("secret").asText();
        assertThat(id).isNotBlank();
        assertThat(secret).isNotBlank();
        Map<String, String> env = Map.of("BATON_CREDENTIAL_ID", id, "BATON_CREDENTIAL_SECRET", secret);

        try (CliHost host = new CliHost(env)) {
            String url = server.url().toString();
            assertExit(host.run(CLI_TIMEOUT, withServer(url, "lock", "acquire", "cli-cred", "--holder", "h1")), 0);
            var asOther = host.run(CLI_TIMEOUT, withServer(url, "lock", "acquire", "cli-cred", "--holder", "h2"));
            assertExit(asOther, 1);
            assertThat(asOther.err()).contains("403").contains("h2");
            var notOperator = host.run(CLI_TIMEOUT, withServer(url, "lock", "set-slots", "cli-cred", "5"));
            assertExit(notOperator, 1);
            assertThat(notOperator.err()).contains("403");
            assertThat(holders("cli-cred")).containsExactly("h1");

            var list = baton("credentials", "list");
            assertExit(list, 0);
            assertThat(list.out()).contains(id).contains("web-1.example.com").contains("host").contains("h1")
                    .doesNotContain(secret);

            assertExit(baton("credentials", "revoke", id), 0);
            var revoked = host.run(CLI_TIMEOUT, withServer(url, "lock", "release", "cli-cred", "--holder", "h1"));
            assertExit(revoked, 1);
            assertThat(revoked.err()).contains("401");
            assertThat(revoked.err().strip().lines()).hasSize(1);
            assertThat(holders("cli-cred")).containsExactly("h1");
        }
    }

    /** Issue 13, item 8: a command that cannot start never ran, so the slot is not kept, and the exit code is a shell's. */
    @Test
    void runWithAMissingOrNonExecutableCommandExits127Or126LikeAShellAndKeepsNoSlot() throws IOException {
        admin.setSlots("cli-run-missing", 1);
        Path notExecutable = tmp.resolve("not-executable.sh");
        Files.writeString(notExecutable, "#!/bin/sh\nexit 0\n");
        Path badInterpreter = tmp.resolve("bad-interpreter.sh");
        Files.writeString(badInterpreter, "#!/no/such/interpreter\nexit 0\n");
        badInterpreter.toFile().setExecutable(true);

        var missing = batonProcess(ADMIN, "lock", "run", "--lock", "cli-run-missing", "--holder", "runner", "--", "/no/such/command");
        assertExit(missing, 127);
        assertThat(missing.err()).contains("/no/such/command: no such file");
        var notOnPath = baton("lock", "run", "--lock", "cli-run-missing", "--holder", "runner", "--", "no-such-command-13");
        assertExit(notOnPath, 127);
        assertThat(notOnPath.err()).contains("no-such-command-13: command not found");
        var denied = baton("lock", "run", "--lock", "cli-run-missing", "--holder", "runner", "--", notExecutable.toString());
        assertExit(denied, 126);
        assertThat(denied.err()).contains("permission denied");
        assertThat(holders("cli-run-missing")).isEmpty();

        // Executable, so the slot is taken; the kernel then refuses to start it (bash: "bad interpreter", 126): the slot
        // is given back at once.
        var cannotStart = baton("lock", "run", "--lock", "cli-run-missing", "--holder", "runner", "--", badInterpreter.toString());
        assertExit(cannotStart, 126);
        assertThat(cannotStart.err()).contains("cannot be started: No such file or directory (a missing #! interpreter?)")
                .contains("the command never ran").contains("released").doesNotContain("Cannot run program");
        assertThat(holders("cli-run-missing")).isEmpty();
        assertThat(admin.events("cli-run-missing", null, 10).toString()).contains("runner");
    }

    /** Issue 13, item 13. */
    @Test
    void anEmptyNameIsRefusedAndAnUnknownLocksEventsExitNonZero() {
        var empty = baton("lock", "show", "");
        assertExit(empty, 2);
        assertThat(empty.err()).contains("a lock name may not be empty");
        var emptyHolder = baton("lock", "acquire", "cli-empty", "--holder", " ");
        assertExit(emptyHolder, 2);
        assertThat(emptyHolder.err()).contains("a holder name may not be empty");

        // The server answers 404 for an unknown lock's events (issue 13); the CLI also checks the lock when the page is empty.
        var unknown = baton("lock", "events", "cli-no-such-lock-13");
        assertExit(unknown, 1);
        assertThat(unknown.err()).contains("cli-no-such-lock-13").contains("404");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void setStaleAfterShowsWhatAppliesAndWhereItComesFromAndKeepsTheReason() throws IOException {
        var set = baton("lock", "set-stale-after", "cli-stale", "PT10M", "--reason", "updates take long here");
        assertExit(set, 0);
        assertThat(set.out()).contains("cli-stale: stale after 600 s (the lock's own)");
        assertThat(baton("lock", "show", "cli-stale").out()).contains("stale after: 600 s (the lock's own)");

        assertExit(baton("lock", "set-stale-after", "cli-stale", "off"), 0);
        JsonNode off = json(baton("lock", "show", "cli-stale", "--json"));
        assertThat(off.path("stale_after_seconds").isNull()).as("%s", off).isTrue();
        assertThat(off.path("stale_after_from").asText()).isEqualTo("lock");

        var inherit = baton("lock", "set-stale-after", "cli-stale", "default");
        assertExit(inherit, 0);
        assertThat(inherit.out()).as("this server has no --stale-after").contains("stale after off (none set)");
        assertThat(admin.show("cli-stale").path("stale_after_from").asText()).isEqualTo("none");

        var bad = baton("lock", "set-stale-after", "cli-stale", "soon");
        assertThat(bad.exit()).as("%s", bad).isEqualTo(2);
        ChildJvm.assertNoStackTrace(bad);
        assertThat(bad.err()).contains("'soon'").contains("ISO-8601").contains("off");

        JsonNode entries = json(baton("audit", "--json", "--action", "lock.set_stale_after", "--limit", "10")).path("entries");
        List<String> trail = new ArrayList<>();
        entries.forEach(e -> trail.add(e.path("target").asText() + " " + e.path("detail").asText() + " " + (e.path("reason").isNull() ? "" : e.path("reason").asText())));
        assertThat(trail).contains("cli-stale stale_after=600s updates take long here", "cli-stale stale_after=off ",
                "cli-stale stale_after=default ");
    }

    @Test
    void settingZeroSlotsWarnsThatTheLockNowGrantsNothing() {
        var zero = baton("lock", "set-slots", "cli-zero", "0");
        assertExit(zero, 0);
        assertThat(zero.out()).contains("cli-zero now has 0 slot(s)");
        assertThat(zero.err()).contains("warning").contains("cli-zero now grants nothing");
        var one = baton("lock", "set-slots", "cli-zero", "1");
        assertExit(one, 0);
        assertThat(one.err()).isEmpty();
    }

    /** Issue 13, item 9: values that do not convert are named in words, never as Java types or exceptions. */
    @Test
    void badValuesAndServerAddressesAreRefusedInWords() {
        for (String[] bad : new String[][] {{"lock", "events", "--limit", "ten"}, {"lock", "events", "--before", "x1"},
                {"lock", "set-slots", "cli-bad", "99999999999"}, {"lock", "acquire", "cli-bad", "--holder", "h", "--wait", "soon"}}) {
            var r = baton(bad);
            assertExit(r, 2);
            assertThat(r.err()).as("%s", r).containsAnyOf("is not a whole number", "is out of range")
                    .doesNotContain("is not an int").doesNotContain("is not a long");
        }
        String url = server.url().toString();
        var hostPort = adminCli.run(CLI_TIMEOUT, "lock", "list", "--server", url.replaceFirst("^http://", ""));
        assertExit(hostPort, 0);
        var apiUrl = adminCli.run(CLI_TIMEOUT, "lock", "list", "--server", url + "/api/v3");
        assertExit(apiUrl, 0);
        var notAUrl = adminCli.run(CLI_TIMEOUT, "lock", "list", "--server", "ba ton:80");
        assertExit(notAUrl, 2);
        assertThat(notAUrl.err()).contains("--server: 'ba ton:80' is not a server address");
        var ftp = ChildJvm.run(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD, "BATON_SERVER", "ftp://baton.example.com"),
                CLI_TIMEOUT, "lock", "list");
        assertExit(ftp, 2);
        assertThat(ftp.err()).contains("BATON_SERVER: 'ftp://baton.example.com' is not an http:// or https:// URL");
    }

    /** Issue 13, item 11: the host list shows every host that called through any door or reported, registered or not. */
    @Test
    void hostsListShowsEveryHostThatCheckedInOrReported_progressAndShowTellItsPhase() throws Exception {
        admin.addHost("cli-registered.example.com", List.of("cli-registered-cert"));
        // A FleetLock client (no registration, no credential) and a DLM Engine client with a host credential.
        var fleet = rawPost("/v1/pre-reboot", "{\"client_params\":{\"id\":\"cli-fleet-0123\",\"group\":\"cli-fleet\"}}",
                Map.of("fleet-lock-protocol", "true"));
        assertThat(fleet.statusCode()).as(fleet.body()).isEqualTo(200);
        JsonNode dlmCredential = admin.createCredential("cli-dlm", "host", List.of("cli-dlm.example.com"));
        var dlm = rawPost("/api/v2/locks/cli-dlm-lock", "{\"acquired_by\":\"cli-dlm.example.com\"}",
                Map.of("x-secret-id", dlmCredential.path("id").asText(), "x-secret", dlmCredential.path("secret").asText()));
        assertThat(dlm.statusCode()).as(dlm.body()).isEqualTo(201);
        // An agent on the native protocol reports its steps (here as the admin, who may act as any holder).
        for (String status : new String[] {"started", "ok"}) {
            admin.report("cli-agent.example.com", JSON.createObjectNode().put("run_id", "run-13").put("phase", "update")
                    .put("script", "10-upgrade").put("status", status).put("at", "2026-11-22T02:00:00Z"));
        }
        admin.report("cli-registered-cert", JSON.createObjectNode().put("run_id", "run-7").put("phase", "post_update")
                .put("status", "done").put("at", "2026-11-22T03:00:00Z"));

        var list = baton("hosts", "list");
        assertExit(list, 0);
        assertThat(line(list.out(), "cli-registered.example.com")).contains("yes").contains("cli-registered-cert")
                .contains("post_update done");
        assertThat(line(list.out(), "cli-fleet-0123")).contains(" no ").contains("fleetlock");
        assertThat(line(list.out(), "cli-dlm.example.com")).contains(" no ").contains("dlm_v2");
        assertThat(line(list.out(), "cli-agent.example.com")).contains(" no ").contains("update ok 10-upgrade");
        JsonNode json = json(baton("hosts", "list", "--json"));
        List<String> unregistered = new ArrayList<>();
        json.path("hosts").forEach(h -> {
            if (!h.path("registered").asBoolean()) {
                unregistered.add(h.path("name").asText());
            }
        });
        assertThat(unregistered).contains("cli-fleet-0123", "cli-dlm.example.com", "cli-agent.example.com")
                .doesNotContain("cli-registered.example.com", "cli-registered-cert");

        var progress = baton("progress");
        assertExit(progress, 0);
        assertThat(line(progress.out(), "cli-agent.example.com")).contains("update").contains("ok").contains("run-13");
        var show = baton("hosts", "show", "cli-agent.example.com");
        assertExit(show, 0);
        assertThat(show.out()).contains("registered:  no").contains("agent:       update ok 10-upgrade").contains("run run-13")
                .contains("started");
        var showDlm = baton("hosts", "show", "cli-dlm.example.com");
        assertExit(showDlm, 0);
        assertThat(showDlm.out()).containsPattern("per door: +dlm_v2 20");
        var showAlias = baton("hosts", "show", "cli-registered-cert");
        assertExit(showAlias, 0);
        assertThat(showAlias.out()).contains("host:        cli-registered.example.com").contains("post_update done");
        var nobody = baton("hosts", "show", "cli-nobody.example.com");
        assertExit(nobody, 1);
        assertThat(nobody.err()).contains("cli-nobody.example.com").contains("404");
    }

    /** The bash completion script picocli generates completes the command tree, sourced in a real bash. */
    @Test
    void completionPrintsABashScriptThatCompletesTheCommandTree() throws Exception {
        var script = adminCli.run(CLI_TIMEOUT, "completion");
        assertExit(script, 0);
        Path file = tmp.resolve("baton.bash");
        Files.writeString(file, script.out());
        assertThat(complete(file, "baton", "lo")).containsExactly("lock");
        assertThat(complete(file, "baton", "lock", "")).contains("list", "show", "acquire", "run", "set-slots");
        assertThat(complete(file, "baton", "hosts", "")).contains("list", "show", "add");
        assertThat(complete(file, "baton", "credentials", "create", "--role", "")).containsExactlyInAnyOrder("admin", "operator",
                "release-manager", "signer", "tester", "host", "viewer");
        assertThat(complete(file, "baton", "users", "")).contains("add", "list", "disable", "enable", "set-role", "reset-password");
    }

    /** What bash offers after {@code words} (the last one being completed). */
    private static List<String> complete(Path script, String... words) throws Exception {
        String array = String.join(" ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String line = String.join(" ", words);
        Process bash = new ProcessBuilder("bash", "-c", "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_baton baton '"
                + words[words.length - 1] + "' '" + words[words.length - 2] + "' 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"")
                .redirectErrorStream(false).start();
        String out = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String line(String table, String first) {
        return table.lines().filter(l -> l.startsWith(first + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + first + " in\n" + table));
    }

    private static java.net.http.HttpResponse<String> rawPost(String path, String body, Map<String, String> headers) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(server.url().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Three ways to fail before anything happens; independent, so they run at once. */
    @Test
    void wrongPasswordMissingCredentialsAndAnUnreachableServerAreOneClearLine() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = server.url().toString();
        var wrongPassword = ChildJvm.runAsync(Map.of("BATON_ADMIN_PASSWORD", "not-the-password"), CLI_TIMEOUT,
                withServer(url, "lock", "list"));
        var noCredentials = ChildJvm.runAsync(Map.of(), CLI_TIMEOUT, withServer(url, "lock", "list"));
        var unreachable = ChildJvm.runAsync(ADMIN, CLI_TIMEOUT, withServer("http://127.0.0.1:" + closedPort, "lock", "list"));

        var wrong = wrongPassword.join();
        assertExit(wrong, 1);
        assertThat(wrong.err().strip().lines()).as("%s", wrong).hasSize(1);
        assertThat(wrong.err()).startsWith("baton: ").contains("401").contains("wrong");
        assertThat(wrong.out()).isEmpty();

        var none = noCredentials.join();
        assertExit(none, 2);
        assertThat(none.err().strip().lines()).as("%s", none).hasSize(1);
        assertThat(none.err()).contains("BATON_ADMIN_PASSWORD").contains("BATON_CREDENTIAL_ID");

        var down = unreachable.join();
        assertExit(down, 3);
        assertThat(down.err().strip().lines()).as("%s", down).hasSize(1);
        assertThat(down.err()).startsWith("baton: ").contains("127.0.0.1:" + closedPort);
    }
}
