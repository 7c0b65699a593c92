package dev.baton.pipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;

import dev.baton.jobs.Job;
import dev.baton.jobs.JobQuery;
import dev.baton.jobs.JobState;
import dev.baton.jobs.Jobs;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.repository.PackageEvent;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.server.BatonServer;
import dev.baton.pipeline.PipelineServices;
import dev.baton.server.ServerSettings;
import dev.baton.web.Json;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote-sync job against a real upstream: packages built with rpmbuild, signed with rpmsign by a gpg key,
 * metadata by createrepo_c, repomd.xml signed by gpg, served over HTTP on loopback; a real Baton server syncs it.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RemoteSyncTest {

    @TempDir
    static Path temp;

    static GpgHome gpg;
    static String vendorKey;
    static String vendorKeyId;
    static String otherKey;
    static String otherKeyId;
    static UpstreamServer upstream;
    static BatonServer server;
    static PipelineServices pipeline;

    @BeforeAll
    static void upstreamAndServer() throws Exception {
        gpg = GpgHome.create();
        vendorKeyId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Vendor <vendor@example.com>");
        vendorKey = gpg.exportPublic(vendorKeyId);
        otherKeyId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Other <other@example.com>");
        otherKey = gpg.exportPublic(otherKeyId);
        Path root = Files.createDirectories(temp.resolve("upstream"));
        upstream = new UpstreamServer(root);

        Path repo = Files.createDirectories(root.resolve("vendor"));
        for (String name : List.of("hello", "world", "tampered")) {
            gpg.rpmSign(RpmBuilder.named(name).build(repo), vendorKeyId);
        }
        RpmBuilder.named("unsigned").build(repo);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        gpg.detachSign(repo.resolve("repodata/repomd.xml"), vendorKeyId);
        // After createrepo_c: the same size, one byte of the payload changed (its end: the compressed cpio).
        try (RandomAccessFile f = new RandomAccessFile(repo.resolve("tampered-1.0-1.noarch.rpm").toFile(), "rw")) {
            f.seek(f.length() - 20);
            int b = f.read();
            f.seek(f.length() - 20);
            f.write(b ^ 0xff);
        }
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(temp.resolve("data"), null)
                .withAdminPassword("test-password-1"));
        pipeline = server.pipeline();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void goodPackagesWaitTamperedAndUnsignedOnesFailAndAnUnchangedRemoteFetchesNothing() throws Exception {
        add("vendor", vendorKey, true);
        Job first = sync("vendor");
        assertThat(first.state()).as(first.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(first.progress().message()).startsWith("ok: 4 packages listed, 4 fetched, 2 test failed");

        for (String good : List.of("hello", "world")) {
            PackageRecord p = only(good);
            assertThat(pipeline.packages().state(p.id(), null)).contains(PackageState.WAITING);
            assertThat(pipeline.content().contains(p.sha256())).isTrue();
            assertThat(pipeline.packages().history(p.nevra()).events()).extracting(PackageEvent::state)
                    .containsExactly(PackageState.MIRRORING, PackageState.WAITING);
        }
        assertFailed("tampered", "checksum: the file's sha256 is ");
        assertFailed("unsigned", "missing signature");

        long rpmsBefore = upstream.requestsEndingWith(".rpm");
        Job second = sync("vendor");
        assertThat(second.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(second.progress().message()).isEqualTo("unchanged");
        assertThat(upstream.requestsEndingWith(".rpm")).isEqualTo(rpmsBefore);
        assertThat(upstream.requestsEndingWith(".xml.gz")).as("primary read once").isEqualTo(1);
        assertThat(pipeline.remotes().lastSync("vendor").orElseThrow().result()).isEqualTo("unchanged");
    }

    @Test
    void aDownloadDroppedHalfWayResumesWithOneRangeRequest() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("upstream/resume"));
        Path rpm = RpmBuilder.named("resumed").file("/usr/share/resumed/big", "x".repeat(200_000)).build(repo);
        gpg.rpmSign(rpm, vendorKeyId);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        upstream.dropOnce.add("/resume/" + rpm.getFileName());
        add("resume", vendorKey, false);

        Job job = sync("resume");

        assertThat(job.state()).as(job.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(upstream.requests.stream().filter(r -> r.path().endsWith(rpm.getFileName().toString()))
                .map(UpstreamServer.Request::range)).hasSize(2).containsOnlyOnce((String) null)
                .anyMatch(r -> r != null && r.startsWith("bytes="));
        PackageRecord p = only("resumed");
        assertThat(pipeline.content().contains(p.sha256())).isTrue();
        assertThat(pipeline.packages().state(p.id(), null)).contains(PackageState.WAITING);
    }

    /**
     * A kill between storing a checked package and recording it WAITING leaves the package MIRRORING with its file in
     * the content store; the next sync must not skip it for good (it is not fetched again, but checked again from the
     * content store and recorded).
     */
    @Test
    void aPackageStoredButLeftMirroringByACrashIsCheckedAgainAndRecorded() throws Exception {
        // An upstream of its own: the request counts of the other tests stay theirs.
        Path root = Files.createDirectories(temp.resolve("crash-upstream"));
        Path repo = Files.createDirectories(root.resolve("crashed"));
        Path stored = RpmBuilder.named("stored").build(repo);
        gpg.rpmSign(stored, vendorKeyId);
        Path forged = RpmBuilder.named("forged").build(repo);
        gpg.rpmSign(forged, otherKeyId);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        try (UpstreamServer own = new UpstreamServer(root)) {
            pipeline.remotes().add(new Remote("crashed", URI.create(own.url("crashed")), vendorKey, false, null, null,
                    null, null, null, null, null), "admin");
            syncAfterACrash(own, stored, forged);
        }
    }

    private static void syncAfterACrash(UpstreamServer own, Path stored, Path forged) throws Exception {
        // What the kill left: the records MIRRORING, the files stored (as if the checks had passed).
        for (Path rpm : List.of(stored, forged)) {
            String sha256;
            try (var in = Files.newInputStream(rpm)) {
                sha256 = pipeline.content().put(in, null, -1).sha256();
            }
            String name = rpm.getFileName().toString().replace(".rpm", "");
            pipeline.packages().register(PackageRecord.mirrored(Nevra.parse(name), sha256, Files.size(rpm), "crashed"),
                    PackageState.MIRRORING, "sync", "listed by remote crashed");
        }
        Job job = sync("crashed");

        assertThat(job.state()).as(job.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(own.requestsEndingWith(".rpm")).as("nothing fetched again").isZero();
        assertThat(pipeline.packages().state(only("stored").id(), null)).contains(PackageState.WAITING);
        assertThat(pipeline.packages().history(only("stored").nevra()).events().getLast().reason())
                .contains("checked again from the content store");
        assertThat(pipeline.packages().state(only("forged").id(), null)).contains(PackageState.TEST_FAILED);
        assertThat(pipeline.packages().history(only("forged").nevra()).events().getLast().reason())
                .startsWith("unknown key");
        assertThat(job.progress().message()).startsWith("ok: 2 packages listed, 0 fetched, 1 test failed");
    }

    @Test
    void aRepomdSignedByAnotherKeyFailsTheSyncAndFetchesNothing() throws Exception {
        add("wrongkey", otherKey, true);
        Path repo = Files.createDirectories(temp.resolve("upstream/wrongkey"));
        gpg.rpmSign(RpmBuilder.named("wrongkeypkg").build(repo), vendorKeyId);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        gpg.detachSign(repo.resolve("repodata/repomd.xml"), vendorKeyId);

        assertFailedSync("wrongkey", "repomd.xml of remote wrongkey is not signed by its keys", "wrongkeypkg");
        assertThat(upstream.requests).noneMatch(r -> r.path().startsWith("/wrongkey/") && r.path().contains("primary"));
    }

    @Test
    void garbageAndTruncatedRepomdFailClearly() throws Exception {
        writeRepo("garbage", null, "this is not XML at all");
        assertFailedSync("garbage", "repomd.xml", null);
        String repomd = repomd("primary.xml", primary("fine", "Packages/fine-1.0-1.noarch.rpm", 1000));
        writeRepo("truncated", primary("fine", "Packages/fine-1.0-1.noarch.rpm", 1000), repomd.substring(0, repomd.length() / 2));
        assertFailedSync("truncated", "truncated", null);
    }

    @Test
    void aPrimaryThatDiffersFromRepomdIsRefused() throws Exception {
        String primary = primary("mismatch", "Packages/mismatch-1.0-1.noarch.rpm", 1000);
        writeRepo("mismatch", primary.replace("1.0", "1.1"), repomd("primary.xml", primary));
        assertFailedSync("mismatch", "but repomd.xml declares", "mismatch");
    }

    @Test
    void anUnreachableRemoteFailsTheSyncAndRecordsWhy() throws Exception {
        pipeline.remotes().add(new Remote("unreachable", URI.create("http://127.0.0.1:1/repo/"), "", false, null, null,
                null, null, null, null, null), "admin");
        assertFailedSync("unreachable", "cannot fetch from remote unreachable (http://127.0.0.1:1/repo/)", null);
    }

    @Test
    void hugeDeclaredSizesAndPathTraversalAreRefused() throws Exception {
        String primary = primary("huge", "Packages/huge-1.0-1.noarch.rpm", 1000);
        writeRepo("huge", primary, repomd("primary.xml", primary).replaceFirst("<size>\\d+</size>", "<size>99999999999999</size>"));
        assertFailedSync("huge", "refused rather than downloaded", "huge");

        String hugePackage = primary("hugepkg", "Packages/hugepkg-1.0-1.noarch.rpm", 999_999_999_999_999L);
        writeRepo("hugepkg", hugePackage, repomd("primary.xml", hugePackage));
        assertFailedSync("hugepkg", "999999999999999", "hugepkg");

        String traversal = primary("escape", "../../../etc/passwd", 1000);
        writeRepo("traversal", traversal, repomd("primary.xml", traversal));
        assertFailedSync("traversal", "leaves the repository", "escape");
    }

    @Test
    void remotesAreAddedShownSyncedAndRemovedThroughTheApi() throws Exception {
        BatonClient admin = new BatonClient(URI.create("http://127.0.0.1:" + server.port()),
                new BatonClient.Auth.Basic("admin", "test-password-1"), null);
        var body = Json.object().put("name", "api-vendor").put("url", upstream.url("vendor")).put("keys", vendorKey)
                .put("repo_gpgcheck", true).put("sync_interval", "PT6H");
        JsonNode added = admin.call("POST", "api/v3/remotes", body, Duration.ofSeconds(30), 201);
        assertThat(added.path("sync_interval").asText()).isEqualTo("PT6H");
        assertThat(added.path("last_sync").isNull()).isTrue();
        // scheduled at once: the first scheduled sync runs now, submitted by the system
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(pipeline.jobs()
                .list(new JobQuery(RemoteSync.KIND, null, null, 100)).jobs())
                .anyMatch(j -> j.subject().equals("api-vendor") && j.actor().equals(Jobs.SYSTEM)));

        assertThatThrownBy(() -> admin.call("POST", "api/v3/remotes", body, Duration.ofSeconds(30), 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(409));
        var badKey = body.deepCopy().put("name", "api-badkey")
                .put("keys", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----\n");
        assertThatThrownBy(() -> admin.call("POST", "api/v3/remotes", badKey, Duration.ofSeconds(30), 201))
                .isInstanceOfSatisfying(BatonClientException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("trusted keys cannot be read");
                });
        assertThatThrownBy(() -> admin.call("GET", "api/v3/remotes/nosuch", null, Duration.ofSeconds(30), 200))
                .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(404));

        JsonNode job = admin.call("POST", "api/v3/remotes/api-vendor/sync", Json.object(), Duration.ofSeconds(30), 202);
        assertThat(job.path("kind").asText()).isEqualTo(RemoteSync.KIND);
        Job done = pipeline.jobs().await(job.path("id").asLong(), Duration.ofSeconds(120)).orElseThrow();
        assertThat(done.state()).as(done.error()).isEqualTo(JobState.SUCCEEDED);
        JsonNode shown = admin.call("GET", "api/v3/remotes/api-vendor", null, Duration.ofSeconds(30), 200);
        assertThat(shown.path("last_sync").path("packages").asLong()).isEqualTo(4);
        assertThat(shown.path("last_sync").path("failed").asLong()).isEqualTo(2);
        assertThat(admin.call("GET", "api/v3/remotes", null, Duration.ofSeconds(30), 200).path("remotes")
                .findValuesAsText("name")).contains("api-vendor");

        admin.call("DELETE", "api/v3/remotes/api-vendor", null, Duration.ofSeconds(30), 204);
        assertThat(pipeline.remotes().list()).noneMatch(r -> r.name().equals("api-vendor"));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void add(String name, String keys, boolean repoGpgcheck) {
        pipeline.remotes().add(new Remote(name, URI.create(upstream.url(name)), keys, repoGpgcheck, null, null, null,
                null, null, null, null), "admin");
    }

    private static Job sync(String remote) throws InterruptedException {
        Job job = pipeline.jobs().submit(RemoteSync.KIND, remote, "{}", "admin");
        return pipeline.jobs().await(job.id(), Duration.ofSeconds(120)).orElseThrow();
    }

    private static PackageRecord only(String name) {
        List<PackageRecord> files = pipeline.packages().files(Nevra.parse(name + "-1.0-1.noarch"));
        assertThat(files).hasSize(1);
        return files.getFirst();
    }

    private static void assertFailed(String name, String reason) throws Exception {
        PackageRecord p = only(name);
        assertThat(pipeline.packages().state(p.id(), null)).contains(PackageState.TEST_FAILED);
        assertThat(pipeline.packages().history(p.nevra()).events().getLast().reason()).startsWith(reason);
        assertThat(pipeline.content().contains(p.sha256())).isFalse();
        assertThat(pipeline.pipelineDir().resolve("quarantine").resolve(p.sha256())).isRegularFile();
        String notice = "package.test_failed:" + p.remote() + ":" + p.sha256();
        assertThat(server.notifier().known(List.of(notice))).as("the notice naming package, remote and reason").contains(notice);
    }

    /** The sync fails naming the problem, and nothing of it is stored: no package record, no content. */
    private static void assertFailedSync(String remote, String message, String packageName) throws Exception {
        if (pipeline.remotes().list().stream().noneMatch(r -> r.name().equals(remote))) {
            add(remote, "", false);
        }
        long contentBefore = contentFiles();
        Job job = sync(remote);
        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.error()).contains(message);
        assertThat(pipeline.remotes().lastSync(remote).orElseThrow().result()).contains(message);
        if (packageName != null) {
            assertThat(pipeline.packages().files(Nevra.parse(packageName + "-1.0-1.noarch"))).isEmpty();
        }
        assertThat(contentFiles()).isEqualTo(contentBefore);
    }

    private static long contentFiles() throws Exception {
        try (Stream<Path> files = Files.walk(pipeline.content().directory().resolve("sha256"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void writeRepo(String name, String primary, String repomd) throws Exception {
        Path repodata = Files.createDirectories(temp.resolve("upstream").resolve(name).resolve("repodata"));
        if (primary != null) {
            Files.writeString(repodata.resolve("primary.xml"), primary);
        }
        Files.writeString(repodata.resolve("repomd.xml"), repomd);
    }

    private static String primary(String name, String href, long size) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="1">
                <package type="rpm"><name>%s</name><arch>noarch</arch><version epoch="0" ver="1.0" rel="1"/>
                <checksum type="sha256" pkgid="YES">%s</checksum><size package="%d" installed="10" archive="10"/>
                <location href="%s"/><format><rpm:sourcerpm>%s-1.0-1.src.rpm</rpm:sourcerpm></format></package>
                </metadata>
                """.formatted(name, "ab".repeat(32), size, href, name);
    }

    private static String repomd(String href, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision>
                <data type="primary"><checksum type="sha256">%s</checksum><open-checksum type="sha256">%s</open-checksum>
                <location href="repodata/%s"/><timestamp>1</timestamp><size>%d</size><open-size>%d</open-size></data>
                </repomd>
                """.formatted(sha, sha, href, bytes.length, bytes.length);
    }
}
