package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.baton.channels.Channels;
import dev.baton.channels.WebhookReceiver;
import dev.baton.progress.ProgressService;
import dev.baton.store.Database;
import dev.baton.store.SqlNoticeSources;
import dev.baton.store.SqlNotifyStore;
import dev.baton.store.SqlReportStore;
import dev.baton.store.TestClock;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier over the real stores (SQLite and PostgreSQL) and the real transports (GreenMail, an HTTP receiver
 * that checks signatures): each occurrence is stored and sent once, a digest gathers its period's notices into one
 * message, a failing send is retried with backoff and ends as a dead letter that can be retried, and two notifiers
 * sharing one PostgreSQL send each message once, a claimed one only after its lease.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NotifierTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static final String SECRET = "webhook-signing-secret-0123456789";
    private static final NotifierSettings SETTINGS = NotifierSettings.DEFAULTS
            .withRetry(Duration.ofMinutes(1), Duration.ofMinutes(10), 3);

    @TempDir
    Path temp;

    private final TestClock clock = TestClock.fixed();

    interface StoreTest {
        void run(Database db) throws Exception;
    }

    private void onBothStores(StoreTest test) throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            test.run(db);
        }
        purgeMail();
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            test.run(db);
        }
    }

    private static void purgeMail() {
        try {
            smtp.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Notifier notifier(Database db) {
        return new Notifier(new SqlNotifyStore(db), new Channels(), NotificationKinds.standard(), SETTINGS, clock);
    }

    private static Channel mail(String name) {
        return new Channel(0, name, new ChannelConfig.Email("127.0.0.1", smtp.getSmtp().getPort(), false, null,
                Secret.NONE, "baton@example.com", List.of("ops@example.com")));
    }

    private static Channel hook(WebhookReceiver receiver) {
        return new Channel(0, "hook", new ChannelConfig.Webhook(receiver.url(), new Secret(SECRET)));
    }

    private static Notice failure(String host, String run) {
        return new Notice(NotificationKinds.HOST_FAILED, host, host + " failed", "details of " + run,
                "host.failed:" + host + ":" + run, TestClock.START);
    }

    @Test
    void aFailedReportIsOneMailAndOneSignedWebhookHoweverOftenItIsRaised() throws Exception {
        onBothStores(db -> {
            try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
                Notifier notifier = notifier(db);
                Channel mail = notifier.addChannel(mail("ops-mail"));
                Channel hook = notifier.addChannel(hook(receiver));
                notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED), List.of("web*"), mail.id(), Frequency.IMMEDIATELY));
                notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED), List.of(), hook.id(), Frequency.IMMEDIATELY));
                notifier.addRule(new Rule(0, Set.of(NotificationKinds.FLEET_FROZEN), List.of(), mail.id(), Frequency.IMMEDIATELY));
                ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
                NoticeFeed feed = new NoticeFeed(notifier, new SqlNoticeSources(db), clock);

                progress.record("web1", "run-1", "update", "10-dnf", "started", null, null, null);
                progress.record("web1", "run-1", "update", "10-dnf", "failed", 1, "dnf exited 1", null);
                progress.record("web1", "run-1", "post_update", null, "failed", null, "run failed", null); // same run
                assertThat(feed.poll()).as("one failed run, one notice").isEqualTo(1);
                assertThat(feed.poll()).as("read again, stored once").isZero();
                assertThat(notifier.sendDue()).isEqualTo(2);
                assertThat(notifier.sendDue()).as("nothing left").isZero();

                var mails = smtp.getReceivedMessages();
                assertThat(mails).hasSize(1);
                assertThat(mails[0].getSubject()).isEqualTo("[Baton] web1 failed in update");
                assertThat(GreenMailUtil.getBody(mails[0])).contains("exit code 1", "dnf exited 1");
                assertThat(receiver.accepted()).hasSize(1);
                assertThat(receiver.refused()).isZero();
                assertThat(receiver.accepted().getFirst().body()).contains("\"kind\":\"host.failed\"", "\"subject\":\"web1\"");

                // Out of the mail rule's scope: only the web hook hears.
                progress.record("db1", "run-9", "update", null, "failed", 2, null, null);
                feed.poll();
                assertThat(notifier.sendDue()).isEqualTo(1);
                assertThat(smtp.getReceivedMessages()).hasSize(1);
                assertThat(receiver.accepted()).hasSize(2);
                assertThat(notifier.counts()).containsEntry(OutboxState.SENT, 3L).containsEntry(OutboxState.PENDING, 0L);
            }
        });
    }

    @Test
    void aNoticesOwnWebhookBodyIsKeptByTheOutboxAndPostedExactly() throws Exception {
        onBothStores(db -> {
            try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
                Notifier notifier = notifier(db);
                Channel hook = notifier.addChannel(hook(receiver));
                notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED), List.of(), hook.id(), Frequency.IMMEDIATELY));
                String own = "{\"text\": \"web1 failed: \\\"quoted\\\" \u00e9\"}\n";
                Notice n = failure("web1", "run-1");
                notifier.publish(new Notice(n.kind(), n.subject(), n.title(), n.body(), n.dedupeKey(), n.at(), own));

                assertThat(notifier.outbox(null, null, 10).getFirst().notice().webhookBody()).isEqualTo(own);
                assertThat(notifier.sendDue()).isEqualTo(1);
                assertThat(receiver.refused()).isZero();
                assertThat(receiver.accepted()).extracting(WebhookReceiver.Request::body).containsExactly(own);
            }
        });
    }

    @Test
    void aDigestGathersItsPeriodIntoOneMessage() throws Exception {
        onBothStores(db -> {
            Notifier notifier = notifier(db);
            Channel mail = notifier.addChannel(mail("digest-mail"));
            notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED, NotificationKinds.LOCK_STALE), List.of(),
                    mail.id(), Frequency.HOURLY));
            setClock(Instant.parse("2030-01-01T10:05:00Z"));
            notifier.publish(failure("web1", "r1"));
            clock.advance(Duration.ofMinutes(10));
            notifier.publish(failure("web2", "r2"));
            notifier.publish(new Notice(NotificationKinds.LOCK_STALE, "patch-web", "web3 holds patch-web longer than allowed",
                    "", "lock-event:77", clock.instant()));
            assertThat(notifier.sendDue()).as("the hour is not over").isZero();
            setClock(Instant.parse("2030-01-01T11:00:00Z"));
            notifier.publish(failure("web4", "r4")); // the next hour's digest
            assertThat(notifier.sendDue()).isEqualTo(1);

            var mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(1);
            assertThat(mails[0].getSubject()).isEqualTo("[Baton] hourly digest: 3 notifications");
            assertThat(GreenMailUtil.getBody(mails[0])).contains("web1 failed", "web2 failed", "web3 holds patch-web")
                    .doesNotContain("web4");
            setClock(Instant.parse("2030-01-01T12:00:00Z"));
            assertThat(notifier.sendDue()).isEqualTo(1);
            assertThat(smtp.getReceivedMessages()).hasSize(2);
        });
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffThenKeptAsADeadLetterThatCanBeRetried() throws Exception {
        onBothStores(db -> {
            try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
                receiver.answerWith(503);
                Notifier notifier = notifier(db);
                Channel hook = notifier.addChannel(hook(receiver));
                notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED), List.of(), hook.id(), Frequency.IMMEDIATELY));
                notifier.publish(failure("web1", "r1"));

                notifier.sendDue(); // try 1 fails; next in 1 min
                assertThat(receiver.tries()).hasSize(1);
                clock.advance(Duration.ofSeconds(59));
                notifier.sendDue();
                assertThat(receiver.tries()).as("not before the backoff").hasSize(1);
                clock.advance(Duration.ofSeconds(1));
                notifier.sendDue(); // try 2 fails; next in 2 min
                assertThat(receiver.tries()).hasSize(2);
                clock.advance(Duration.ofSeconds(119));
                notifier.sendDue();
                assertThat(receiver.tries()).as("the wait doubled").hasSize(2);
                clock.advance(Duration.ofSeconds(1));
                notifier.sendDue(); // try 3 of 3 fails: a dead letter
                assertThat(receiver.tries()).hasSize(3);
                clock.advance(Duration.ofHours(2));
                notifier.sendDue();
                assertThat(receiver.tries()).as("a dead letter is not tried again by itself").hasSize(3);

                List<OutboxEntry> dead = notifier.failed(10);
                assertThat(dead).hasSize(1);
                assertThat(dead.getFirst().attempts()).isEqualTo(3);
                assertThat(dead.getFirst().lastError()).contains("answered HTTP 503");
                assertThat(notifier.counts()).containsEntry(OutboxState.DEAD, 1L);

                receiver.answerWith(200);
                assertThat(notifier.retry(dead.getFirst().id())).isTrue();
                assertThat(notifier.retry(dead.getFirst().id())).as("no longer dead").isFalse();
                assertThat(notifier.sendDue()).isEqualTo(1);
                assertThat(receiver.accepted()).hasSize(1);
                assertThat(receiver.accepted().getFirst().delivery())
                        .as("every try of one message carries one delivery id")
                        .isEqualTo(receiver.tries().getFirst().delivery());
                assertThat(notifier.counts()).containsEntry(OutboxState.DEAD, 0L).containsEntry(OutboxState.SENT, 1L);
            }
        });
    }

    @Test
    void twoNotifiersOnOnePostgresSendEachMessageOnce() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET);
             Database dbA = Database.postgres(PostgresServer.shared().createDatabase())) {
            Notifier a = notifier(dbA);
            Channel hook = a.addChannel(hook(receiver));
            a.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED), List.of(), hook.id(), Frequency.IMMEDIATELY));
            try (Database dbB = Database.postgres(jdbcUrlOf(dbA))) {
                Notifier b = notifier(dbB);
                for (int i = 0; i < 30; i++) {
                    Notifier by = i % 2 == 0 ? a : b;
                    assertThat(by.publish(failure("web" + i, "r"))).isTrue();
                    assertThat((i % 2 == 0 ? b : a).publish(failure("web" + i, "r"))).as("the same occurrence again").isFalse();
                }
                CyclicBarrier start = new CyclicBarrier(4);
                List<Thread> senders = new ArrayList<>();
                for (Notifier n : List.of(a, b, a, b)) {
                    senders.add(Thread.ofPlatform().start(() -> {
                        try {
                            start.await();
                            for (int round = 0; round < 5; round++) {
                                n.sendDue();
                            }
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }));
                }
                for (Thread t : senders) {
                    t.join();
                }
                assertThat(receiver.accepted()).hasSize(30);
                assertThat(receiver.accepted().stream().map(WebhookReceiver.Request::delivery).distinct()).hasSize(30);
                assertThat(b.counts()).containsEntry(OutboxState.SENT, 30L);

                // A server that claimed a message and died: the other sends it only once the lease ran out.
                a.publish(failure("db1", "r"));
                var store = new SqlNotifyStore(dbA);
                String batch = store.dueBatches(clock.instant(), 10).getFirst();
                assertThat(store.claim(batch, "dead-server:1", clock.instant(), clock.instant().plus(SETTINGS.lease()))).hasSize(1);
                assertThat(b.sendDue()).isZero();
                clock.advance(SETTINGS.lease().plusMillis(1));
                assertThat(b.sendDue()).isEqualTo(1);
                assertThat(receiver.accepted()).hasSize(31);
            }
        }
    }

    private void setClock(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    private static String jdbcUrlOf(Database db) {
        // describe() is the URL without its password; the test server trusts without one.
        return db.describe();
    }
}
