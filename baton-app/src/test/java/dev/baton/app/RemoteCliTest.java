package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.pipeline.sync.UpstreamServer;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton remote add|list|show|sync|remove} against a real server mirroring a real upstream (rpmbuild, rpmsign,
 * createrepo_c, gpg, served on loopback): sync waits and exits 0 with plain progress lines; a sync that fails exits
 * 1 with its error; bad keys are refused with a clear one-liner; every command answers --json.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RemoteCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void addSyncShowListAndRemoveFromTheCommandLine() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("upstream"));
        Path repo = Files.createDirectories(root.resolve("vendor"));
        try (GpgHome gpg = GpgHome.create();
             UpstreamServer upstream = new UpstreamServer(root);
             BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0)
                     .withStore(tmp.resolve("data"), null).withAdminPassword(ServerProcess.ADMIN_PASSWORD));
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String keyId = gpg.generateKey(GpgHome.Algorithm.EDDSA, "Vendor <vendor@example.com>");
            Path key = tmp.resolve("vendor.asc");
            Files.writeString(key, gpg.exportPublic(keyId));
            gpg.rpmSign(RpmBuilder.named("hello").build(repo), keyId);
            RpmBuilder.named("unsigned").build(repo);
            ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", "."));
            gpg.detachSign(repo.resolve("repodata/repomd.xml"), keyId);
            String url = "http://127.0.0.1:" + server.port();

            assertThat(cli.run(CLI_TIMEOUT, args(url, "remote", "list")).exit()).as("the CLI's JVM is up").isZero();
            var added = cli.run(CLI_TIMEOUT, args(url, "remote", "add", "vendor", upstream.url("vendor"), "--key", key.toString(),
                    "--repo-gpgcheck", "--sync-every", "6h", "--json"));
            assertThat(added.exit()).as("%s", added).isZero();
            assertThat(JSON.readTree(added.out()).path("sync_interval").asText()).isEqualTo("PT6H");

            var synced = cli.run(CLI_TIMEOUT, args(url, "remote", "sync", "vendor", "--poll", "50"));
            assertThat(synced.exit()).as("%s", synced).isZero();
            assertThat(synced.out()).contains("remote-sync vendor: succeeded, 2/2 packages, ok: 2 packages listed, 2 fetched, 1 test failed")
                    .doesNotContain("\r", "[#");

            var shown = cli.run(CLI_TIMEOUT, args(url, "remote", "show", "vendor"));
            assertThat(shown.out()).contains("vendor: " + upstream.url("vendor"), "repo gpgcheck: true", "sync interval: PT6H",
                    "last sync: ok: 2 packages listed");
            var listed = cli.run(CLI_TIMEOUT, args(url, "remote", "list"));
            assertThat(listed.out()).contains("NAME", "LAST SYNC", "vendor", upstream.url("vendor"));
            JsonNode listedJson = JSON.readTree(cli.run(CLI_TIMEOUT, args(url, "remote", "list", "--json")).out());
            assertThat(listedJson.path("remotes").get(0).path("last_sync").path("failed").asLong()).isEqualTo(1);

            var again = cli.run(CLI_TIMEOUT, args(url, "remote", "sync", "vendor", "--json"));
            assertThat(again.exit()).isZero();
            assertThat(JSON.readTree(again.out()).path("progress").path("message").asText()).isEqualTo("unchanged");
            var submitted = cli.run(CLI_TIMEOUT, args(url, "remote", "sync", "vendor", "--no-wait", "--json"));
            assertThat(submitted.exit()).isZero();
            assertThat(JSON.readTree(submitted.out()).path("kind").asText()).isEqualTo("remote-sync");

            Files.writeString(tmp.resolve("bad.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbad\n-----END PGP PUBLIC KEY BLOCK-----\n");
            var badKey = cli.run(CLI_TIMEOUT, args(url, "remote", "add", "bad", upstream.url("vendor"), "--key",
                    tmp.resolve("bad.asc").toString()));
            assertThat(badKey.exit()).isEqualTo(1);
            assertThat(badKey.err()).contains("trusted keys cannot be read");
            ChildJvm.assertNoStackTrace(badKey);

            assertThat(cli.run(CLI_TIMEOUT, args(url, "remote", "add", "nowhere", upstream.url("nowhere"))).exit()).isZero();
            var failed = cli.run(CLI_TIMEOUT, args(url, "remote", "sync", "nowhere"));
            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.out()).contains("nowhere: failed, ", "repomd.xml does not exist (HTTP 404)");

            var removed = cli.run(CLI_TIMEOUT, args(url, "remote", "remove", "nowhere"));
            assertThat(removed.exit()).isZero();
            var gone = cli.run(CLI_TIMEOUT, args(url, "remote", "show", "nowhere"));
            assertThat(gone.exit()).isEqualTo(1);
            assertThat(gone.err()).contains("no remote named 'nowhere'");
        }
    }

    private static String[] args(String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return all.toArray(String[]::new);
    }
}
