package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton advisory ...} against a real server process started with {@code --advisory-prefix CLI-SA}: create
 * prints the new id (and the advisory with {@code --json}), list and show find it; CSAF files are imported from a
 * directory with a bad file named; derive is refused naming every package without a site rebuild; mistakes are one
 * line with exit code 1 or 2.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AdvisoryCliProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    @Test
    void advisoriesFromTheCommandLine() throws Exception {
        String year = String.valueOf(Year.now(ZoneOffset.UTC).getValue());
        try (ServerProcess server = ServerProcess.embedded(tmp.resolve("data"), "--advisory-prefix", "CLI-SA",
                "--advisory-from", "linux-team@example.org").start();
             CliHost cli = new CliHost(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD))) {
            String url = server.url().toString();
            // the CLI host's first command also prints logback's start-up status (its class path has several
            // logback-test.xml), so the first output parsed as JSON is the second command's
            assertThat(run(cli, url, "advisory", "list").exit()).isZero();
            Path description = Files.writeString(tmp.resolve("description.txt"), "The greeting could be wrong.\n");

            var created = run(cli, url, "advisory", "create", "--type", "security", "--severity", "Important", "--title",
                    "Important: hello security update", "--cve", "CVE-2026-1234", "--reference", "https://bugs.example.org/7",
                    "--description-file", description.toString(), "--package", "hello-1.1-1.noarch", "--reboot-suggested", "--json");
            assertThat(created.exit()).as("%s", created).isZero();
            JsonNode advisory = JSON.readTree(created.out());
            assertThat(advisory.path("id").asText()).isEqualTo("CLI-SA:" + year + ":0001");
            assertThat(advisory.path("description").asText()).isEqualTo("The greeting could be wrong.\n");
            var plain = run(cli, url, "advisory", "create", "--type", "bugfix", "--title", "hello docs", "--package",
                    "hello-docs-1.1-1.noarch");
            assertThat(plain.out().strip()).isEqualTo("CLI-SA:" + year + ":0002");

            var listed = run(cli, url, "advisory", "list");
            assertThat(listed.out()).contains("CLI-SA:" + year + ":0001", "security", "Important", "site",
                    "Important: hello security update", "CLI-SA:" + year + ":0002");
            assertThat(JSON.readTree(run(cli, url, "advisory", "list", "--type", "bugfix", "--json").out())
                    .path("advisories")).hasSize(1);
            var shown = run(cli, url, "advisory", "show", "CLI-SA:" + year + ":0001");
            assertThat(shown.out()).contains("Important: hello security update", "from linux-team@example.org",
                    "reference cve CVE-2026-1234", "https://bugs.example.org/7", "package hello-1.1-1.noarch (reboot suggested)");

            Path csaf = Files.createDirectories(tmp.resolve("csaf/2026"));
            Files.copy(Path.of("..", "baton-pipeline", "src", "test", "resources", "csaf", "rhsa-2026_0101.json"),
                    csaf.resolve("rhsa-2026_0101.json"));
            Files.writeString(csaf.resolve("rhsa-2026_0199.json"), "{\"document\": {\"category\": \"csaf_security_advisory\"");
            var imported = run(cli, url, "advisory", "import-csaf", tmp.resolve("csaf").toString(), "--remote", "rhel9");
            assertThat(imported.exit()).as("%s", imported).isEqualTo(1);
            assertThat(imported.out()).contains("imported RHSA-2026:0101", "imported 1 of 2 CSAF files");
            assertThat(imported.err()).contains("rhsa-2026_0199.json: not valid JSON").doesNotContain("Exception");
            assertThat(run(cli, url, "advisory", "list", "--origin", "rhel9").out()).contains("RHSA-2026:0101", "upstream from rhel9");

            var derive = run(cli, url, "advisory", "derive", "RHSA-2026:0101", "--release-suffix", ".site");
            assertThat(derive.exit()).as("%s", derive).isEqualTo(1);
            assertThat(derive.err()).contains("no site rebuild of", "openssl-1:3.0.7-18.el9.x86_64",
                    "openssl-libs-1:3.0.7-18.el9.x86_64").doesNotContain("Exception");
            assertThat(JSON.readTree(run(cli, url, "advisory", "list", "--origin", "site", "--json").out())
                    .path("advisories")).as("nothing created").hasSize(2);

            var badSeverity = run(cli, url, "advisory", "create", "--type", "security", "--severity", "Severe", "--title",
                    "t", "--package", "hello-1.2-1.noarch");
            assertThat(badSeverity.exit()).isEqualTo(1);
            assertThat(badSeverity.err()).contains("advisory severity must be one of Critical, Important, Moderate, Low");
            var noPackage = run(cli, url, "advisory", "create", "--type", "security", "--title", "t");
            assertThat(noPackage.exit()).isEqualTo(2);
            assertThat(noPackage.err()).contains("--package");
            var missing = run(cli, url, "advisory", "show", "CLI-SA:1999:0001");
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("no advisory has the id 'CLI-SA:1999:0001'");
        }
    }

    private static ChildJvm.Result run(CliHost cli, String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--server");
        all.add(url);
        return cli.run(CLI_TIMEOUT, all.toArray(String[]::new));
    }
}
