package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.client.BatonClient;
import dev.baton.pipeline.repodata.PrimaryPackage;
import dev.baton.pipeline.repodata.PrimaryReader;
import dev.baton.pipeline.repodata.Repomd;
import dev.baton.pipeline.repodata.RepomdEntry;
import dev.baton.pipeline.repodata.RepomdReader;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.sync.UpstreamServer;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.store.testing.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code kill -9} of a real server process in the middle of a remote's sync and in the middle of a repository's
 * publish, then a start on the same store: the sync job resumes by itself and finishes without fetching again what it
 * had, continuing the half-downloaded files; no file under a final content-store name is partial; every package is
 * there once with its state; the live publication was the old one, whole, while the server was dead, and the publish
 * resumes and completes, as does the next one.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class PipelineKillProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration API_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough for a restarted server to wait out the dead one's job lease (30 s) and do the rest. */
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final int PACKAGES = 48;
    /** Package files served whole before the upstream holds the rest half-way (and the server is killed). */
    private static final int WHOLE_BEFORE_KILL = 12;
    /** The sync's downloads at a time (RemoteSync.PARALLEL): that many are held half-way at the kill. */
    private static final int PARALLEL = 8;

    enum Store { EMBEDDED, POSTGRESQL }

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;

    static GpgHome gpg;
    static String vendorKey;
    static Path upstreamRoot;
    /** Upstream file path (as requested, e.g. /vendor/pkg07-1.0-1.noarch.rpm) to its sha256. */
    static Map<String, String> upstreamFiles = new HashMap<>();

    @BeforeAll
    static void signedUpstreamWithManyPackages() throws Exception {
        gpg = GpgHome.create();
        String keyId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Vendor <vendor@example.com>");
        vendorKey = gpg.exportPublic(keyId);
        upstreamRoot = Files.createDirectories(shared.resolve("upstream"));
        Path repo = Files.createDirectories(upstreamRoot.resolve("vendor"));
        List<Path> rpms = buildPackages(shared.resolve("build"), repo);
        gpg.rpmSign(rpms, keyId);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        gpg.detachSign(repo.resolve("repodata/repomd.xml"), keyId);
        for (Path rpm : rpms) {
            upstreamFiles.put("/vendor/" + rpm.getFileName(), sha256(rpm));
        }
    }

    @AfterAll
    static void closeGpg() {
        if (gpg != null) {
            gpg.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void killNineDuringASyncAndDuringAPublish(Store store) throws Exception {
        Path pass = tmp.resolve("signing.pass");
        Files.writeString(pass, "kill test signing passphrase\n");
        Files.setPosixFilePermissions(pass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path dataDir;
        ServerProcess process;
        if (store == Store.EMBEDDED) {
            dataDir = tmp.resolve("data");
            process = ServerProcess.embedded(dataDir, "--signing-passphrase-file", pass.toString());
        } else {
            dataDir = tmp.resolve("unused-data");
            process = ServerProcess.postgres(PostgresServer.shared().createDatabase(), tmp,
                    "--signing-passphrase-file", pass.toString());
        }
        Path pipeline = dataDir.resolve("pipeline");
        try (UpstreamServer upstream = new UpstreamServer(upstreamRoot); ServerProcess server = process.start()) {
            killDuringSync(server, upstream, pipeline);
            killDuringPublish(server, pipeline);
        }
    }

    private static void killDuringSync(ServerProcess server, UpstreamServer upstream, Path pipeline) throws Exception {
        BatonClient admin = server.adminClient();
        ObjectNode remote = JSON.createObjectNode().put("name", "vendor").put("url", upstream.url("vendor"))
                .put("keys", vendorKey).put("repo_gpgcheck", true);
        admin.call("POST", "api/v3/remotes", remote, API_TIMEOUT, 201);
        upstream.holdAfter(WHOLE_BEFORE_KILL);
        long job = admin.call("POST", "api/v3/remotes/vendor/sync", null, API_TIMEOUT, 202).path("id").asLong();

        Path incoming = pipeline.resolve("incoming/vendor");
        awaitTrue("the sync checked the packages served whole and holds " + PARALLEL + " half-way", () ->
                upstream.held() == PARALLEL && partialFiles(incoming).size() == PARALLEL
                        // the half each held download received is on disk, not only its file created
                        && partialFiles(incoming).stream().allMatch(PipelineKillProcessTest::holdsBytes)
                        && packages(server.adminClient(), "WAITING").size() == WHOLE_BEFORE_KILL);
        Map<String, Long> halves = new HashMap<>();
        for (Path part : partialFiles(incoming)) {
            halves.put(part.getFileName().toString().replace(".part", ""), Files.size(part));
        }
        server.kill9();
        upstream.release();
        assertThat(halves.values()).as("half-downloaded files at the kill").allMatch(size -> size > 0);
        assertContentStoreWhole(pipeline.resolve("content"));

        server.restart();
        JsonNode done = awaitJob(server, job);
        assertThat(done.path("state").asText()).as("%s", done).isEqualTo("succeeded");
        assertThat(done.path("attempts").asInt()).as("the job ran again after the restart: %s", done).isEqualTo(2);
        assertThat(done.path("progress").path("message").asText())
                .startsWith("ok: " + PACKAGES + " packages listed, " + (PACKAGES - WHOLE_BEFORE_KILL) + " fetched, 0 test failed");

        // What the upstream saw: every package requested once from its start; the ones held half-way once more,
        // from where they stopped.
        Map<String, List<UpstreamServer.Request>> byPath = upstream.requests().stream()
                .filter(r -> r.path().endsWith(".rpm"))
                .collect(Collectors.groupingBy(UpstreamServer.Request::path));
        assertThat(byPath.keySet()).isEqualTo(upstreamFiles.keySet());
        Map<String, String> pathBySha = new HashMap<>();
        upstreamFiles.forEach((path, sha) -> pathBySha.put(sha, path));
        for (var entry : byPath.entrySet()) {
            List<String> ranges = entry.getValue().stream().map(UpstreamServer.Request::range).toList();
            Long half = halves.get(upstreamFiles.get(entry.getKey()));
            if (half == null) {
                assertThat(ranges).as("requests of %s, which was not cut off", entry.getKey()).containsExactly((String) null);
            } else {
                assertThat(ranges).as("requests of %s, cut off after %d bytes", entry.getKey(), half)
                        .containsExactly(null, "bytes=" + half + "-");
            }
        }

        // The store: each package once, checked; the content store holds them, whole; nothing partial is left.
        List<JsonNode> listed = packages(server.adminClient(), null);
        assertThat(listed).extracting(p -> p.path("nevra").asText()).doesNotHaveDuplicates().hasSize(PACKAGES);
        assertThat(listed).extracting(p -> p.path("sha256").asText())
                .containsExactlyInAnyOrderElementsOf(upstreamFiles.values());
        assertThat(packages(server.adminClient(), "WAITING")).hasSize(PACKAGES);
        for (String sha : halves.keySet()) {
            String nevra = Path.of(pathBySha.get(sha)).getFileName().toString().replace(".rpm", "");
            JsonNode life = server.adminClient().call("GET", "api/v3/packages/" + nevra, null, API_TIMEOUT, 200);
            assertThat(life.path("states")).extracting(s -> s.path("state").asText()).as("%s", life)
                    .containsExactly("WAITING");
        }
        assertContentStoreWhole(pipeline.resolve("content"));
        for (String sha : upstreamFiles.values()) {
            assertThat(pipeline.resolve("content/sha256").resolve(sha.substring(0, 2)).resolve(sha)).exists();
        }
        assertThat(partialFiles(incoming)).isEmpty();
    }

    private static void killDuringPublish(ServerProcess server, Path pipeline) throws Exception {
        BatonClient admin = server.adminClient();
        admin.call("POST", "api/v3/keys", JSON.createObjectNode().put("name", "site").put("algorithm", "eddsa"),
                API_TIMEOUT, 201);
        admin.call("POST", "api/v3/repositories", JSON.createObjectNode().put("name", "big").put("sign_with", "site"),
                API_TIMEOUT, 201);
        admin.call("POST", "api/v3/repositories/big/add", JSON.createObjectNode().put("from", "vendor"), API_TIMEOUT, 200);
        Path repoDir = pipeline.resolve("publications/big");
        awaitTrue("the change published the repository", () -> live(repoDir).isPresent()
                && latestPublish(server.adminClient()).path("state").asText().equals("succeeded"));
        Path first = live(repoDir).orElseThrow();
        assertPublicationWhole(first);

        // Publish again and kill the server while the new publication is being built beside the live one.
        long job = -1;
        boolean caught = false;
        for (int attempt = 0; attempt < 5 && !caught; attempt++) {
            job = admin.call("POST", "api/v3/repositories/big/publish", null, API_TIMEOUT, 200).path("job").asLong();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                if (!leftovers(repoDir).isEmpty()) {
                    server.kill9();
                    caught = true;
                    break;
                }
                if (jobState(admin, job).equals("succeeded")) {
                    break; // too quick to catch: once more
                }
                Thread.onSpinWait();
            }
        }
        assertThat(caught).as("a kill landed while a publication was being built").isTrue();
        assertThat(leftovers(repoDir)).as("the half-built publication the kill left").isNotEmpty();
        Path atKill = live(repoDir).orElseThrow();
        assertPublicationWhole(atKill);

        server.restart();
        JsonNode resumed = awaitJob(server, job);
        assertThat(resumed.path("state").asText()).as("%s", resumed).isEqualTo("succeeded");
        Path afterRestart = live(repoDir).orElseThrow();
        assertThat(afterRestart).isNotEqualTo(atKill);
        assertPublicationWhole(afterRestart);
        assertThat(leftovers(repoDir)).as("what the kill left is gone").isEmpty();

        admin = server.adminClient();
        long next = admin.call("POST", "api/v3/repositories/big/publish", null, API_TIMEOUT, 200).path("job").asLong();
        assertThat(awaitJob(server, next).path("state").asText()).isEqualTo("succeeded");
        Path last = live(repoDir).orElseThrow();
        assertPublicationWhole(last);

        // The server serves the live publication, signed with the site key.
        HttpClient http = HttpClient.newHttpClient();
        byte[] repomd = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/repos/big/repodata/repomd.xml")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(repomd).isEqualTo(Files.readAllBytes(last.resolve("repodata/repomd.xml")));
        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + ServerProcess.ADMIN_PASSWORD)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> exported = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/api/v3/keys/site/public"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
        Path siteKey = Files.writeString(repoDir.getParent().getParent().getParent().resolve("site.asc"), exported.body());
        try (GpgHome verifier = GpgHome.create()) {
            verifier.importKey(siteKey);
            var verified = verifier.verifyDetached(last.resolve("repodata/repomd.xml.asc"), last.resolve("repodata/repomd.xml"));
            assertThat(verified.exitCode()).as(verified.output()).isZero();
        }
    }

    /**
     * One rpmbuild of {@value #PACKAGES} packages (subpackages of one spec), each with 64 KiB of its own random
     * bytes, so that downloads and publishes take a moment.
     */
    private static List<Path> buildPackages(Path top, Path out) throws IOException {
        StringBuilder spec = new StringBuilder("""
                Name: killbase
                Version: 1.0
                Release: 1
                Summary: kill test base
                License: MIT
                BuildArch: noarch
                %description
                The base of the kill test's packages.
                %install
                """);
        for (int i = 0; i < PACKAGES; i++) {
            String n = String.format("pkg%02d", i);
            spec.append("mkdir -p %{buildroot}/usr/share/").append(n).append(" && head -c 65536 /dev/urandom > %{buildroot}/usr/share/")
                    .append(n).append("/data\n");
        }
        for (int i = 0; i < PACKAGES; i++) {
            String n = String.format("pkg%02d", i);
            spec.append("%package -n ").append(n).append("\nSummary: kill test package ").append(i)
                    .append("\n%description -n ").append(n).append("\nKill test package ").append(i)
                    .append(".\n%files -n ").append(n).append("\n/usr/share/").append(n).append("\n");
        }
        Files.createDirectories(top);
        Path specFile = Files.writeString(top.resolve("kill.spec"), spec.toString());
        ProcessRunner.run(top, Map.of(), List.of("rpmbuild", "-bb", "--quiet", "--nodeps",
                "--define", "_topdir " + top.toAbsolutePath(), "--define", "_build_id_links none",
                "--define", "__os_install_post %{nil}", specFile.toString()));
        List<Path> rpms = new ArrayList<>();
        try (Stream<Path> built = Files.list(top.resolve("RPMS/noarch"))) {
            for (Path rpm : built.sorted().toList()) {
                rpms.add(Files.move(rpm, out.resolve(rpm.getFileName())));
            }
        }
        assertThat(rpms).hasSize(PACKAGES);
        return rpms;
    }

    private static List<JsonNode> packages(BatonClient client, String state) {
        JsonNode body = client.call("GET", "api/v3/packages" + (state == null ? "" : "?state=" + state), null,
                API_TIMEOUT, 200);
        List<JsonNode> list = new ArrayList<>();
        body.path("packages").forEach(list::add);
        return list;
    }

    private static JsonNode latestPublish(BatonClient client) {
        return client.call("GET", "api/v3/jobs?kind=repo-publish&limit=1", null, API_TIMEOUT, 200).path("jobs").path(0);
    }

    private static String jobState(BatonClient client, long id) {
        return client.call("GET", "api/v3/jobs/" + id, null, API_TIMEOUT, 200).path("state").asText();
    }

    /** Waits for the job to end (the restarted server takes it over once the dead one's lease ran out). */
    private static JsonNode awaitJob(ServerProcess server, long id) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        JsonNode job;
        do {
            job = server.adminClient().call("GET", "api/v3/jobs/" + id, null, API_TIMEOUT, 200);
            if (Set.of("succeeded", "failed", "cancelled").contains(job.path("state").asText())) {
                return job;
            }
            sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("job " + id + " did not end within " + JOB_TIMEOUT + ": " + job + "\n" + server.output());
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + JOB_TIMEOUT + ": " + what);
            }
            sleep(50);
        }
    }

    private static boolean holdsBytes(Path file) {
        try {
            return Files.size(file) > 0;
        } catch (IOException e) {
            return false; // stored or removed meanwhile
        }
    }

    private static List<Path> partialFiles(Path incoming) {
        if (!Files.isDirectory(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".part")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under a final content-store name has the sha256 it is named by. */
    private static void assertContentStoreWhole(Path content) throws IOException {
        try (Stream<Path> files = Files.walk(content.resolve("sha256"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(sha256(f)).as("the content of %s", f).isEqualTo(f.getFileName().toString());
            }
        }
    }

    /** The live publication, through the {@code current} symlink. */
    private static Optional<Path> live(Path repoDir) {
        Path current = repoDir.resolve("current");
        try {
            return Files.isSymbolicLink(current) ? Optional.of(current.toRealPath()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> leftovers(Path repoDir) {
        try (Stream<Path> children = Files.list(repoDir)) {
            return children.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".partial-")
                    || n.startsWith(".current-")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * A publication as dnf reads it: repomd.xml signed, every metadata file it lists with its size and sha256, every
     * package primary lists with its size and sha256 — all {@value #PACKAGES} of them.
     */
    private static void assertPublicationWhole(Path dir) throws IOException {
        Path repodata = dir.resolve("repodata");
        assertThat(repodata.resolve("repomd.xml.asc")).isNotEmptyFile();
        Repomd repomd;
        try (InputStream in = Files.newInputStream(repodata.resolve("repomd.xml"))) {
            repomd = RepomdReader.read(in);
        }
        for (RepomdEntry entry : repomd.entries()) {
            Path file = dir.resolve(entry.href());
            assertThat(file).as("%s of %s", entry.type(), dir).exists();
            assertThat(sha256(file)).as("%s of %s", entry.href(), dir).isEqualTo(entry.checksum());
        }
        RepomdEntry primary = repomd.entry("primary").orElseThrow();
        List<PrimaryPackage> listed = new ArrayList<>();
        try (InputStream in = primary.compression().decompress(Files.newInputStream(dir.resolve(primary.href())))) {
            PrimaryReader.read(in, listed::add);
        }
        assertThat(listed).hasSize(PACKAGES);
        for (PrimaryPackage p : listed) {
            Path file = dir.resolve(p.href());
            assertThat(Files.size(file)).as("%s", file).isEqualTo(p.packageSize());
            assertThat(sha256(file)).as("%s", file).isEqualTo(p.sha256());
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
