package dev.baton.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.channels.Channels;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockEvent;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.progress.RunReport;
import dev.baton.server.BatonServer;
import dev.baton.server.DirectSql;
import dev.baton.server.DirectSql.Connect;
import dev.baton.server.NotifySettings;
import dev.baton.server.ServerSettings;
import dev.baton.store.Database;
import dev.baton.store.SqlLockStore;
import dev.baton.store.SqlNoticeSources;
import dev.baton.store.SqlNotifyStore;
import dev.baton.store.TestClock;
import dev.baton.store.testing.PostgresServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the notices of lock events (force-release, fleet freeze and unfreeze) and of failed host reports are
 * derived from the committed rows, so a failure between the commit of the change and the storing of its notice loses
 * nothing, and two servers on one PostgreSQL store each notice once. The notice table is made to refuse inserts (a
 * trigger) while the changes commit, as a crash in that window would; before the fix those notices were lost for good.
 */
class NoticeFeedTest {

    private static final NotifySettings FAST = new NotifySettings(Duration.ofMillis(200), Duration.ofSeconds(30), 8,
            NotificationKinds.DEFAULT_WAITING_AFTER, NotificationKinds.DEFAULT_NOT_SEEN_AFTER, Duration.ofMinutes(1), null);

    @TempDir
    Path dir;

    @Test
    void onSqliteNoticesRefusedAtTheirCommitAreStoredOnceLater() throws Exception {
        try (BatonServer server = start(null, "a")) {
            String file = "jdbc:sqlite:" + dir.resolve("a").resolve("baton.db").toAbsolutePath();
            check(List.of(server), () -> DriverManager.getConnection(file), List.of(
                    "CREATE TRIGGER notices_down BEFORE INSERT ON notify_notices BEGIN SELECT RAISE(ABORT, 'notices down'); END"),
                    "DROP TRIGGER notices_down");
        }
    }

