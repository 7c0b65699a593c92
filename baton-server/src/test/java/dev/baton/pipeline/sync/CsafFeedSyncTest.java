package dev.baton.pipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.jobs.Job;
import dev.baton.jobs.JobState;
import dev.baton.pipeline.PipelineServices;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote's CSAF 2.0 advisories from a URL, against a real HTTP server on loopback that answers conditional requests
 * ({@code ETag}, {@code If-None-Match}: 304) and also acts as the remote's HTTP proxy: Red Hat's layout (an
 * {@code index.txt} of relative paths) and a single document; only new and changed documents are fetched again; bad
 * documents and unsafe index lines are refused, naming them, with nothing recorded from them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CsafFeedSyncTest {

    @TempDir
    static Path temp;
    static Path root;
    static HttpServer http;
    static final List<String> requests = new CopyOnWriteArrayList<>();
    static BatonServer server;
    static PipelineServices pipeline;
    static String advisory;

    @BeforeAll
    static void serversAndFiles() throws Exception {
        root = Files.createDirectories(temp.resolve("web"));
        Path repo = Files.createDirectories(root.resolve("repo"));
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
        try (InputStream in = CsafFeedSyncTest.class.getResourceAsStream("/csaf/rhsa-2026_0101.json")) {
            advisory = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path year = Files.createDirectories(root.resolve("csaf/2026"));
        Files.writeString(year.resolve("rhsa-2026_0101.json"), advisory);
        Files.writeString(year.resolve("rhsa-2026_0102.json"), advisory.replace("RHSA-2026:0101", "RHSA-2026:0102"));
        Files.writeString(year.resolve("broken.json"), advisory.substring(0, advisory.length() / 2));
        Files.writeString(root.resolve("csaf/index.txt"), """
                2026/rhsa-2026_0101.json
                2026/rhsa-2026_0102.json
                2026/broken.json
                ../../etc/passwd.json
                """);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", CsafFeedSyncTest::handle);
        http.start();
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(temp.resolve("data"), null)
                .withAdminPassword("test-password-1"));
        pipeline = server.pipeline();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    /** Files under {@code root} with an ETag of their sha256, 304 for a matching If-None-Match; every request logged. */
    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                requests.add(path + " 404");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            String etag = "\"" + sha256(bytes) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                requests.add(path + " 304");
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            requests.add(path + " 200 via " + exchange.getRequestURI().getHost());
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @Test
    void anIndexedFeedIsReadThroughTheProxyAndOnlyNewAndChangedDocumentsAreFetchedAgain() throws Exception {
        // Host names that do not resolve: only the remote's proxy (our server) can answer them.
        add("feed", "http://vendor.invalid/repo/", "http://csaf.invalid/csaf/");

        Job first = sync("feed");

        assertThat(first.state()).as(first.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(first.progress().message()).contains(
                "CSAF: 3 documents fetched (2 advisories recorded), 0 unchanged",
                "2 advisories not recorded (see the log), the first: http://csaf.invalid/csaf/index.txt line 4: "
                        + "\"../../etc/passwd.json\" ");
        assertThat(pipeline.advisories().get("RHSA-2026:0101").title()).contains("openssl");
        assertThat(pipeline.advisories().get("RHSA-2026:0102").origin().remote()).isEqualTo("feed");
        assertThat(requests).contains("/csaf/index.txt 200 via csaf.invalid", "/repo/repodata/repomd.xml 200 via vendor.invalid")
                .noneMatch(r -> r.contains("passwd"));

        // The vendor changes one document; the packages are unchanged.
        Files.writeString(root.resolve("csaf/2026/rhsa-2026_0102.json"), advisory.replace("RHSA-2026:0101", "RHSA-2026:0102")
                .replace("openssl security update", "openssl security update (revised)"));
        requests.clear();

        Job second = sync("feed");

        assertThat(second.state()).as(second.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(second.progress().message()).startsWith("unchanged, CSAF: 2 documents fetched (1 advisories recorded), "
                + "1 unchanged");
        assertThat(requests).contains("/csaf/2026/rhsa-2026_0101.json 304", "/csaf/2026/rhsa-2026_0102.json 200 via csaf.invalid",
                "/csaf/2026/broken.json 200 via csaf.invalid");
        assertThat(pipeline.advisories().get("RHSA-2026:0102").title()).contains("(revised)");
        assertThat(pipeline.advisories().get("RHSA-2026:0101").title()).doesNotContain("(revised)");
    }

    @Test
    void aSingleDocumentUrlIsReadAndAMissingIndexFailsOnlyTheAdvisories() throws Exception {
        add("single", "http://vendor.invalid/repo/", "http://csaf.invalid/csaf/2026/rhsa-2026_0101.json");
        Job single = sync("single");
        assertThat(single.state()).as(single.error()).isEqualTo(JobState.SUCCEEDED);
        assertThat(single.progress().message()).contains("CSAF: 1 documents fetched (1 advisories recorded), 0 unchanged")
                .doesNotContain("not recorded");

        add("noindex", "http://vendor.invalid/repo/", "http://csaf.invalid/nowhere/");
        Job noIndex = sync("noindex");
        assertThat(noIndex.state()).as("the packages of the sync stand").isEqualTo(JobState.SUCCEEDED);
        assertThat(noIndex.progress().message()).contains("the CSAF advisories of remote noindex "
                + "(http://csaf.invalid/nowhere/) cannot be read", "have no http://csaf.invalid/nowhere/index.txt (HTTP 404)");
    }

    private static void add(String name, String url, String advisories) {
        pipeline.remotes().add(new Remote(name, URI.create(url), "", false, null, null,
                URI.create("http://127.0.0.1:" + http.getAddress().getPort()), null, advisories, null, null), "admin");
    }

    private static Job sync(String remote) throws InterruptedException {
        Job job = pipeline.jobs().submit(RemoteSync.KIND, remote, "{}", "admin");
        return pipeline.jobs().await(job.id(), Duration.ofSeconds(120)).orElseThrow();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
