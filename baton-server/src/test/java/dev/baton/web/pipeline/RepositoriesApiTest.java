package dev.baton.web.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.jobs.JobQuery;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import dev.baton.web.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v3/repositories} and {@code /api/v3/packages} on a real server over a seeded data directory
 * ({@link PipelineSeed}): the walk-through's adds and promotions, refusals naming each package, the roles (a tester
 * marks but does not promote, a release manager who is not a signer does not add to a signed repository), and a
 * publish job after every change.
 */
class RepositoriesApiTest {

    private static final String PASSWORD = "repositories-test-admin-pw";
    @TempDir
    static Path data;
    static BatonServer server;
    static BatonClient admin;
    static BatonClient manager;
    static BatonClient tester;
    static String managerAuth;

    @BeforeAll
    static void start() {
        PipelineSeed.seed(data);
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword(PASSWORD));
        admin = client("admin", PASSWORD);
        JsonNode m = admin.createCredential("rita", "release-manager", List.of());
        manager = client(m.path("id").asText(), m.path("secret").asText());
        managerAuth = m.path("id").asText() + ":" + m.path("secret").asText();
        JsonNode t = admin.createCredential("tess", "tester", List.of());
        tester = client(t.path("id").asText(), t.path("secret").asText());
        post(admin, "repositories", "{\"name\":\"el-testing\",\"sign_with\":\"site\"}", 201);
        post(admin, "repositories", "{\"name\":\"el-production\",\"sign_with\":\"site\",\"requires_tested\":true,"
                + "\"production\":true}", 201);
        post(admin, "repositories", "{\"name\":\"scratch\"}", 201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static BatonClient client(String id, String secret) {
        return new BatonClient(URI.create("http://127.0.0.1:" + server.port()), new BatonClient.Auth.Basic(id, secret), null);
    }

    static JsonNode post(BatonClient as, String path, String body, int... ok) {
        return as.call("POST", "api/v3/" + path, Json.parseObject(body), Duration.ofSeconds(60), ok.length == 0 ? new int[] {200} : ok);
    }

    static JsonNode get(BatonClient as, String path) {
        return as.call("GET", "api/v3/" + path, null, Duration.ofSeconds(30), 200);
    }

    @Test
    void theWalkThroughAddsCheckedPackagesSignedAndPromotesTestedOnesByNameAndAdvisory() {
        JsonNode added = post(admin, "repositories/el-testing/add", "{\"from\":\"upstream\"}");
        assertThat(added.path("changed").asBoolean()).isTrue();
        assertThat(added.path("added")).extracting(f -> f.path("nevra").asText())
                .containsExactlyInAnyOrder("hello-1.0-1.noarch", "hello-1.1-1.noarch", "world-1.0-1.noarch");
        assertThat(added.path("added")).allSatisfy(f -> assertThat(f.path("origin").asText()).isEqualTo("signed_copy"));
        assertThat(server.jobs().list(new JobQuery("repo-publish", null, null, 50)).jobs())
                .anySatisfy(j -> assertThat(j.subject()).isEqualTo("el-testing"));

        // Untested: refused, naming the package, with every reason in error.refused.
        HttpResponse<String> refused = raw("repositories/el-production/promote",
                "{\"from\":\"el-testing\",\"packages\":[\"hello-1.0-1.noarch\"]}");
        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode error = Json.parseObject(refused.body()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("refused");
        assertThat(error.path("refused").get(0).asText()).startsWith("hello-1.0-1.noarch (file ")
                .contains("el-production requires tested packages");

        // A tester marks tested but may not promote.
        post(tester, "packages/hello-1.0-1.noarch/mark-tested", "{\"repository\":\"el-testing\",\"comment\":\"ok\"}");
        var forbidden = catchThrowableOfType(BatonClientException.class, () -> post(tester,
                "repositories/el-production/promote", "{\"from\":\"el-testing\",\"packages\":[\"hello-1.0-1.noarch\"]}"));
        assertThat(forbidden.status()).isEqualTo(403);

        JsonNode promoted = post(manager, "repositories/el-production/promote",
                "{\"from\":\"el-testing\",\"packages\":[\"hello-1.0-1.noarch\"]}");
        assertThat(promoted.path("added").get(0).path("nevra").asText()).isEqualTo("hello-1.0-1.noarch");

        JsonNode life = get(admin, "packages/hello-1.0-1.noarch");
        assertThat(life.path("states")).anySatisfy(s -> {
            assertThat(s.path("repository").asText()).isEqualTo("el-production");
            assertThat(s.path("state").asText()).isEqualTo("GOOD");
        });
        assertThat(life.path("events")).anySatisfy(e -> {
            assertThat(e.path("state").asText()).isEqualTo("TESTED");
            assertThat(e.path("actor").asText()).isEqualTo("tess");
        });

        // By advisory: the advisory's package the source holds, once tested.
        String advisory = server.pipeline().advisories().create(new dev.baton.pipeline.advisory.AdvisoryDraft(
                "security", "Important", "T", null, null, null, null, null, List.of("hello-1.1-1.noarch"), false),
                "rita").id();
        post(tester, "packages/hello-1.1-1.noarch/mark-tested", "{\"repository\":\"el-testing\"}");
        JsonNode byAdvisory = post(manager, "repositories/el-production/promote",
                "{\"from\":\"el-testing\",\"advisories\":[\"" + advisory + "\"]}");
        assertThat(byAdvisory.path("added")).extracting(f -> f.path("nevra").asText())
                .containsExactly("hello-1.1-1.noarch");
        assertThat(get(admin, "repositories/el-production").path("package_count").asInt()).isEqualTo(2);
        assertThat(get(tester, "packages?repository=el-production&state=good").path("packages")).hasSize(2);
    }

    @Test
    void aReleaseManagerWhoIsNotASignerMayNotAddToASignedRepository() {
        var forbidden = catchThrowableOfType(BatonClientException.class, () -> post(manager,
                "repositories/el-testing/add", "{\"packages\":[\"world-1.0-1.noarch\"]}"));
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.getMessage()).contains("sign");
        // Into an unsigned repository nothing is signed: allowed.
        JsonNode added = post(manager, "repositories/scratch/add", "{\"packages\":[\"world-1.0-1.noarch\"]}");
        assertThat(added.path("added").get(0).path("origin").asText()).isEqualTo("mirrored");
    }

    @Test
    void unsignedAndTestFailedPackagesAreRefusedIntoASignedRepositoryNamingEach() {
        post(admin, "repositories", "{\"name\":\"unsigned-src\"}", 201);
        post(admin, "repositories/unsigned-src/add", "{\"packages\":[\"world-1.0-1.noarch\"]}");
        post(admin, "repositories", "{\"name\":\"signed-dst\",\"sign_with\":\"site\"}", 201);
        HttpResponse<String> unsigned = raw("repositories/signed-dst/promote",
                "{\"from\":\"unsigned-src\",\"names\":[\"world\"]}");
        assertThat(unsigned.statusCode()).isEqualTo(409);
        assertThat(Json.parseObject(unsigned.body()).path("error").path("refused").get(0).asText())
                .startsWith("world-1.0-1.noarch (file ").contains("is not signed with site");

        HttpResponse<String> failed = rawAs(admin(), "repositories/signed-dst/add",
                "{\"packages\":[\"tampered-1.0-1.noarch\"]}");
        assertThat(failed.statusCode()).isEqualTo(409);
        assertThat(Json.parseObject(failed.body()).path("error").path("refused").get(0).asText())
                .startsWith("tampered-1.0-1.noarch (file ").contains("is test failed")
                .contains("bad signature: not signed by a trusted key");

        var missing = catchThrowableOfType(BatonClientException.class, () -> get(admin, "repositories/nowhere"));
        assertThat(missing.status()).isEqualTo(404);
    }

    private static String admin() {
        return "admin:" + PASSWORD;
    }

    private static HttpResponse<String> raw(String path, String body) {
        return rawAs(managerAuth, path, body);
    }

    private static HttpResponse<String> rawAs(String auth, String path, String body) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/api/v3/" + path))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