    @Test
    void onPostgresTwoServersStoreEachNoticeOnceEvenAfterAFailure() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        try (BatonServer a = start(url, "a"); BatonServer b = start(url, "b")) {
            check(List.of(a, b), () -> DriverManager.getConnection(url), List.of(
                    "CREATE FUNCTION notices_down() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'notices down'; END $$",
                    "CREATE TRIGGER notices_down BEFORE INSERT ON notify_notices FOR EACH ROW EXECUTE FUNCTION notices_down()"),
                    "DROP TRIGGER notices_down ON notify_notices");
        }
    }

    @Test
    void aStaleHolderWhoseNoticeTheStoreRefusedIsToldOnceAtTheNextPoll() {
        TestClock clock = TestClock.ticking();
        try (Database db = Database.embedded(dir.resolve("stale"), false)) {
            AtomicBoolean storeDown = new AtomicBoolean();
            NotifyStore real = new SqlNotifyStore(db);
            // Between the commit of the stale mark and the storing of its notice, the store fails (or the server dies).
            NotifyStore failing = (NotifyStore) Proxy.newProxyInstance(NotifyStore.class.getClassLoader(),
                    new Class<?>[] {NotifyStore.class}, (proxy, method, args) -> {
                        if (method.getName().equals("publish") && storeDown.get()) {
                            throw new IllegalStateException("notify store down");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Notifier notifier = new Notifier(failing, new Channels(), NotificationKinds.standard(), NotifierSettings.DEFAULTS, clock);
            Channel hook = notifier.addChannel(new Channel(0, "hook", new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/"),
                    new Secret("0123456789abcdef0123"))));
            notifier.addRule(new Rule(0, notifier.kinds().all().keySet(), List.of(), hook.id(), Frequency.DAILY));
            Locks locks = new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS.withDefaultStaleAfter(Duration.ofHours(1)),
                    clock, event -> { });
            NoticeFeed feed = new NoticeFeed(notifier, new SqlNoticeSources(db), clock);

            locks.service().acquire(AcquireRequest.now("patch-web", "web1", "web1", Protocol.NATIVE));
            clock.advance(Duration.ofHours(2));
            storeDown.set(true);
            locks.housekeeping().sweep(); // marks the hold reported, with its STALE event, in one transaction
            assertThatThrownBy(feed::poll).hasMessageContaining("notify store down");
            locks.housekeeping().sweep(); // the mark stands: no second STALE event
            assertThat(notifier.outbox(null, null, 10)).isEmpty();

            storeDown.set(false);
            assertThat(feed.poll()).isEqualTo(1);
            assertThat(feed.poll()).isZero();
            clock.advance(Duration.ofMinutes(5)); // the event has settled: the position moves past it
            assertThat(feed.poll()).isZero();
            assertThat(notifier.outbox(null, null, 10)).extracting(e -> e.notice().kind())
                    .containsExactly(NotificationKinds.LOCK_STALE);
            assertThat(locks.reader().history(EventQuery.of("patch-web", null, 100)).events())
                    .filteredOn(e -> e.type() == EventType.STALE).hasSize(1);
        }
    }

    @Test
    void aRowCommittedAfterOneWithAHigherIdIsNotSkipped() {
        TestClock clock = TestClock.ticking();
        try (Database db = Database.embedded(dir.resolve("order"), false)) {
            Notifier notifier = new Notifier(new SqlNotifyStore(db), new Channels(), NotificationKinds.standard(),
                    NotifierSettings.DEFAULTS, clock);
            // PostgreSQL numbers a row at its insert: row 11 may be visible while row 10's transaction has not committed.
            List<LockEvent> committed = new ArrayList<>();
            long[] position = {0};
            NoticeSources sources = new NoticeSources() {
                public long position(String source) {
                    return source.equals(LOCK_EVENTS) ? position[0] : Long.MAX_VALUE;
                }

                public void advance(String source, long to) {
                    if (source.equals(LOCK_EVENTS)) {
                        position[0] = Math.max(position[0], to);
                    }
                }

                public List<LockEvent> lockEventsAfter(long after, Set<EventType> types, int limit) {
                    return committed.stream().filter(e -> e.id() > after).sorted(Comparator.comparingLong(LockEvent::id))
                            .limit(limit).toList();
                }

                public List<RunReport> reportsAfter(long after, int limit) {
                    return List.of();
                }
            };
            NoticeFeed feed = new NoticeFeed(notifier, sources, clock);
            committed.add(forced(11, "web-11", clock.instant()));
            assertThat(feed.poll()).isEqualTo(1);
            committed.add(forced(10, "web-10", clock.instant()));
            assertThat(feed.poll()).as("the late row 10").isEqualTo(1);
            clock.advance(NoticeFeed.SETTLE.plusSeconds(1));
            assertThat(feed.poll()).isZero();
            assertThat(position[0]).as("moved past settled rows only").isEqualTo(11);
            assertThat(notifier.outbox(null, null, 10)).isEmpty(); // no rule: notices are kept, nothing to send
        }
    }

    private static LockEvent forced(long id, String holder, Instant at) {
        return new LockEvent(id, "door", at, EventType.FORCE_RELEASE, "alice", holder, "stuck", Protocol.NATIVE);
    }

    private BatonServer start(String url, String name) {
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve(name), url)
                .withAdminPassword("notice feed password").withNotifications(FAST));
    }


    private static void check(List<BatonServer> servers, Connect db, List<String> breakNotices, String mendNotices)
            throws Exception {
        BatonServer first = servers.getFirst();
        Notifier notifier = first.notifier();
        // Never reached: the entries stay pending and can be counted.
        Channel hook = notifier.addChannel(new Channel(0, "hook", new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9/"),
                new Secret("0123456789abcdef0123"))));
        notifier.addRule(new Rule(0, notifier.kinds().all().keySet(), List.of(), hook.id(), Frequency.DAILY));

        DirectSql.execute(db, breakNotices);
        for (int i = 0; i < servers.size(); i++) {
            BatonServer server = servers.get(i);
            String holder = "web-" + i;
            server.locks().service().acquire(AcquireRequest.now("door", holder, "test", Protocol.NATIVE));
            server.locks().service().forceRelease("door", holder, "alice", "stuck");
            server.progress().record(holder, "run-" + i, "update", "10-dnf", "failed", 1, "dnf exited 1", null);
        }
        first.locks().policy().freezeFleet("incident", "alice");
        first.locks().policy().unfreezeFleet("alice");
        Thread.sleep(1_000); // several feed polls on every server, each refused
        assertThat(notifier.outbox(null, null, 100)).isEmpty();

        DirectSql.execute(db, List.of(mendNotices));
        Map<String, Long> expected = Map.of(NotificationKinds.LOCK_FORCE_RELEASED, (long) servers.size(),
                NotificationKinds.HOST_FAILED, (long) servers.size(), NotificationKinds.FLEET_FROZEN, 1L,
                NotificationKinds.FLEET_UNFROZEN, 1L);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!kinds(notifier).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(kinds(notifier)).isEqualTo(expected);
        Thread.sleep(1_000); // more polls of every server store nothing more
        assertThat(kinds(notifier)).isEqualTo(expected);
    }

    private static Map<String, Long> kinds(Notifier notifier) {
        return notifier.outbox(null, null, 100).stream()
                .collect(Collectors.groupingBy(e -> e.notice().kind(), Collectors.counting()));
    }
}
