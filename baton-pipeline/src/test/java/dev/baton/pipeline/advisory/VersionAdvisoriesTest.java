package dev.baton.pipeline.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.repodata.UpdateinfoXml;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.pipeline.testing.ProcessRunner;
import dev.baton.pipeline.testing.RpmBuilder;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * updateinfo.xml for a repository version: the inclusion rule ({@link Advisories#forVersion}), what the one writer
 * ({@link UpdateinfoXml}) makes of an advisory, and the real dnf reading it.
 */
class VersionAdvisoriesTest {

    static final Instant ISSUED = Instant.parse("2026-01-10T12:00:00Z");

    @TempDir
    Path temp;

    @Test
    void aVersionPublishesTheAdvisoriesItHoldsAPackageOfListingOnlyThosePackages() {
        Nevra hello = Nevra.parse("hello-1.1-1.noarch");
        Nevra helloLibs = Nevra.parse("hello-libs-1.1-1.noarch");
        Nevra other = Nevra.parse("other-2.0-1.noarch");
        Advisory both = advisory("SITE-SA:2026:0001", hello, helloLibs);
        Advisory absent = advisory("SITE-SA:2026:0002", other);

        List<Advisory> published = Advisories.forVersion(List.of(both, absent), Map.of(hello, "aa".repeat(32)));

        assertThat(published).extracting(Advisory::id).containsExactly("SITE-SA:2026:0001");
        assertThat(published.get(0).packages()).extracting(AdvisoryPackage::nevra).containsExactly(hello);
        assertThat(published.get(0).packages().get(0).sha256()).isEqualTo("aa".repeat(32));
        assertThat(Advisories.forVersion(List.of(both, absent), Map.of())).isEmpty();
    }

    @Test
    void theDocumentHasUpdateinfosElementsAndEscapesText() throws Exception {
        Advisory a = new Advisory("SITE-SA:2026:0001", AdvisoryType.SECURITY, Severity.IMPORTANT, "final",
                "Important: <hello> & \"friends\"", "s\u0000\u001b[1m", "d ]]> </description>", ISSUED, ISSUED.plusSeconds(3600),
                "linux-team@example.org", List.of(AdvisoryReference.cve("CVE-2026-0001")),
                List.of(new AdvisoryPackage(Nevra.parse("hello-2:1.1-1.x86_64"), null, "bb".repeat(32), true)),
                AdvisoryOrigin.SITE, null);
        StringWriter out = new StringWriter();

        UpdateinfoXml.write(out, new VersionAdvisories("el9-production", List.of(a)).updateRecords());

        String xml = out.toString();
        assertThat(xml).contains("<update from=\"linux-team@example.org\" status=\"final\" type=\"security\" version=\"2.0\">",
                "<id>SITE-SA:2026:0001</id>", "<title>Important: &lt;hello&gt; &amp; \"friends\"</title>",
                "<issued date=\"2026-01-10 12:00:00\"", "<updated date=\"2026-01-10 13:00:00\"", "<severity>Important</severity>", "<summary>s[1m</summary>",
                "d ]]&gt; &lt;/description&gt;",
                "id=\"CVE-2026-0001\" type=\"cve\"", "<package name=\"hello\" epoch=\"2\" version=\"1.1\" release=\"1\" arch=\"x86_64\">",
                "<filename>hello-1.1-1.x86_64.rpm</filename>", "<sum type=\"sha256\">" + "bb".repeat(32) + "</sum>",
                "<reboot_suggested>True</reboot_suggested>");
    }

    /**
     * The real Debian dnf reads what {@link UpdateinfoXml} writes: a createrepo_c repository of rpmbuild packages with
     * the updateinfo added by modifyrepo_c, an installroot with the old version; dnf lists the advisory, shows its
     * title, severity and CVE, and installs the update by advisory id. An advisory for a hello the version does
     * not hold is left out: dnf would list it as needed, and its upgrade would do nothing.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void dnfListsShowsAndInstallsTheAdvisory() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("repo"));
        Path old = RpmBuilder.named("hello").version("1.0").release("1").build(repo);
        Path update = RpmBuilder.named("hello").version("1.1").release("1").build(repo);
        ProcessRunner.run(repo, Map.of(), List.of("createrepo_c", "--quiet", repo.toString()));
        Nevra hello11 = Nevra.parse("hello-1.1-1.noarch");
        Advisory advisory = new Advisory("SITE-SA:2026:0007", AdvisoryType.SECURITY, Severity.IMPORTANT, "final",
                "Important: hello security update", "Fixes a greeting.", "The greeting could be wrong.", ISSUED, null,
                "linux-team@example.org", List.of(AdvisoryReference.cve("CVE-2026-1234")),
                List.of(AdvisoryPackage.of(hello11), AdvisoryPackage.of(Nevra.parse("hello-docs-1.1-1.noarch"))),
                AdvisoryOrigin.SITE, null);
        Advisory notHeld = new Advisory("SITE-SA:2026:0008", AdvisoryType.SECURITY, Severity.CRITICAL, "final",
                "Critical: hello 1.2", null, null, ISSUED, null, null, List.of(),
                List.of(AdvisoryPackage.of(Nevra.parse("hello-1.2-1.noarch"))), AdvisoryOrigin.SITE, null);
        Path updateinfo = temp.resolve("updateinfo.xml");
        try (Writer out = Files.newBufferedWriter(updateinfo, StandardCharsets.UTF_8)) {
            UpdateinfoXml.write(out, new VersionAdvisories("site", Advisories.forVersion(List.of(advisory, notHeld),
                    Map.of(hello11, sha256(update)))).updateRecords());
        }
        ProcessRunner.run(temp, Map.of(), List.of("modifyrepo_c", "--mdtype=updateinfo", updateinfo.toString(),
                repo.resolve("repodata").toString()));
        Path root = Files.createDirectories(temp.resolve("root"));

        dnf(root, repo, "install", "hello-1.0-1");
        assertThat(ProcessRunner.run(null, Map.of(), List.of("rpm", "--root", root.toString(), "-q", "hello"))).contains("hello-1.0-1");

        assertThat(dnf(root, repo, "updateinfo", "list")).contains("SITE-SA:2026:0007").contains("Important/Sec.")
                .contains("hello-1.1-1.noarch").doesNotContain("SITE-SA:2026:0008").doesNotContain("hello-1.2-1");
        assertThat(dnf(root, repo, "updateinfo", "info", "SITE-SA:2026:0007"))
                .contains("Important: hello security update").contains("Severity: Important").contains("CVE-2026-1234");
        dnf(root, repo, "upgrade", "--advisory", "SITE-SA:2026:0007");
        assertThat(ProcessRunner.run(null, Map.of(), List.of("rpm", "--root", root.toString(), "-q", "hello"))).contains("hello-1.1-1");
        assertThat(old).exists();
    }

    private static String dnf(Path root, Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of("dnf", "-y", "--installroot=" + root, "--releasever=9",
                "--setopt=reposdir=" + root.resolve("no-repos.d"), "--setopt=cachedir=" + root.resolve("dnf-cache"),
                "--setopt=metadata_expire=0", "--setopt=install_weak_deps=0", "--disablerepo=*",
                "--repofrompath=site," + repo.toUri(), "--enablerepo=site", "--setopt=site.gpgcheck=0"));
        command.addAll(List.of(args));
        return ProcessRunner.run(null, Map.of(), command);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static Advisory advisory(String id, Nevra... packages) {
        return new Advisory(id, AdvisoryType.BUGFIX, null, null, "t", null, null, ISSUED, null, null, List.of(),
                List.of(packages).stream().map(AdvisoryPackage::of).toList(), AdvisoryOrigin.SITE, null);
    }
}
