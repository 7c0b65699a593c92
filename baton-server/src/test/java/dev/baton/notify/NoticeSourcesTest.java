package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.channels.Channels;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.progress.ProgressService;
import dev.baton.store.Database;
import dev.baton.store.SqlHostStore;
import dev.baton.store.SqlLockStore;
import dev.baton.store.SqlNoticeSources;
import dev.baton.store.SqlNotifyStore;
import dev.baton.store.SqlReportStore;
import dev.baton.store.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where notices come from, on the real lock service and store: the sweep's stale mark, a waiter waiting longer than
 * the threshold, and a registered host silent for longer than its threshold each raise one notice per occurrence,
 * however often they are found again.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoticeSourcesTest {

    @TempDir
    Path temp;
    private Database db;
    private final TestClock clock = TestClock.ticking();
    private Notifier notifier;
    private Locks locks;
    private NoticeFeed feed;

    @BeforeEach
    void open() {
        db = Database.embedded(temp.resolve("data"), false);
        notifier = new Notifier(new SqlNotifyStore(db), new Channels(), NotificationKinds.standard(), NotifierSettings.DEFAULTS, clock);
        Channel hook = notifier.addChannel(new Channel(0, "hook", new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/"),
                new Secret("0123456789abcdef0123"))));
        notifier.addRule(new Rule(0, notifier.kinds().all().keySet(), List.of(), hook.id(), Frequency.DAILY));
        locks = new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS.withDefaultStaleAfter(Duration.ofHours(1)),
                clock, event -> { });
        feed = new NoticeFeed(notifier, new SqlNoticeSources(db), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private List<String> kindsInTheOutbox() {
        return notifier.outbox(null, null, 100).stream().map(e -> e.notice().kind()).sorted().toList();
    }

    @Test
    void aStaleHolderIsOneNoticeAndIsNotReleased() {
        locks.service().acquire(AcquireRequest.now("patch-web", "web1", "web1", Protocol.NATIVE));
        locks.housekeeping().sweep();
        feed.poll();
        assertThat(kindsInTheOutbox()).isEmpty();
        clock.advance(Duration.ofHours(2));
        locks.housekeeping().sweep();
        feed.poll();
        locks.housekeeping().sweep();
        feed.poll();
        assertThat(kindsInTheOutbox()).containsExactly(NotificationKinds.LOCK_STALE);
        assertThat(notifier.outbox(null, null, 10).getFirst().notice().title()).isEqualTo("web1 holds patch-web longer than allowed");
        assertThat(locks.reader().show("patch-web").orElseThrow().isHeldBy("web1")).as("nothing is auto-released").isTrue();
    }

    @Test
    void aLongWaitIsOneNoticeWhateverTheNumberOfScans() {
        locks.service().acquire(AcquireRequest.now("db", "db1", "db1", Protocol.NATIVE));
        CompletableFuture<AcquireResult> waiting = CompletableFuture.supplyAsync(() -> locks.service().acquire(
                new AcquireRequest("db", "db2", "db2", Protocol.NATIVE, Duration.ofSeconds(30), true)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !locks.reader().show("db").orElseThrow().waiters().isEmpty());
        HostRegistry hosts = new HostRegistry(new SqlHostStore(db), clock);
        ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
        FleetScans now = new FleetScans(notifier, locks.reader(), hosts, progress, clock);
        assertThat(now.scan()).isZero();
        InstantSource later = () -> clock.instant().plus(Duration.ofMinutes(61));
        FleetScans inAnHour = new FleetScans(notifier, locks.reader(), hosts, progress, later);
        assertThat(inAnHour.scan()).isEqualTo(1);
        assertThat(inAnHour.scan()).isZero();
        assertThat(kindsInTheOutbox()).containsExactly(NotificationKinds.LOCK_WAITING_LONG);
        locks.service().release("db", "db1", "db1", Protocol.NATIVE, false);
        assertThat(waiting.join().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    void aSilentHostIsOneNoticePerSilence() {
        HostRegistry hosts = new HostRegistry(new SqlHostStore(db), clock);
        ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
        hosts.add("old.example.com", List.of());
        hosts.checkIn("old.example.com", "native");
        InstantSource eightDaysOn = () -> clock.instant().plus(Duration.ofDays(8));
        FleetScans scans = new FleetScans(notifier, locks.reader(), hosts, progress, eightDaysOn);
        assertThat(new FleetScans(notifier, locks.reader(), hosts, progress, clock).scan()).isZero();
        assertThat(scans.scan()).isEqualTo(1);
        assertThat(scans.scan()).isZero();
        assertThat(kindsInTheOutbox()).containsExactly(NotificationKinds.HOST_NOT_SEEN);
        assertThat(Set.copyOf(kindsInTheOutbox())).hasSize(1);
    }
}
