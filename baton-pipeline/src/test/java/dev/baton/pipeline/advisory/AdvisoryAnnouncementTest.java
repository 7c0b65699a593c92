package dev.baton.pipeline.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.notify.Notice;
import dev.baton.notify.NotificationKinds;
import dev.baton.pipeline.rpm.Nevra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The announcement of a published advisory: built-in and site templates, safe values, checked at start. */
class AdvisoryAnnouncementTest {

    static final Advisory ADVISORY = new Advisory("SITE-SA:2026:0001", AdvisoryType.SECURITY, Severity.IMPORTANT, "final",
            "Important: \"openssl\" security update", "Fixes two flaws.", "Details, line 1.\nLine 2.",
            Instant.parse("2026-01-10T12:00:00Z"), null, "linux-team@example.org",
            List.of(new AdvisoryReference("https://access.redhat.com/errata/RHSA-2026:0101", "RHSA-2026:0101",
                    AdvisoryReference.Type.SELF, "RHSA-2026:0101"), AdvisoryReference.cve("CVE-2026-0101"),
                    AdvisoryReference.cve("CVE-2026-0102")),
            List.of(new AdvisoryPackage(Nevra.parse("openssl-1:3.0.7-18.el9.site.x86_64"), null, null, false),
                    new AdvisoryPackage(Nevra.parse("openssl-libs-1:3.0.7-18.el9.site.x86_64"), null, null, true)),
            AdvisoryOrigin.SITE, "RHSA-2026:0101");

    @TempDir
    Path temp;

    @Test
    void theBuiltInTemplatesRenderMailAndWebhookJson() throws Exception {
        AdvisoryAnnouncement.Rendered r = AdvisoryAnnouncement.load(null).render(ADVISORY, "el9-production");

        assertThat(r.subject()).isEqualTo("[el9-production] SITE-SA:2026:0001 (Important): Important: \"openssl\" security update");
        assertThat(r.body()).contains("SITE-SA:2026:0001: Important: \"openssl\" security update", "Severity:   Important",
                "Derived from: RHSA-2026:0101", "Details, line 1.\nLine 2.", "  openssl-1:3.0.7-18.el9.site.x86_64\n",
                "  openssl-libs-1:3.0.7-18.el9.site.x86_64\n", "CVEs:\n  CVE-2026-0101", "dnf upgrade --advisory SITE-SA:2026:0001");
        JsonNode json = new ObjectMapper().readTree(r.webhookJson());
        assertThat(json.path("kind").asText()).isEqualTo("advisory.published");
        assertThat(json.at("/advisory/title").asText()).isEqualTo("Important: \"openssl\" security update");
        assertThat(json.at("/advisory/severity").asText()).isEqualTo("Important");
        assertThat(json.at("/advisory/cves").toString()).isEqualTo("[\"CVE-2026-0101\",\"CVE-2026-0102\"]");
        assertThat(json.at("/advisory/packages/1/nevra").asText()).isEqualTo("openssl-libs-1:3.0.7-18.el9.site.x86_64");
        assertThat(json.at("/advisory/packages/1/reboot_suggested").asBoolean()).isTrue();

        Advisory bugfix = new Advisory("SITE-SA:2026:0002", AdvisoryType.BUGFIX, null, null, "fix", null, null,
                Instant.parse("2026-01-10T12:00:00Z"), null, null, List.of(), ADVISORY.packages(), AdvisoryOrigin.SITE, null);
        AdvisoryAnnouncement.Rendered plain = AdvisoryAnnouncement.load(null).render(bugfix, "el9");
        assertThat(plain.subject()).isEqualTo("[el9] SITE-SA:2026:0002: fix");
        assertThat(plain.body()).doesNotContain("Severity", "CVEs", "Derived");
        JsonNode bugfixJson = new ObjectMapper().readTree(plain.webhookJson());
        assertThat(bugfixJson.at("/advisory/severity").isNull()).isTrue();
        assertThat(bugfixJson.at("/advisory/cves").size()).isZero();
    }

