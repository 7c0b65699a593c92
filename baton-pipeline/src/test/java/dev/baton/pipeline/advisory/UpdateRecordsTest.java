package dev.baton.pipeline.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.repodata.UpdateRecord;
import dev.baton.pipeline.repodata.UpdateinfoReader;
import dev.baton.pipeline.repodata.UpdateinfoXml;
import dev.baton.pipeline.rpm.Nevra;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Repodata's UpdateRecord and Advisory map onto each other; what this package writes, repodata's reader reads back. */
class UpdateRecordsTest {

    static final Advisory ADVISORY = new Advisory("RHSA-2026:0101", AdvisoryType.SECURITY, Severity.IMPORTANT, "final",
            "Important: openssl security update", "Fixes <two> flaws.", "Details & more.",
            Instant.parse("2026-01-10T12:00:00Z"), Instant.parse("2026-01-11T08:30:00Z"), "secalert@redhat.com",
            List.of(new AdvisoryReference("https://access.redhat.com/errata/RHSA-2026:0101", "RHSA-2026:0101",
                    AdvisoryReference.Type.SELF, "RHSA-2026:0101"), AdvisoryReference.cve("CVE-2026-0101"),
                    new AdvisoryReference("https://bugzilla.redhat.com/2300101", "2300101", AdvisoryReference.Type.BUGZILLA, "bz")),
            List.of(new AdvisoryPackage(Nevra.parse("openssl-1:3.0.7-18.el9.x86_64"), null, "ab".repeat(32), true),
                    AdvisoryPackage.of(Nevra.parse("openssl-libs-1:3.0.7-18.el9.x86_64"))),
            AdvisoryOrigin.upstream("rhel9"), null);

    @Test
    void anAdvisoryWrittenAsUpdateinfoIsReadBackByRepodataAsTheSameAdvisory() throws Exception {
        StringWriter xml = new StringWriter();
        UpdateinfoXml.write(xml, new VersionAdvisories("rhel9", List.of(ADVISORY)).updateRecords());
        List<UpdateRecord> records = new ArrayList<>();

        UpdateinfoReader.read(new ByteArrayInputStream(xml.toString().getBytes(StandardCharsets.UTF_8)), records::add);

        assertThat(records).hasSize(1);
        assertThat(UpdateRecords.toAdvisory(records.get(0), "rhel9")).isEqualTo(ADVISORY);
        assertThat(UpdateRecords.toAdvisory(UpdateRecords.toUpdateRecord(ADVISORY), "rhel9")).isEqualTo(ADVISORY);
    }

    @Test
    void upstreamQuirksAreReadAndWrongValuesNamed() {
        UpdateRecord epochSeconds = new UpdateRecord("FEDORA-EPEL-2026-1", "bugfix", "None", "stable", "epel@fedoraproject.org",
                "t", "1767960000", null, null, null, List.of(new UpdateRecord.Reference(null, "1", "jira", null)), List.of());
        Advisory a = UpdateRecords.toAdvisory(epochSeconds, "epel");
        assertThat(a.issued()).isEqualTo(Instant.ofEpochSecond(1767960000));
        assertThat(a.updated()).isEqualTo(a.issued());
        assertThat(a.severity()).isNull();
        assertThat(a.references().get(0).type()).isEqualTo(AdvisoryReference.Type.OTHER);

        UpdateRecord badSeverity = new UpdateRecord("X-1", "security", "Urgent", null, null, "t", "2026-01-10 12:00:00",
                null, null, null, List.of(), List.of());
        assertThatThrownBy(() -> UpdateRecords.toAdvisory(badSeverity, "up")).isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("updateinfo advisory X-1 of remote up: advisory severity must be one of");
        UpdateRecord noDate = new UpdateRecord("X-2", "security", null, null, null, "t", null, null, null, null,
                List.of(), List.of());
        assertThatThrownBy(() -> UpdateRecords.toAdvisory(noDate, "up")).hasMessageContaining("X-2 of remote up: advisory issued date is missing");
    }
}
