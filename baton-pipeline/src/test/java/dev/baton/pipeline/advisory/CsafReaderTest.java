package dev.baton.pipeline.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Red Hat CSAF 2.0 advisories read into upstream advisories; bad files refused naming the file and the field. */
class CsafReaderTest {

    @TempDir
    Path temp;

    @Test
    void anRhsaBecomesAnUpstreamAdvisoryWithItsFixedBinaryPackages() throws Exception {
        Advisory a = CsafReader.read(resource("csaf/rhsa-2026_0101.json"), "rhel9");

        assertThat(a.id()).isEqualTo("RHSA-2026:0101");
        assertThat(a.type()).isEqualTo(AdvisoryType.SECURITY);
        assertThat(a.severity()).isEqualTo(Severity.IMPORTANT);
        assertThat(a.title()).isEqualTo("Red Hat Security Advisory: openssl security update");
        assertThat(a.summary()).startsWith("An update for openssl is now available");
        assertThat(a.description()).startsWith("OpenSSL is a toolkit").contains("CVE-2026-0102");
        assertThat(a.issued()).isEqualTo(Instant.parse("2026-01-10T12:00:00Z"));
        assertThat(a.updated()).isEqualTo(Instant.parse("2026-01-11T08:30:00Z"));
        assertThat(a.from()).isEqualTo("https://www.redhat.com");
        assertThat(a.origin()).isEqualTo(AdvisoryOrigin.upstream("rhel9"));
        assertThat(a.references()).extracting(AdvisoryReference::id, AdvisoryReference::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RHSA-2026:0101", AdvisoryReference.Type.SELF),
                org.assertj.core.groups.Tuple.tuple("CVE-2026-0101", AdvisoryReference.Type.CVE),
                org.assertj.core.groups.Tuple.tuple("2300101", AdvisoryReference.Type.BUGZILLA),
                org.assertj.core.groups.Tuple.tuple("CVE-2026-0102", AdvisoryReference.Type.CVE),
                org.assertj.core.groups.Tuple.tuple("2300102", AdvisoryReference.Type.BUGZILLA));
        assertThat(a.references().get(0).href()).isEqualTo("https://access.redhat.com/errata/RHSA-2026:0101");
        // the source package is left out; openssl-libs, fixed by both CVEs, is listed once; its fix asks for a restart
        assertThat(a.packages()).extracting(p -> p.nevra().toString()).containsExactly(
                "openssl-1:3.0.7-18.el9.x86_64", "openssl-libs-1:3.0.7-18.el9.x86_64",
                "openssl-libs-1:3.0.7-18.el9.aarch64", "openssl-devel-1:3.0.7-18.el9.x86_64");
        assertThat(a.packages()).filteredOn(AdvisoryPackage::rebootSuggested).extracting(p -> p.nevra().name())
                .containsExactly("openssl-libs", "openssl-libs");
        assertThat(a.packages().get(0).filename()).isEqualTo("openssl-3.0.7-18.el9.x86_64.rpm");
    }

    @Test
    void badFilesAreRefusedNamingTheFileAndTheField() throws Exception {
        Path missingId = resource("csaf-bad/missing-id.json");
        assertThatThrownBy(() -> CsafReader.read(missingId, "rhel9")).isInstanceOf(CsafFormatException.class)
                .hasMessage(missingId + ": CSAF field document.tracking.id is missing");
        Path truncated = resource("csaf-bad/truncated.json");
        assertThatThrownBy(() -> CsafReader.read(truncated, "rhel9")).isInstanceOf(CsafFormatException.class)
                .hasMessageStartingWith(truncated + ": not valid JSON");

        String good = Files.readString(resource("csaf/rhsa-2026_0101.json"));
        assertRefused(good.replace("\"text\": \"Important\"", "\"text\": \"Severe\""),
                "doc.json: CSAF field document.aggregate_severity.text 'Severe' is not one of Critical, Important, Moderate, Low");
        assertRefused(good.replace("pkg:rpm/redhat/openssl-libs@3.0.7-18.el9?arch=x86_64&epoch=1", "pkg:rpm/redhat/openssl-libs"),
                "doc.json: CSAF field product_tree.branches[0].branches[2].branches[1].product.product_identification_helper.purl "
                        + "'pkg:rpm/redhat/openssl-libs' does not name a package");
        assertRefused(good.replace("\"initial_release_date\": \"2026-01-10T12:00:00+00:00\"", "\"initial_release_date\": \"yesterday\""),
                "doc.json: CSAF field document.tracking.initial_release_date 'yesterday' is not a date");
        assertRefused(good.replace("\"category\": \"csaf_security_advisory\"", "\"category\": \"csaf_vex\""),
                "doc.json: CSAF field document.category is csaf_vex");
        assertRefused(good.replace("\"fixed\"", "\"known_affected\""),
                "doc.json: CSAF field vulnerabilities[0].product_status.fixed is missing: which packages fix CVE-2026-0101");
        assertRefused("[1, 2]", "doc.json: not a CSAF document");
    }

    @Test
    void aDirectoryIsReadWholeAndABrokenFileIsReportedWithoutHoldingBackTheOthers() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("csaf/2026"));
        Files.copy(resource("csaf/rhsa-2026_0101.json"), dir.resolve("rhsa-2026_0101.json"));
        Files.copy(resource("csaf-bad/truncated.json"), dir.resolve("rhsa-2026_0102.json"));
        Files.writeString(temp.resolve("csaf/changes.csv"), "\"2026/rhsa-2026_0101.json\",\"2026-01-11T08:30:00+00:00\"\n");

        CsafSource.Batch batch = CsafSource.directory(temp.resolve("csaf"), "rhel9").read();

        assertThat(batch.advisories()).extracting(Advisory::id).containsExactly("RHSA-2026:0101");
        assertThat(batch.problems()).singleElement().asString().contains("rhsa-2026_0102.json: not valid JSON");
        assertThatThrownBy(() -> CsafSource.directory(temp.resolve("nowhere"), "rhel9").read())
                .hasMessageContaining("the CSAF directory " + temp.resolve("nowhere") + " of remote rhel9 is not a readable directory");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> CsafReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "doc.json", "rhel9"))
                .isInstanceOf(CsafFormatException.class).hasMessageStartingWith(message);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(CsafReaderTest.class.getClassLoader().getResource(name).toURI());
    }
}
