package dev.baton.web.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.server.SigningPassphrase;
import dev.baton.web.Json;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v3/packages}: a package built elsewhere, uploaded and checked like a mirrored one against the
 * site's keys. Unsigned and intact, or signed by a site key: WAITING, and added to a signed repository as a copy
 * signed with its key. Signed by another key, or changed after signing: TEST_FAILED with the reason, quarantined,
 * refused by repositories. Not an RPM, or a second file of a known NEVRA: refused with nothing stored.
 */
class PackageUploadTest {

    private static final String PASSWORD = "upload-test-admin-pw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static BatonServer server;
    static BatonClient admin;
    static GpgHome gpg;

    @BeforeAll
    static void start() throws Exception {
        Path passphrase = tmp.resolve("passphrase");
        Files.writeString(passphrase, "signing passphrase of the upload test\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(tmp.resolve("data"), null)
                .withAdminPassword(PASSWORD).withSigningPassphrase(SigningPassphrase.from(passphrase, null)));
        admin = new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic("admin", PASSWORD),
                null);
        admin.call("POST", "api/v3/keys", Json.parseObject("{\"name\":\"site\",\"algorithm\":\"eddsa\"}"), TIMEOUT, 201);
        admin.call("POST", "api/v3/repositories", Json.parseObject("{\"name\":\"local\",\"sign_with\":\"site\"}"), TIMEOUT, 201);
        gpg = GpgHome.create();
    }

    @AfterAll
    static void stop() {
        server.close();
        gpg.close();
    }

    @Test
    void anUnsignedIntactPackageWaitsAndIsSignedWithTheRepositorysKeyWhenAdded() throws Exception {
        Path rpm = RpmBuilder.named("built-here").build(tmp.resolve("rpms"));

        JsonNode uploaded = upload(rpm, 201);

        assertThat(uploaded.path("nevra").asText()).isEqualTo("built-here-1.0-1.noarch");
        assertThat(uploaded.path("origin").asText()).isEqualTo("uploaded");
        assertThat(uploaded.path("state").asText()).isEqualTo("WAITING");
        assertThat(uploaded.path("created").asBoolean()).isTrue();
        assertThat(server.pipeline().content().contains(uploaded.path("sha256").asText())).isTrue();
        JsonNode life = admin.call("GET", "api/v3/packages/built-here-1.0-1.noarch", null, TIMEOUT, 200);
        assertThat(life.path("events").get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(life.path("events").get(0).path("reason").asText())
                .contains("uploaded by admin as built-here-1.0-1.noarch.rpm", "unsigned, its digests match");

        JsonNode again = upload(rpm, 200);
        assertThat(again.path("created").asBoolean()).as("the same file again changes nothing").isFalse();
        assertThat(again.path("id").asLong()).isEqualTo(uploaded.path("id").asLong());

        JsonNode added = admin.call("POST", "api/v3/repositories/local/add",
                Json.parseObject("{\"packages\":[\"built-here-1.0-1.noarch\"]}"), TIMEOUT, 200);
        assertThat(added.path("added").get(0).path("origin").asText()).isEqualTo("signed_copy");
        assertThat(added.path("added").get(0).path("signed_from").asText()).isEqualTo(uploaded.path("sha256").asText());
    }

    @Test
    void aPackageSignedByAnotherKeyOrChangedAfterSigningIsTestFailedQuarantinedAndRefused() throws Exception {
        String vendor = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Somebody Else <else@example.com>");
        Path foreign = RpmBuilder.named("foreign").build(tmp.resolve("rpms"));
        gpg.rpmSign(foreign, vendor);
        Path tampered = RpmBuilder.named("tampered-upload").file("/usr/share/t/data", "x".repeat(5000)).build(tmp.resolve("rpms"));
        try (RandomAccessFile f = new RandomAccessFile(tampered.toFile(), "rw")) {
            f.seek(f.length() - 20);
            int b = f.read();
            f.seek(f.length() - 20);
            f.write(b ^ 0xff);
        }

        JsonNode unknown = upload(foreign, 201);
        assertThat(unknown.path("state").asText()).isEqualTo("TEST_FAILED");
        assertThat(unknown.path("reason").asText()).startsWith("unknown key");
        JsonNode changed = upload(tampered, 201);
        assertThat(changed.path("state").asText()).isEqualTo("TEST_FAILED");
        assertThat(changed.path("reason").asText()).startsWith("checksum");

        for (JsonNode failed : List.of(unknown, changed)) {
            String sha256 = failed.path("sha256").asText();
            assertThat(server.pipeline().content().contains(sha256)).as("never in the content store").isFalse();
            assertThat(server.pipeline().pipelineDir().resolve("quarantine").resolve(sha256)).isRegularFile();
            var refused = catchThrowableOfType(BatonClientException.class, () -> admin.call("POST",
                    "api/v3/repositories/local/add", Json.parseObject("{\"packages\":[\"" + failed.path("nevra").asText()
                            + "\"]}"), TIMEOUT, 200));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.getMessage()).contains("is test failed");
        }
        assertThat(server.notifier().known(List.of("package.test_failed:upload:" + unknown.path("sha256").asText())))
                .hasSize(1);
    }

    @Test
    void notAnRpmOrASecondFileOfAKnownNevraIsRefusedWithNothingStored() throws Exception {
        long before = contentFiles();
        Path garbage = Files.writeString(tmp.resolve("garbage.rpm"), "this is not a package at all");
        var notRpm = catchThrowableOfType(BatonClientException.class, () -> upload(garbage, 201));
        assertThat(notRpm.status()).isEqualTo(400);
        assertThat(notRpm.getMessage()).contains("garbage.rpm is not an RPM package", "nothing was stored");

        Path first = RpmBuilder.named("twice").file("/usr/share/twice/v", "one").build(tmp.resolve("first"));
        upload(first, 201);
        Path rebuilt = RpmBuilder.named("twice").file("/usr/share/twice/v", "two").build(tmp.resolve("second"));
        var conflict = catchThrowableOfType(BatonClientException.class, () -> upload(rebuilt, 201));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.getMessage()).contains("another file of twice-1.0-1.noarch is known already",
                "a rebuild needs a new release");
        assertThat(contentFiles()).as("only the first twice was stored").isEqualTo(before + 1);
        try (Stream<Path> left = Files.list(server.pipeline().pipelineDir().resolve("incoming/uploads"))) {
            assertThat(left).as("no upload left behind").isEmpty();
        }
    }

    private static JsonNode upload(Path rpm, int status) {
        return admin.upload("POST", "api/v3/packages?file_name=" + rpm.getFileName(), rpm, "application/x-rpm", TIMEOUT,
                status);
    }

    private static long contentFiles() throws Exception {
        try (Stream<Path> files = Files.walk(server.pipeline().content().directory().resolve("sha256"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
