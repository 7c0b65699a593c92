package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.channels.Channels;
import dev.baton.hosts.HostRegistry;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.progress.ProgressService;
import dev.baton.store.Database;
import dev.baton.store.SqlHostStore;
import dev.baton.store.SqlLockStore;
import dev.baton.store.SqlNotifyStore;
import dev.baton.store.SqlReportStore;
import dev.baton.store.TestClock;
import dev.baton.store.testing.PostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules of {@code lock.waiting_long} and {@code host.not_seen} with thresholds of their own, on the real lock service
 * and hosts over SQLite and PostgreSQL: each rule hears of each wait or silence once, when it has lasted longer than
 * that rule's threshold (a rule without one: the server's default); a new wait or silence is heard of again; and a
 * threshold is refused where it makes no sense, storing nothing.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RuleThresholdsTest {

    /** The server's defaults in these tests: --notify-waiting-after 2 h, --notify-not-seen-after 3 days. */
    private static final Duration DEFAULT_WAIT = Duration.ofHours(2);
    private static final Duration DEFAULT_SILENCE = Duration.ofDays(3);

    @TempDir
    Path temp;

    private final TestClock clock = TestClock.ticking();

    interface StoreTest {
        void run(Database db) throws Exception;
    }

    private void onBothStores(StoreTest test) throws Exception {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            test.run(db);
        }
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            test.run(db);
        }
    }

    private Notifier notifier(Database db) {
        return new Notifier(new SqlNotifyStore(db), new Channels(), NotificationKinds.standard(DEFAULT_WAIT, DEFAULT_SILENCE),
                NotifierSettings.DEFAULTS, clock);
    }

    private static Channel hook(Notifier notifier) {
        return notifier.addChannel(new Channel(0, "hook", new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/"),
                new Secret("0123456789abcdef0123"))));
    }

    private static Rule rule(Notifier notifier, long channel, String kind, String scope, Duration after) {
        return notifier.addRule(new Rule(0, Set.of(kind), scope == null ? List.of() : List.of(scope), channel,
                Frequency.IMMEDIATELY, after));
    }

    /** The rules the outbox holds entries for, oldest first: who was told, in order. */
    private static List<Long> told(Notifier notifier) {
        return notifier.outbox(null, null, 100).reversed().stream().map(OutboxEntry::ruleId).toList();
    }

    private static List<Long> ids(Rule... rules) {
        return Arrays.stream(rules).map(Rule::id).toList();
    }

    @Test
    void eachRuleHearsOfAWaitOnceWhenItHasLastedLongerThanTheRulesThreshold() throws Exception {
        onBothStores(db -> {
            Notifier notifier = notifier(db);
            long hook = hook(notifier).id();
            Rule quarter = rule(notifier, hook, NotificationKinds.LOCK_WAITING_LONG, null, Duration.ofMinutes(15));
            Rule hour = rule(notifier, hook, NotificationKinds.LOCK_WAITING_LONG, "db", Duration.ofHours(1));
            Rule byDefault = rule(notifier, hook, NotificationKinds.LOCK_WAITING_LONG, null, null);
            Rule elsewhere = rule(notifier, hook, NotificationKinds.LOCK_WAITING_LONG, "web-*", Duration.ofMinutes(1));
            assertThat(notifier.rules()).as("stored and read back").extracting(Rule::after)
                    .containsExactly(Duration.ofMinutes(15), Duration.ofHours(1), null, Duration.ofMinutes(1));

            Locks locks = new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS, clock, e -> { });
            HostRegistry hosts = new HostRegistry(new SqlHostStore(db), clock);
            ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
            locks.service().acquire(AcquireRequest.now("db", "db1", "db1", Protocol.NATIVE));
            CompletableFuture<AcquireResult> db2 = waitFor(locks, "db", "db2");

            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(10))).isZero();
            FleetScans at20 = new FleetScans(notifier, locks.reader(), hosts, progress, later(Duration.ofMinutes(20)));
            assertThat(at20.scan()).as("a 20 minute wait: the 15 minute rule, not the hour's").isEqualTo(1);
            assertThat(at20.scan()).isZero();
            assertThat(told(notifier)).containsExactlyElementsOf(ids(quarter));
            assertThat(notifier.outbox(null, null, 1).getFirst().notice().body()).contains("longer than 15 min");

            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(61))).as("the hour is reached").isEqualTo(1);
            assertThat(told(notifier)).containsExactlyElementsOf(ids(quarter, hour));
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(90))).as("neither again").isZero();
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(121))).as("the server's default, 2 h")
                    .isEqualTo(1);
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofHours(5))).isZero();
            assertThat(told(notifier)).containsExactlyElementsOf(ids(quarter, hour, byDefault)).doesNotContain(elsewhere.id());

            // The waiter gets the lock, lets it go and queues again: a new wait, heard of again.
            locks.service().release("db", "db1", "db1", Protocol.NATIVE, false);
            assertThat(db2.join().status()).isEqualTo(AcquireResult.Status.GRANTED);
            locks.service().release("db", "db2", "db2", Protocol.NATIVE, false);
            clock.advance(Duration.ofMinutes(1));
            locks.service().acquire(AcquireRequest.now("db", "db1", "db1", Protocol.NATIVE));
            CompletableFuture<AcquireResult> again = waitFor(locks, "db", "db2");
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(20))).isEqualTo(1);
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofMinutes(61))).isEqualTo(1);
            assertThat(told(notifier)).containsExactlyElementsOf(ids(quarter, hour, byDefault, quarter, hour));
            locks.service().release("db", "db1", "db1", Protocol.NATIVE, false);
            assertThat(again.join().status()).isEqualTo(AcquireResult.Status.GRANTED);
            assertThat(scansAt(notifier, locks, hosts, progress, Duration.ofHours(5))).as("no one waits").isZero();
        });
    }

    @Test
    void eachRuleHearsOfASilenceOnceWhenItHasLastedLongerThanTheRulesThreshold() throws Exception {
        onBothStores(db -> {
            Notifier notifier = notifier(db);
            long hook = hook(notifier).id();
            Rule hour = rule(notifier, hook, NotificationKinds.HOST_NOT_SEEN, "old*", Duration.ofHours(1));
            Rule day = rule(notifier, hook, NotificationKinds.HOST_NOT_SEEN, null, Duration.ofDays(1));
            Rule byDefault = rule(notifier, hook, NotificationKinds.HOST_NOT_SEEN, null, null);
            HostRegistry hosts = new HostRegistry(new SqlHostStore(db), clock);
            ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
            Locks locks = new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS, clock, e -> { });
            FleetScans scans = new FleetScans(notifier, locks.reader(), hosts, progress, clock);
            hosts.add("old.example.com", List.of());
            hosts.checkIn("old.example.com", "native");

            clock.advance(Duration.ofMinutes(59));
            assertThat(scans.scan()).isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(scans.scan()).as("silent for 61 minutes: the hour's rule, not the day's").isEqualTo(1);
            assertThat(scans.scan()).isZero();
            assertThat(told(notifier)).containsExactlyElementsOf(ids(hour));
            assertThat(notifier.outbox(null, null, 1).getFirst().notice().title()).isEqualTo("old.example.com not seen for 1 h");
            clock.advance(Duration.ofDays(1));
            assertThat(scans.scan()).as("a day").isEqualTo(1);
            assertThat(new FleetScans(notifier, locks.reader(), hosts, progress, clock).scan())
                    .as("another server (or this one restarted) finds both told").isZero();
            clock.advance(Duration.ofDays(2));
            assertThat(scans.scan()).as("the server's default, 3 days").isEqualTo(1);
            assertThat(scans.scan()).isZero();
            assertThat(told(notifier)).containsExactlyElementsOf(ids(hour, day, byDefault));

            // The host calls, then falls silent again: a new silence.
            hosts.checkIn("old.example.com", "native");
            clock.advance(Duration.ofMinutes(30));
            assertThat(scans.scan()).isZero();
            clock.advance(Duration.ofMinutes(31));
            assertThat(scans.scan()).isEqualTo(1);
            clock.advance(Duration.ofDays(1));
            assertThat(scans.scan()).isEqualTo(1);
            assertThat(told(notifier)).containsExactlyElementsOf(ids(hour, day, byDefault, hour, day));
        });
    }

    @Test
    void aThresholdIsRefusedOnKindsWithoutOneAndUnlessPositiveWholeSecondsStoringNothing() throws Exception {
        onBothStores(db -> {
            Notifier notifier = notifier(db);
            long hook = hook(notifier).id();
            assertThatThrownBy(() -> notifier.addRule(new Rule(0, Set.of(NotificationKinds.HOST_FAILED,
                    NotificationKinds.LOCK_WAITING_LONG), List.of(), hook, Frequency.IMMEDIATELY, Duration.ofMinutes(30))))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("applies only to host.not_seen and lock.waiting_long")
                    .hasMessageContaining("host.failed takes none");
            for (Duration bad : List.of(Duration.ofMinutes(-5), Duration.ZERO, Duration.ofMillis(1500), Duration.ofDays(4000))) {
                assertThatThrownBy(() -> rule(notifier, hook, NotificationKinds.HOST_NOT_SEEN, null, bad))
                        .isInstanceOf(BadRequestException.class)
                        .hasMessageContaining("must be a positive whole number of seconds up to 3650 days");
            }
            assertThat(notifier.rules()).isEmpty();
        });
    }

    private static CompletableFuture<AcquireResult> waitFor(Locks locks, String lock, String holder) {
        CompletableFuture<AcquireResult> waiting = CompletableFuture.supplyAsync(() -> locks.service().acquire(
                new AcquireRequest(lock, holder, holder, Protocol.NATIVE, Duration.ofSeconds(60), true)));
        await().atMost(Duration.ofSeconds(20)).until(() -> locks.reader().show(lock).orElseThrow().waiters().stream()
                .anyMatch(w -> w.holder().equals(holder)));
        return waiting;
    }

    /** A scan by a scanner whose clock is {@code ahead} of the locks' (so the waiter does not time out meanwhile). */
    private int scansAt(Notifier notifier, Locks locks, HostRegistry hosts, ProgressService progress, Duration ahead) {
        return new FleetScans(notifier, locks.reader(), hosts, progress, later(ahead)).scan();
    }

    private InstantSource later(Duration ahead) {
        return () -> clock.instant().plus(ahead);
    }
}