    @Test
    void aSiteTemplateReplacesItsDefaultAndValuesCannotBreakTheJson() throws Exception {
        Files.writeString(temp.resolve(AdvisoryAnnouncement.SUBJECT), "New advisory {{id}} for {{repository}}\n");
        Files.writeString(temp.resolve(AdvisoryAnnouncement.WEBHOOK),
                "{\"text\": \"{{title}}: {{#packages}}{{name}}{{^last}} {{/last}}{{/packages}}\"}");
        AdvisoryAnnouncement a = AdvisoryAnnouncement.load(temp);
        Advisory nasty = new Advisory("SITE-SA:2026:0003", AdvisoryType.SECURITY, Severity.LOW, null,
                "\"}, \"admin\": true, \"x\": {{id}} \\ \n", null, null, Instant.parse("2026-01-10T12:00:00Z"), null, null,
                List.of(), ADVISORY.packages(), AdvisoryOrigin.SITE, null);

        AdvisoryAnnouncement.Rendered r = a.render(nasty, "el9");

        assertThat(r.subject()).isEqualTo("New advisory SITE-SA:2026:0003 for el9");
        assertThat(r.body()).contains("Severity:   Low"); // the built-in body stays
        JsonNode json = new ObjectMapper().readTree(r.webhookJson());
        assertThat(json.size()).isEqualTo(1);
        assertThat(json.path("text").asText()).isEqualTo("\"}, \"admin\": true, \"x\": {{id}} \\ \n: openssl openssl-libs");
    }

    @Test
    void aWrongTemplateFailsAtStartNamingTheFileAndLine() throws Exception {
        Path subject = Files.writeString(temp.resolve(AdvisoryAnnouncement.SUBJECT), "{{id}}\n{{titel}}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(subject + " line 2: unknown name '{{titel}}'; known: ");
        Files.writeString(subject, "{{#packages}}{{nevra}}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).hasMessage(subject + ": section '{{#packages}}' is not closed");
        Files.writeString(subject, "{{#packages}}{{nevra}}{{/cves}}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).hasMessageContaining("'{{/cves}}' closes section 'packages'");
        Files.writeString(subject, "{{id");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).hasMessageContaining("line 1: '{{' is not closed");
        Files.delete(subject);
        Path webhook = Files.writeString(temp.resolve(AdvisoryAnnouncement.WEBHOOK), "{\"id\": {{id}}}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(webhook + " does not render JSON for an advisory with 1 package, 1 CVE")
                .hasMessageContaining("quote each {{name}}");
    }

    @Test
    void aWebhookTemplateThatIsNotJsonForSomeAdvisoryIsRefusedAtLoadNamingTheFile() throws Exception {
        Path webhook = temp.resolve(AdvisoryAnnouncement.WEBHOOK);
        // JSON for an advisory with one CVE, not for one with two (no separator between the items).
        Files.writeString(webhook, "{\"cves\": [{{#cves}}\"{{id}}\"{{/cves}}]}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(webhook + " does not render JSON for an advisory with 3 packages, 2 CVEs")
                .hasMessageContaining("fix the template");
        // JSON for an advisory with packages, not for one without.
        Files.writeString(webhook, "{\"first\": {{#packages}}{{#first}}\"{{nevra}}\"{{/first}}{{/packages}}}");
        assertThatThrownBy(() -> AdvisoryAnnouncement.load(temp)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(webhook + " does not render JSON for an advisory with no packages, no CVEs");
        // Separators and optional values done right: loads.
        Files.writeString(webhook, "{\"cves\": [{{#cves}}\"{{id}}\"{{^last}},{{/last}}{{/cves}}], \"severity\": "
                + "{{#severity}}\"{{severity}}\"{{/severity}}{{^severity}}null{{/severity}}}");
        assertThat(AdvisoryAnnouncement.load(temp).render(ADVISORY, "el9").webhookJson()).startsWith("{\"cves\": [\"");
    }

    @Test
    void theNoticeCarriesTheMailAndItsKindIsRegistered() {
        NotificationKinds kinds = NotificationKinds.standard();
        AdvisoryAnnouncement.registerKind(kinds);
        assertThat(kinds.known(AdvisoryAnnouncement.KIND)).isTrue();

        Notice n = AdvisoryAnnouncement.load(null).notice(ADVISORY, "el9-production", Instant.parse("2026-12-06T10:00:00Z"));

        assertThat(n.kind()).isEqualTo("advisory.published");
        assertThat(n.subject()).isEqualTo("el9-production");
        assertThat(n.title()).startsWith("[el9-production] SITE-SA:2026:0001");
        assertThat(n.body()).contains("dnf upgrade --advisory SITE-SA:2026:0001");
        assertThat(n.dedupeKey()).isEqualTo("advisory.published:el9-production:SITE-SA:2026:0001");
        assertThat(n.webhookBody()).as("what web hooks post").isEqualTo(AdvisoryAnnouncement.load(null)
                .render(ADVISORY, "el9-production").webhookJson());
    }
}
