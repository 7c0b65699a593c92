package dev.baton.web.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.jobs.Job;
import dev.baton.jobs.JobState;
import dev.baton.pipeline.content.Blob;
import dev.baton.pipeline.publish.Publisher;
import dev.baton.pipeline.release.ReleaseChange;
import dev.baton.pipeline.repository.Change;
import dev.baton.pipeline.repository.ChangeRefusedException;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.repository.PackageState;
import dev.baton.pipeline.repository.Repository;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.signing.PackageVerifier;
import dev.baton.pipeline.signing.PublicKeys;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.Verification;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.server.BatonServer;
import dev.baton.pipeline.PipelineServices;
import dev.baton.server.ServerSettings;
import dev.baton.server.SigningPassphrase;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof for publishing: packages built with rpmbuild, registered and put into repository versions
 * through the domain (signed copies made with a key the server holds), published by the {@code repo-publish} job of
 * a running server, served under {@code /repos/}, and read by Debian's dnf with {@code gpgcheck=1} and
 * {@code repo_gpgcheck=1} and the key Baton exports; a repository of unsigned packages is refused by it.
 */
class PublishAndServeTest {

    @TempDir static Path tmp;
    static BatonServer server;
    static PipelineServices pipeline;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "publish admin password";

    @BeforeAll
    static void start() throws Exception {
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "signing passphrase of the test\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(tmp.resolve("data"), null)
                .withAdminPassword(PASSWORD).withSigningPassphrase(SigningPassphrase.from(passphrase, null)));
        pipeline = server.pipeline();
        var created = send("POST", "/api/v3/keys", "{\"name\":\"site\",\"algorithm\":\"rsa\",\"user_id\":\"Site <site@example.org>\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dnfInstallsFromTheSignedPublicationAndRpmkeysAcceptsItsFiles() throws Exception {
        pipeline.repositories().create(new Repository("el-testing", "", "site", false), "alice", "test");
        addSigned("el-testing", "hello", "1.0");
        addSigned("el-testing", "world", "2.0");
        publish("el-testing");

        Path live = pipeline.publisher().publications().current("el-testing").orElseThrow();
        assertThat(live.resolve("repodata/repomd.xml.asc")).isRegularFile();
        var key = send("GET", "/api/v3/keys/site/public", null, null);
        assertThat(key.statusCode()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path keyFile = tmp.resolve("site.asc");
        Files.writeString(keyFile, key.body());

        Path root = Files.createDirectories(tmp.resolve("root-signed"));
        Path reposd = repoFile("signed", "el-testing", keyFile, true);
        dnf(root, reposd, "makecache");
        dnf(root, reposd, "install", "hello");
        assertThat(ProcessRunner.run(root, Map.of(), List.of("rpm", "--root", root.toString(), "-qa")))
                .contains("hello-1.0-1.noarch");

        // rpmkeys on a file as served
        var rpm = HTTP.send(request("GET", "/repos/el-testing/Packages/w/world-2.0-1.noarch.rpm", null, null).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(rpm.statusCode()).isEqualTo(200);
        assertThat(rpm.headers().firstValue("Content-Type")).contains("application/x-rpm");
        Path downloaded = tmp.resolve("world.rpm");
        Files.write(downloaded, rpm.body());
        Path keyring = Files.createDirectories(tmp.resolve("rpmkeys-root"));
        ProcessRunner.run(keyring, Map.of(), List.of("rpmkeys", "--root", keyring.toString(), "--import", keyFile.toString()));
        var check = ProcessRunner.exec(keyring, Map.of(), List.of("rpmkeys", "--root", keyring.toString(), "-Kv",
                downloaded.toString()));
        String keyId = pipeline.signingKeys().find("site").orElseThrow().keyId().toLowerCase();
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("Header V4 RSA/SHA256 Signature, key ID " + keyId.substring(8) + ": OK");
    }

    @Test
    void dnfInstallsFromAPublicationSignedThroughGpgAgentAndAFailingAgentPublishesNothing() throws Exception {
        try (GpgHome gpg = GpgHome.create()) {
            // A key protected by a passphrase that only the agent has (preset, as a site's unattended agent).
            String keyId = gpg.generateKey(GpgHome.Algorithm.RSA, "Agent <agent@example.org>", "agent passphrase");
            gpg.presetPassphrase(keyId, "agent passphrase");
            var added = send("POST", "/api/v3/keys/gpg", JSON.createObjectNode().put("name", "site-agent")
                    .put("gpg_key", gpg.fingerprintOf(keyId)).put("gpg_home", gpg.home().toString()).toString());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(JSON.readTree(added.body()).path("held_by").asText()).isEqualTo("gpg");
            assertThat(added.body()).doesNotContain("PRIVATE");

            pipeline.repositories().create(new Repository("el-agent", "", "site-agent", false), "alice", "test");
            addSigned("el-agent", "agent-hello", "1.0", "site-agent");
            publish("el-agent");
            Path live = pipeline.publisher().publications().current("el-agent").orElseThrow();
            Path keyFile = Files.writeString(tmp.resolve("site-agent.asc"),
                    send("GET", "/api/v3/keys/site-agent/public", null, null).body());
            ProcessRunner.Result verified = gpg.verifyDetached(live.resolve("repodata/repomd.xml.asc"),
                    live.resolve("repodata/repomd.xml"));
            assertThat(verified.exitCode()).as(verified.output()).isZero();

            Path root = Files.createDirectories(tmp.resolve("root-agent"));
            Path reposd = repoFile("agent", "el-agent", keyFile, true);
            dnf(root, reposd, "install", "agent-hello");
            assertThat(ProcessRunner.run(root, Map.of(), List.of("rpm", "--root", root.toString(), "-qa")))
                    .contains("agent-hello-1.0-1.noarch");

            // The agent forgets the passphrase (restarted): the next publish fails naming the key, and the live
            // publication stays the one before, whole and signed.
            addSigned("el-agent", "agent-world", "1.0", "site-agent");
            ProcessRunner.run(null, Map.of("GNUPGHOME", gpg.home().toString()), List.of("gpgconf", "--kill", "gpg-agent"));
            Job job = pipeline.jobs().submit(Publisher.JOB_KIND, "el-agent", "{}", "alice");
            Job failed = pipeline.jobs().await(job.id(), Duration.ofMinutes(2)).orElseThrow();
            assertThat(failed.state()).isEqualTo(JobState.FAILED);
            assertThat(String.valueOf(failed.error())).contains("gpg could not sign with key 'site-agent'")
                    .contains("gpg-preset-passphrase").doesNotContain("agent passphrase");
            assertThat(pipeline.publisher().publications().current("el-agent")).contains(live);
            assertThat(gpg.verifyDetached(live.resolve("repodata/repomd.xml.asc"), live.resolve("repodata/repomd.xml"))
                    .exitCode()).isZero();
            assertThat(dnf(root, reposd, "list", "--available")).doesNotContain("agent-world");
        }
    }

    @Test
    void dnfRefusesARepositoryOfUnsignedPackages() throws Exception {
        pipeline.repositories().create(new Repository("el-unsigned", "", null, false), "alice", "test");
        PackageRecord unsigned = register("unsigned-" + "hello", "1.0");
        pipeline.repositories().change("el-unsigned", Change.adding(unsigned.id()), "alice", "test");
        publish("el-unsigned");
        assertThat(pipeline.publisher().publications().current("el-unsigned").orElseThrow()
                .resolve("repodata/repomd.xml.asc")).doesNotExist();

        Path keyFile = Files.writeString(tmp.resolve("site-2.asc"), pipeline.signingKeys().exportPublic("site"));
        Path root = Files.createDirectories(tmp.resolve("root-unsigned"));
        Path reposd = repoFile("unsigned", "el-unsigned", keyFile, false);
        var install = ProcessRunner.exec(root, Map.of(), dnfCommand(root, reposd, "install", "unsigned-hello"));
        assertThat(install.exitCode()).as(install.output()).isNotZero();
        assertThat(install.output()).containsIgnoringCase("not signed");
        assertThat(ProcessRunner.run(root, Map.of(), List.of("rpm", "--root", root.toString(), "-qa")))
                .doesNotContain("unsigned-hello");
    }

    @Test
    void filesAreServedWithLengthDatesAndRanges() throws Exception {
        pipeline.repositories().create(new Repository("served", "", "site", false), "alice", "test");
        addSigned("served", "served", "1.0");
        publish("served");
        Path live = pipeline.publisher().publications().current("served").orElseThrow();
        byte[] repomd = Files.readAllBytes(live.resolve("repodata/repomd.xml"));

        var whole = get("/repos/served/repodata/repomd.xml", Map.of());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(repomd);
        assertThat(whole.headers().firstValue("Content-Type")).contains("application/xml");
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(repomd.length);
        String lastModified = whole.headers().firstValue("Last-Modified").orElseThrow();

        var head = HTTP.send(request("HEAD", "/repos/served/repodata/repomd.xml", null, null).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(repomd.length);
        assertThat(head.body()).isEmpty();

        assertThat(get("/repos/served/repodata/repomd.xml", Map.of("If-Modified-Since", lastModified)).statusCode())
                .isEqualTo(304);
        String older = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(
                Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        assertThat(get("/repos/served/repodata/repomd.xml", Map.of("If-Modified-Since", older)).statusCode())
                .isEqualTo(200);

        var part = get("/repos/served/repodata/repomd.xml", Map.of("Range", "bytes=5-14"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(repomd, 5, 15));
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 5-14/" + repomd.length);
        var tail = get("/repos/served/repodata/repomd.xml", Map.of("Range", "bytes=-4"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(repomd, repomd.length - 4, repomd.length));
        var beyond = get("/repos/served/repodata/repomd.xml", Map.of("Range", "bytes=" + repomd.length + "-"));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + repomd.length);

        assertThat(get("/repos/served/repodata/repomd.xml.asc", Map.of()).headers().firstValue("Content-Type"))
                .contains("application/pgp-signature");
        String primary = Files.list(live.resolve("repodata")).map(p -> p.getFileName().toString())
                .filter(n -> n.endsWith("primary.xml.gz")).findFirst().orElseThrow();
        assertThat(get("/repos/served/repodata/" + primary, Map.of()).headers().firstValue("Content-Type"))
                .contains("application/gzip");

        // A package linked from the content store keeps the time it was stored; served, it is never older than the
        // publication, so a client's cached copy of the same path from an earlier publication is not taken as current.
        Path rpm = live.resolve("Packages/s/served-1.0-1.noarch.rpm");
        Files.setLastModifiedTime(rpm, java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        String packageModified = get("/repos/served/Packages/s/served-1.0-1.noarch.rpm", Map.of()).headers()
                .firstValue("Last-Modified").orElseThrow();
        assertThat(ZonedDateTime.parse(packageModified, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isAfterOrEqualTo(Files.getLastModifiedTime(live).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

        var missing = send("GET", "/repos/served/repodata/nothing.xml", null, null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").path("code").asText()).isEqualTo("not_found");
        var noRepo = send("GET", "/repos/nowhere/repodata/repomd.xml", null, null);
        assertThat(noRepo.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(noRepo.body()).path("error").path("message").asText()).contains("nowhere");
        assertThat(send("GET", "/repos/served/repodata", null, null).statusCode()).isEqualTo(404); // no listings
        assertThat(send("GET", "/repos/served/", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void nothingOutsideThePublicationIsServed() throws Exception {
        pipeline.repositories().create(new Repository("guarded", "", null, false), "alice", "test");
        pipeline.repositories().change("guarded", Change.adding(register("guarded", "1.0").id()), "alice", "test");
        publish("guarded");
        Path live = pipeline.publisher().publications().current("guarded").orElseThrow();
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "SECRET CONTENT");
        Files.createSymbolicLink(live.resolve("repodata/escape.xml"), secret);
        Files.createSymbolicLink(live.resolve("up"), tmp);

        for (String path : List.of("/repos/guarded/repodata/escape.xml", "/repos/guarded/up/secret.txt",
                "/repos/guarded/../../secret.txt", "/repos/guarded/%2e%2e/%2e%2e/secret.txt",
                "/repos/guarded/repodata%2F..%2F..%2Fsecret.txt", "/repos/guarded/..%5c..%5csecret.txt",
                "/repos/%2e%2e/guarded/repodata/repomd.xml", "/repos/guarded/repodata/repomd.xml%00.asc")) {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("SECRET CONTENT");
        }
        // the publication's own files are served
        assertThat(get("/repos/guarded/repodata/repomd.xml", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void keysAreListedCreatedOnceAndImported() throws Exception {
        var list = send("GET", "/api/v3/keys", null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode site = JSON.readTree(list.body()).path("keys").get(0);
        assertThat(site.path("name").asText()).isEqualTo("site");
        assertThat(site.path("algorithm").asText()).isEqualTo("rsa");
        assertThat(list.body()).doesNotContain("PRIVATE").doesNotContain("passphrase");

        var again = send("POST", "/api/v3/keys", "{\"name\":\"site\",\"algorithm\":\"eddsa\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        var badAlgorithm = send("POST", "/api/v3/keys", "{\"name\":\"other\",\"algorithm\":\"dsa\"}");
        assertThat(badAlgorithm.statusCode()).isEqualTo(400);
        assertThat(badAlgorithm.body()).contains("rsa or eddsa");
        assertThat(send("GET", "/api/v3/keys/nothing/public", null, null).statusCode()).isEqualTo(404);

        try (var gpg = dev.baton.pipeline.testing.GpgHome.create()) {
            gpg.generateKey(dev.baton.pipeline.testing.GpgHome.Algorithm.EDDSA, "Vendor <vendor@example.org>");
            String keyId = gpg.keyIdOf("vendor@example.org");
            String armored = gpg.exportSecret(keyId);
            var imported = send("POST", "/api/v3/keys/import", JSON.createObjectNode().put("name", "imported")
                    .put("secret_key", armored).put("passphrase", "").toString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            assertThat(JSON.readTree(imported.body()).path("key_id").asText()).isEqualToIgnoringCase(keyId);
        }
        var garbage = send("POST", "/api/v3/keys/import", "{\"name\":\"garbage\",\"secret_key\":\"not a key\"}");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(server.audit().list(dev.baton.audit.AuditQuery.latest(100)).entries().toString()).contains("key.create").contains("key.import");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    @Test
    void aRefusedAddSignsNothingAndAnAcceptedOneSignsItsPackagesInOneBatch() throws Exception {
        pipeline.repositories().create(new Repository("batch", "", "site", false), "alice", "test");
        List<PackageRecord> good = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            good.add(register("batchgood" + i, "1.0"));
        }
        PackageRecord failed = register("batchfailed", "1.0");
        pipeline.packages().setState(failed.id(), null, PackageState.TEST_FAILED, "sync", "checksum: test");
        String keyId = pipeline.signingKeys().find("site").orElseThrow().keyId();
        List<Nevra> all = new ArrayList<>(good.stream().map(PackageRecord::nevra).toList());
        all.add(failed.nevra());

        assertThatThrownBy(() -> pipeline.releases().add("batch", all, "alice", "test"))
                .isInstanceOf(ChangeRefusedException.class).hasMessageContaining("batchfailed-1.0-1.noarch");
        for (PackageRecord p : good) {
            assertThat(pipeline.packages().signedCopy(p, keyId)).as("signed although the add was refused").isEmpty();
        }

        ReleaseChange added = pipeline.releases().add("batch", good.stream().map(PackageRecord::nevra).toList(),
                "alice", "test");
        assertThat(added.added()).hasSize(3);
        PublicKeys site = pipeline.signingKeys().publicKeys();
        for (PackageRecord p : good) {
            PackageRecord copy = pipeline.packages().signedCopy(p, keyId).orElseThrow();
            Path file = pipeline.content().path(copy.sha256()).orElseThrow();
            assertThat(new PackageVerifier().verify(file, site).status()).isEqualTo(Verification.Status.OK);
        }
    }

    static PackageRecord register(String name, String version) throws Exception {
        Path built = Files.createDirectories(tmp.resolve("built-" + name + "-" + version));
        Path rpm = RpmBuilder.named(name).version(version).release("1").build(built);
        Blob blob;
        try (InputStream in = Files.newInputStream(rpm)) {
            blob = pipeline.content().put(in, null, -1);
        }
        return pipeline.packages().register(PackageRecord.uploaded(Nevra.parse(name + "-" + version + "-1.noarch"),
                blob.sha256(), blob.size()), PackageState.WAITING, "alice", "built");
    }

    static void addSigned(String repository, String name, String version) throws Exception {
        addSigned(repository, name, version, "site");
    }

    static void addSigned(String repository, String name, String version, String keyName) throws Exception {
        PackageRecord original = register(name, version);
        Path source = pipeline.content().path(original.sha256()).orElseThrow();
        Path signed = tmp.resolve(name + "-" + version + "-signed.rpm");
        new RpmSigner().sign(source, pipeline.signingKeys().forSigning(keyName), signed);
        Blob blob;
        try (InputStream in = Files.newInputStream(signed)) {
            blob = pipeline.content().put(in, null, -1);
        }
        String keyId = pipeline.signingKeys().find(keyName).orElseThrow().keyId();
        PackageRecord copy = pipeline.packages().register(PackageRecord.signedCopy(original, blob.sha256(), blob.size(),
                keyId), PackageState.SIGNED_UNTESTED, "alice", "signed");
        pipeline.repositories().change(repository, Change.adding(copy.id()), "alice", "test");
    }

    static void publish(String repository) throws Exception {
        Job job = pipeline.jobs().submit(Publisher.JOB_KIND, repository, "{}", "alice");
        Job done = pipeline.jobs().await(job.id(), Duration.ofMinutes(2)).orElseThrow();
        assertThat(done.state()).as(String.valueOf(done.error())).isEqualTo(JobState.SUCCEEDED);
    }

    static Path repoFile(String id, String repository, Path key, boolean repoGpgCheck) throws Exception {
        Path reposd = Files.createDirectories(tmp.resolve("repos.d-" + id));
        Files.writeString(reposd.resolve(id + ".repo"), "[" + id + "]\nname=" + id + "\nbaseurl=http://127.0.0.1:"
                + server.port() + "/repos/" + repository + "/\nenabled=1\ngpgcheck=1\nrepo_gpgcheck="
                + (repoGpgCheck ? 1 : 0) + "\ngpgkey=file://" + key + "\nmetadata_expire=0\n");
        return reposd;
    }

    static List<String> dnfCommand(Path root, Path reposd, String... args) {
        String repo = reposd.getFileName().toString().substring("repos.d-".length());
        List<String> command = new ArrayList<>(List.of("dnf", "-y", "--installroot", root.toString(),
                "--releasever", "9", "--setopt=reposdir=" + reposd, "--disablerepo=*", "--enablerepo=" + repo,
                "--setopt=install_weak_deps=0"));
        command.addAll(List.of(args));
        return command;
    }

    static String dnf(Path root, Path reposd, String... args) {
        var result = ProcessRunner.exec(root, Map.of(), dnfCommand(root, reposd, args));
        assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.output()).isZero();
        return result.output();
    }

    static HttpResponse<byte[]> get(String path, Map<String, String> headers) throws Exception {
        var builder = request("GET", path, null, null);
        headers.forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest.Builder request(String method, String path, String body, String authorization) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        return HTTP.send(request(method, path, body, authorization).build(), HttpResponse.BodyHandlers.ofString());
    }
}
