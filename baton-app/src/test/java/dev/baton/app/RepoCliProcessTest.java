package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.pipeline.testing.GpgHome;
import dev.baton.pipeline.testing.RpmBuilder;
import dev.baton.web.pipeline.PipelineSeed;
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
 * The walk-through's {@code baton repo} and {@code baton package} commands against a real server process over a
 * data directory a sync would have left ({@link PipelineSeed}): create signed testing and production repositories,
 * add the remote's checked packages (signed copies), see a test-failed package's life, promote (refused until
 * tested, naming the package), mark tested, promote, versions, diff, rollback, and --json everywhere.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RepoCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void theWalkThroughsRepositoryCommands() throws Exception {
        Path data = tmp.resolve("data");
        PipelineSeed.seed(data);
        try (ServerProcess server = ServerProcess.embedded(data).start();
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = server.url().toString();

            var testing = run(cli, url, "repo", "create", "el-testing", "--sign-with", "site");
            assertThat(testing.exit()).as("%s", testing).isZero();
            assertThat(testing.out()).contains("created repository el-testing (signed with site)");
            var production = run(cli, url, "repo", "create", "el-production", "--sign-with", "site", "--requires-tested",
                    "--production", "--json");
            assertThat(JSON.readTree(production.out()).path("production").asBoolean()).as("%s", production).isTrue();

            var added = run(cli, url, "repo", "add", "el-testing", "--from", "upstream");
            assertThat(added.exit()).as("%s", added).isZero();
            assertThat(added.out()).contains("el-testing version 2 (3 packages): 3 added, 0 removed",
                    "+ hello-1.0-1.noarch signed_copy", "+ world-1.0-1.noarch signed_copy");

            JsonNode tampered = JSON.readTree(run(cli, url, "package", "show", "tampered-1.0-1.noarch", "--json").out());
            assertThat(tampered.path("states").get(0).path("state").asText()).isEqualTo("TEST_FAILED");
            assertThat(tampered.path("events").get(0).path("reason").asText()).contains("bad signature");

            var untested = run(cli, url, "repo", "promote", "el-testing", "el-production", "--package", "hello-1.0-1.noarch");
            assertThat(untested.exit()).as("%s", untested).isEqualTo(1);
            assertThat(untested.err()).contains("hello-1.0-1.noarch", "requires tested packages");

            // No --repository: the one testing repository holding it (el-production, which does not, is production).
            var marked = run(cli, url, "package", "mark-tested", "hello-1.0-1.noarch", "--comment", "runs on 40 hosts");
            assertThat(marked.out()).as("%s", marked).contains("hello-1.0-1.noarch is TESTED in el-testing");
            var promoted = run(cli, url, "repo", "promote", "el-testing", "el-production", "--package", "hello");
            assertThat(promoted.exit()).as("%s", promoted).isEqualTo(1); // by name: the newest, hello-1.1, is untested
            promoted = run(cli, url, "repo", "promote", "el-testing", "el-production", "--package", "hello-1.0-1.noarch");
            assertThat(promoted.out()).as("%s", promoted).contains("el-production version 2 (1 packages)",
                    "+ hello-1.0-1.noarch signed_copy");

            var life = run(cli, url, "package", "show", "hello-1.0-1.noarch");
            assertThat(life.out()).contains("in el-production: GOOD", "TESTED by admin: runs on 40 hosts");
            assertThat(run(cli, url, "package", "list", "--repository", "el-production").out()).contains("hello-1.0-1.noarch");
            assertThat(run(cli, url, "repo", "versions", "el-production").out()).contains("VERSION", "promoted from el-testing");
            assertThat(run(cli, url, "repo", "diff", "el-production", "1", "2").out()).contains("+ hello-1.0-1.noarch");
            var rolledBack = run(cli, url, "repo", "rollback", "el-production", "1", "--reason", "bad release");
            assertThat(rolledBack.out()).as("%s", rolledBack).contains("el-production version 3 (0 packages) equals version 1");
            JsonNode shown = JSON.readTree(run(cli, url, "repo", "show", "el-production", "--json").out());
            assertThat(shown.path("latest_version").path("reason").asText()).isEqualTo("rollback to version 1: bad release");
            assertThat(run(cli, url, "repo", "list").out()).contains("el-testing", "el-production");

            var publish = run(cli, url, "repo", "publish", "el-testing", "--timeout", "1");
            assertThat(publish.out()).as("%s", publish).contains("publish el-testing (job ");
            // An unsigned repository publishes without the signing passphrase this server lacks: the job says what it did.
            assertThat(run(cli, url, "repo", "create", "plain").exit()).isZero();
            assertThat(run(cli, url, "repo", "add", "plain", "--package", "hello-1.0-1.noarch").exit()).isZero();
            var ambiguous = run(cli, url, "package", "mark-tested", "hello-1.0-1.noarch");
            assertThat(ambiguous.exit()).as("%s", ambiguous).isEqualTo(1);
            assertThat(ambiguous.err()).contains("hello-1.0-1.noarch is in several testing repositories (el-testing, plain)",
                    "--repository");
            var nowhere = run(cli, url, "package", "mark-tested", "tampered-1.0-1.noarch");
            assertThat(nowhere.exit()).as("%s", nowhere).isEqualTo(1);
            assertThat(nowhere.err()).contains("no testing repository holds tampered-1.0-1.noarch");
            var published = run(cli, url, "repo", "publish", "plain");
            assertThat(published.exit()).as("%s", published).isZero();
            assertThat(published.out()).as("%s", published).contains("): succeeded, published version 2 of plain: 1 packages, "
                    + "0 advisories, unsigned").doesNotContain("null");

            var unknown = run(cli, url, "repo", "show", "nowhere");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("no repository named nowhere");
        }
    }

    /**
     * {@code repo add --file}: a package built here is uploaded and added; one signed by a key that is not the
     * site's fails its checks, and then nothing is added (exit 1, naming the file and why); a file that is not a
     * package, or is missing, is refused plainly.
     */
    @Test
    void repoAddFileUploadsCheckedPackagesAndAddsNothingWhenOneFails() throws Exception {
        Path data = tmp.resolve("data");
        PipelineSeed.seed(data);
        Path built = RpmBuilder.named("local-tool").build(tmp.resolve("rpms"));
        Path foreign = RpmBuilder.named("foreign-tool").build(tmp.resolve("rpms"));
        try (GpgHome gpg = GpgHome.create()) {
            gpg.rpmSign(foreign, gpg.generateKey(GpgHome.Algorithm.EDDSA, "Not The Site <x@example.com>"));
        }
        Path garbage = java.nio.file.Files.writeString(tmp.resolve("notes.rpm"), "not a package");
        try (ServerProcess server = ServerProcess.embedded(data).start();
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = server.url().toString();
            assertThat(run(cli, url, "repo", "create", "local").exit()).isZero();

            var refused = run(cli, url, "repo", "add", "local", "--file", built.toString(), "--file", foreign.toString());
            assertThat(refused.exit()).as("%s", refused).isEqualTo(1);
            assertThat(refused.err()).contains(foreign + ": foreign-tool-1.0-1.noarch failed its checks: unknown key",
                    "nothing was added to local");
            assertThat(JSON.readTree(run(cli, url, "repo", "show", "local", "--json").out()).path("package_count").asInt())
                    .isZero();

            var added = run(cli, url, "repo", "add", "local", "--file", built.toString(), "--json");
            assertThat(added.exit()).as("%s", added).isZero();
            JsonNode change = JSON.readTree(added.out());
            assertThat(change.path("added").get(0).path("nevra").asText()).isEqualTo("local-tool-1.0-1.noarch");
            assertThat(change.path("uploaded").get(0).path("state").asText()).isEqualTo("WAITING");
            assertThat(run(cli, url, "package", "show", "local-tool-1.0-1.noarch").out())
                    .contains("uploaded by admin as local-tool-1.0-1.noarch.rpm");

            var notRpm = run(cli, url, "repo", "add", "local", "--file", garbage.toString());
            assertThat(notRpm.exit()).isEqualTo(1);
            assertThat(notRpm.err()).contains("notes.rpm is not an RPM package", "nothing was stored");
            ChildJvm.assertNoStackTrace(notRpm);
            var missing = run(cli, url, "repo", "add", "local", "--file", tmp.resolve("none.rpm").toString());
            assertThat(missing.exit()).isEqualTo(2);
            assertThat(missing.err()).contains("cannot read " + tmp.resolve("none.rpm"));
        }
    }

    private static ChildJvm.Result run(CliHost cli, String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return cli.run(CLI_TIMEOUT, all.toArray(String[]::new));
    }
}
