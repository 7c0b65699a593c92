package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.auth.Role;
import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.jobs.Job;
import dev.baton.pipeline.advisory.AdvisoryDraft;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.remote.RemoteSyncState;
import dev.baton.pipeline.repository.Change;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.server.BatonServer;
import dev.baton.pipeline.PipelineServices;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pipeline pages over HTTP on a real server: jobs with their progress (polled while they run) and
 * errors, remotes with their last sync, repositories with versions, package states and diffs, packages searched by
 * name and state with their files and history, advisories. The data is put in through the pipeline's services, as
 * the sync, repository and advisory code does.
 */
class ConsolePipelineTest {

    static final String PASSWORD = "admin-password-1";
    @TempDir
    static Path data;
    static BatonServer server;
    static Script admin;
    static final CountDownLatch reported = new CountDownLatch(1);
    static final AtomicLong done = new AtomicLong(3);

    @BeforeAll
    static void start() throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        admin = new Script("http://127.0.0.1:" + server.port()).logIn("admin", PASSWORD);
        seed(server.pipeline());
        server.jobs().register("console-steps", context -> {
            while (!context.cancelled()) {
                context.progress(done.get(), 8, "packages", "fetching package " + done.get());
                reported.countDown();
                Thread.sleep(50);
            }
        });
        server.jobs().register("console-broken", context -> {
            throw new IllegalStateException("checksum of primary.xml.gz does not match repomd.xml");
        });
    }

    /**
     * A small pipeline: two remotes (one whose last sync failed), four packages (one test failed), a repository with
     * three versions and packages in three states, a site advisory. Also the browser test's screenshots use it.
     */
    static void seed(PipelineServices p) {

        p.remotes().add(new Remote("upstream", URI.create("http://mirror.example.com/el9/"), "", false, null, null, null,
                Duration.ofHours(6), null, null, null), "alice");
        p.remotes().recordSync(new RemoteSyncState("upstream", Instant.now(), "ab".repeat(32), "1733", 42, 2, "ok"));
        p.remotes().add(new Remote("vendor-b", URI.create("https://vendor-b.example.com/repo/"), "", false, null, null, null,
                null, null, null, null), "alice");
        p.remotes().recordSync(new RemoteSyncState("vendor-b", Instant.now(), null, null, 0, 0,
                "repomd.xml: HTTP 404 from https://vendor-b.example.com/repo/repodata/repomd.xml"));

        PackageRecord hello10 = p.packages().register(PackageRecord.mirrored(Nevra.parse("hello-1.0-1.noarch"), sha(1), 1200, "upstream"),
                PackageState.WAITING, "sync", "every check passed");
        PackageRecord hello11 = p.packages().register(PackageRecord.mirrored(Nevra.parse("hello-1.1-1.noarch"), sha(2), 1300, "upstream"),
                PackageState.WAITING, "sync", "every check passed");
        PackageRecord world = p.packages().register(PackageRecord.uploaded(Nevra.parse("world-2.0-1.x86_64"), sha(3), 9000),
                PackageState.UNSIGNED, "bob", "built by hand");
        PackageRecord tampered = p.packages().register(PackageRecord.mirrored(Nevra.parse("tampered-1.0-1.noarch"), sha(4), 100, "upstream"),
                PackageState.MIRRORING, "sync", "fetching");
        p.packages().setState(tampered.id(), null, PackageState.TEST_FAILED, "sync", "checksum: the file's sha256 differs from primary.xml");

        p.repositories().create(new Repository("el-testing", "what the testers try", null, false), "alice", "a place to test");
        p.repositories().change("el-testing", Change.adding(hello10.id(), world.id()), "alice", "first packages");
        p.packages().setState(hello10.id(), "el-testing", PackageState.SIGNED_UNTESTED, "alice", "added to testing");
        p.packages().setState(world.id(), "el-testing", PackageState.UNSIGNED, "alice", "added to testing");
        p.repositories().change("el-testing", Change.of(List.of(hello11.id()), List.of(world.id())), "alice", "hello 1.1 replaces world");
        p.packages().setState(hello11.id(), "el-testing", PackageState.SIGNED_UNTESTED, "alice", "added to testing");
        p.packages().setState(hello10.id(), "el-testing", PackageState.TESTED, "tina", "ran the smoke tests: fine");

        p.advisories().create(new AdvisoryDraft("security", "Important", "hello: fix the greeting overflow", "A summary.",
                "The greeting could overflow.", null, List.of("CVE-2026-1234"), List.of(), List.of("hello-1.1-1.noarch"), false),
                "alice");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sha(int n) {
        byte[] b = new byte[32];
        b[31] = (byte) n;
        return HexFormat.of().formatHex(b);
    }

    @Test
    void jobsShowTheirProgressWhileRunningPollEveryTwoSecondsAndShowTheirError() throws Exception {
        Job running = server.jobs().submit("console-steps", "upstream", "{}", "alice");
        Job broken = server.jobs().submit("console-broken", "mirror-a", "", "bob");
        assertThat(reported.await(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.jobs().get(broken.id()).orElseThrow().active());

        // progress reaches the store at the jobs' progress interval, not at every call: wait for the first write
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            admin.get("/jobs");
            assertThat(admin.last.body()).contains("3 of 8 packages");
        });
        assertThat(admin.last.statusCode()).isEqualTo(200);
        String list = admin.last.body();
        assertThat(list).contains("href=\"/jobs\" aria-current=\"page\"")
                .contains("<tr data-job=\"" + running.id() + "\" data-state=\"running\">")
                .contains("<tr data-job=\"" + broken.id() + "\" data-state=\"failed\">")
                .contains("<progress max=\"100\" value=\"37\"").contains("3 of 8 packages")
                .contains("hx-trigger=\"every 2s\"").contains("hx-get=\"/jobs/rows?kind=&amp;state=\"");

        admin.get("/jobs?state=failed");
        assertThat(admin.last.body()).contains("data-job=\"" + broken.id() + "\"").doesNotContain("data-job=\"" + running.id() + "\"")
                .as("nothing active on this page: no polling").doesNotContain("every 2s");
        admin.get("/jobs?kind=console-steps");
        assertThat(admin.last.body()).contains("data-job=\"" + running.id() + "\"").doesNotContain("data-job=\"" + broken.id() + "\"");
        admin.get("/jobs?state=asleep");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("unknown job state").contains("asleep");

        // the detail page's progress part is what htmx fetches every 2 s; it follows the job
        admin.get("/jobs/" + running.id());
        assertThat(admin.last.body()).contains("Job #" + running.id() + ": console-steps upstream")
                .contains("hx-get=\"/jobs/" + running.id() + "/progress\"").contains("fetching package 3");
        done.set(6);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            admin.get("/jobs/" + running.id() + "/progress");
            assertThat(admin.last.statusCode()).isEqualTo(200);
            assertThat(admin.last.body()).startsWith("<div id=\"job-progress\"").doesNotContain("<html")
                    .contains("6 of 8 packages").contains("value=\"75\"");
        });
        admin.get("/jobs/rows?kind=console-steps&state=");
        assertThat(admin.last.body()).startsWith("<div id=\"job-rows\"").contains("6 of 8 packages");

        server.jobs().cancel(running.id(), "alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> !server.jobs().get(running.id()).orElseThrow().active());
        admin.get("/jobs/" + running.id() + "/progress");
        assertThat(admin.last.body()).as("an ended job stops the polling").doesNotContain("hx-trigger").contains("cancelled");

        admin.get("/jobs/" + broken.id());
        assertThat(admin.last.body()).contains("<dd class=\"bad\" id=\"job-error\">checksum of primary.xml.gz does not match repomd.xml</dd>");
        admin.get("/jobs/999999");
        assertThat(admin.last.statusCode()).isEqualTo(404);
        admin.get("/jobs/x");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void remotesShowTheirLastSync() throws Exception {
        admin.get("/remotes");
        assertThat(admin.last.statusCode()).isEqualTo(200);
        assertThat(admin.last.body()).contains("<a href=\"/remotes/upstream\">upstream</a>")
                .contains("http://mirror.example.com/el9/").contains("6h").contains("<span class=\"state st-ok\">ok</span>")
                .contains("<span class=\"state st-failed\">repomd.xml: HTTP 404 from https://vendor-b.example.com/repo/repodata/repomd.xml</span>")
                .contains("on demand");
        admin.get("/remotes/upstream");
        assertThat(admin.last.body()).contains("Remote upstream").contains("<dt>repomd.xml signature</dt><dd>not required</dd>").contains("none: no package passes its check")
                .contains("<dt>Packages listed</dt><dd>42</dd>").contains("<dt>Failed a check</dt><dd>2")
                .contains("href=\"/packages?state=test_failed\"").contains("by alice");
        admin.get("/remotes/nowhere");
        assertThat(admin.last.statusCode()).isEqualTo(404);
        assertThat(admin.last.body()).contains("nowhere");
    }

    @Test
    void repositoriesShowVersionsTheLatestPackagesWithTheirStatesAndADiff() throws Exception {
        admin.get("/repositories");
        assertThat(admin.last.body()).contains("<a href=\"/repositories/el-testing\">el-testing</a>")
                .contains("hello 1.1 replaces world");
        admin.get("/repositories/el-testing");
        String page = admin.last.body();
        assertThat(page).contains("<tr data-version=\"3\">").contains("<tr data-version=\"2\">").contains("<tr data-version=\"1\">")
                .contains("<h2>Packages of version 3</h2>")
                .contains("<tr data-package=\"hello-1.0-1.noarch\" data-state=\"tested\">")
                .contains("<tr data-package=\"hello-1.1-1.noarch\" data-state=\"signed_untested\">")
                .doesNotContain("data-package=\"world-2.0-1.x86_64\"")
                .contains("href=\"/repositories/el-testing/diff?from=2&amp;to=3\"");
        assertThat(page.indexOf("data-version=\"3\"")).as("newest first").isLessThan(page.indexOf("data-version=\"1\""));

        admin.get("/repositories/el-testing/diff?from=2&to=3");
        assertThat(admin.last.body()).contains("el-testing: version 2 to 3").contains("<h2>Added (1)</h2>")
                .contains(">hello-1.1-1.noarch</a>").contains("<h2>Removed (1)</h2>").contains(">world-2.0-1.x86_64</a>");
        admin.get("/repositories/el-testing/diff");
        assertThat(admin.last.body()).as("the latest change by default").contains("version 2 to 3");
        admin.get("/repositories/el-testing/diff?from=1&to=9");
        assertThat(admin.last.statusCode()).isIn(400, 404);
        admin.get("/repositories/el-testing/diff?from=one");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("from must be a version number");
        admin.get("/repositories/none-such");
        assertThat(admin.last.statusCode()).isEqualTo(404);
    }

    @Test
    void packagesAreSearchedByNameAndStateAndShowFilesStatesAndHistory() throws Exception {
        admin.get("/packages?q=HELLO");
        assertThat(admin.last.body()).contains("data-package=\"hello-1.0-1.noarch\"").contains("data-package=\"hello-1.1-1.noarch\"")
                .doesNotContain("data-package=\"world");
        admin.get("/packages?state=tested");
        assertThat(ConsoleReadsTest.all(admin.last.body(), "<tr data-package=\"([^\"]+)\""))
                .containsExactly("hello-1.0-1.noarch");
        admin.get("/packages?q=tampered-1.0-1.noarch");
        assertThat(admin.last.body()).as("a whole NEVRA finds a package in no repository")
                .contains("<p id=\"exact\">Package <a href=\"/packages/tampered-1.0-1.noarch\">");
        admin.get("/packages?state=sleeping");
        assertThat(admin.last.statusCode()).isEqualTo(400);
        assertThat(admin.last.body()).contains("unknown package state");

        admin.get("/packages/hello-1.0-1.noarch");
        String page = admin.last.body();
        assertThat(page).contains("<code>" + sha(1) + "</code>").contains("mirrored from <a href=\"/remotes/upstream\">upstream</a>")
                .contains("<tr data-repository=\"el-testing\" data-state=\"tested\">")
                .contains("<tr data-repository=\"\" data-state=\"waiting\">")
                .contains("ran the smoke tests: fine").contains("tina").contains("every check passed")
                .contains("signed untested");
        admin.get("/packages/tampered-1.0-1.noarch");
        assertThat(admin.last.body()).contains("data-state=\"test_failed\"")
                .contains("the file").contains("s sha256 differs from primary.xml");
        admin.get("/packages/nothing-1-1.noarch");
        assertThat(admin.last.statusCode()).isEqualTo(404);
        admin.get("/packages/not-a-nevra");
        assertThat(admin.last.statusCode()).isEqualTo(400);
    }

    @Test
    void advisoriesAreListedAndShown() throws Exception {
        admin.get("/advisories");
        String id = ConsoleReadsTest.all(admin.last.body(), "<tr data-advisory=\"([^\"]+)\"").getFirst();
        assertThat(id).startsWith("SITE-SA:");
        assertThat(admin.last.body()).contains("hello: fix the greeting overflow").contains("<td>Important</td>");
        admin.get("/advisories/" + id);
        assertThat(admin.last.body()).contains(id + ": hello: fix the greeting overflow").contains("CVE-2026-1234")
                .contains("<a href=\"/packages/hello-1.1-1.noarch\">hello-1.1-1.noarch</a>").contains("The greeting could overflow.");
        admin.get("/advisories/SITE-SA:1999:0001");
        assertThat(admin.last.statusCode()).isEqualTo(404);
    }

    @Test
    void thePagesNeedASessionAndAViewerSeesThem() throws Exception {
        Script anonymous = new Script("http://127.0.0.1:" + server.port());
        for (String path : List.of("/jobs", "/jobs/1/progress", "/remotes", "/repositories/el-testing", "/packages", "/advisories")) {
            anonymous.get(path);
            assertThat(anonymous.last.statusCode()).as(path).isEqualTo(303);
            assertThat(anonymous.last.headers().firstValue("Location").orElseThrow()).as(path).startsWith("/login");
        }
        server.auth().accounts().create("vera", Role.VIEWER, "viewer-password-1", Set.of());
        Script viewer = new Script("http://127.0.0.1:" + server.port()).logIn("vera", "viewer-password-1");
        viewer.get("/repositories/el-testing");
        assertThat(viewer.last.statusCode()).isEqualTo(200);
        assertThat(viewer.last.body()).contains("href=\"/jobs\"").contains("href=\"/remotes\"").contains("href=\"/packages\"")
                .contains("href=\"/advisories\"").contains("href=\"/repositories\" aria-current=\"page\"");
    }
}
