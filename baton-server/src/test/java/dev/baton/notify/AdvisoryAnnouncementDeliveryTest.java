package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.baton.channels.Channels;
import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.AdvisoryAnnouncement;
import dev.baton.pipeline.advisory.AdvisoryOrigin;
import dev.baton.pipeline.advisory.AdvisoryPackage;
import dev.baton.pipeline.advisory.AdvisoryReference;
import dev.baton.pipeline.advisory.AdvisoryType;
import dev.baton.pipeline.advisory.Severity;
import dev.baton.pipeline.rpm.Nevra;
import dev.baton.store.Database;
import dev.baton.store.SqlNotifyStore;
import dev.baton.store.TestClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A rule subscribed to advisory.published mails the rendered announcement (GreenMail, the real email channel). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdvisoryAnnouncementDeliveryTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    @TempDir
    Path temp;

    @Test
    void aRuleSubscribedToPublishedAdvisoriesReceivesTheRenderedMail() throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            NotificationKinds kinds = NotificationKinds.standard();
            AdvisoryAnnouncement.registerKind(kinds);
            Notifier notifier = new Notifier(new SqlNotifyStore(db), new Channels(), kinds, NotifierSettings.DEFAULTS,
                    TestClock.fixed());
            Channel mail = notifier.addChannel(new Channel(0, "security-mail", new ChannelConfig.Email("127.0.0.1",
                    smtp.getSmtp().getPort(), false, null, Secret.NONE, "baton@example.com", List.of("security@example.com"))));
            notifier.addRule(new Rule(0, Set.of(AdvisoryAnnouncement.KIND), List.of("el9-production"), mail.id(),
                    Frequency.IMMEDIATELY));
            Advisory advisory = new Advisory("SITE-SA:2026:0001", AdvisoryType.SECURITY, Severity.IMPORTANT, "final",
                    "Important: openssl security update", "Fixes two flaws.", null, Instant.parse("2026-01-10T12:00:00Z"),
                    null, "linux-team@example.org", List.of(AdvisoryReference.cve("CVE-2026-0101")),
                    List.of(AdvisoryPackage.of(Nevra.parse("openssl-1:3.0.7-18.el9.site.x86_64"))), AdvisoryOrigin.SITE, null);
            AdvisoryAnnouncement announcement = AdvisoryAnnouncement.load(null);

            notifier.publish(announcement.notice(advisory, "el9-production", TestClock.START));
            notifier.publish(announcement.notice(advisory, "el9-testing", TestClock.START)); // out of the rule's scope
            notifier.sendDue();

            var mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(1);
            assertThat(mails[0].getSubject()).contains("[el9-production] SITE-SA:2026:0001 (Important): Important: openssl security update");
            assertThat(GreenMailUtil.getBody(mails[0])).contains("openssl-1:3.0.7-18.el9.site.x86_64", "CVE-2026-0101",
                    "dnf upgrade --advisory SITE-SA:2026:0001");
        }
    }
}
