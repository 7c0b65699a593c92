package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.hosts.FleetHosts;
import dev.baton.hosts.HostPage;
import dev.baton.hosts.HostQuery;
import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.HostState;
import dev.baton.hosts.HostSummary;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockPage;
import dev.baton.lock.LockQuery;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.progress.ProgressService;
import dev.baton.progress.RunReport;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host states and the paged host and lock lists (issue 14), on both stores: each state from the holds, waits,
 * reports and calls that make it, search over names and aliases, the three orders, keyset pages that put together
 * are the whole filtered list, and the count per state.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FleetHostsTest {

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            everyStateSearchOrderAndPage(db);
        }
    }

    @Test
    void onPostgres() {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            everyStateSearchOrderAndPage(db);
        }
    }

    private static void everyStateSearchOrderAndPage(Database db) {
        TestClock clock = TestClock.fixed();
        Locks locks = new Locks(new SqlLockStore(db, clock), LockServiceSettings.DEFAULTS, clock, e -> { });
        HostRegistry registry = new HostRegistry(new SqlHostStore(db), clock);
        ProgressService progress = new ProgressService(new SqlReportStore(db), clock);
        FleetHosts fleet = new FleetHosts(registry, progress, locks.reader(), clock, Duration.ofDays(7), Duration.ZERO);

        registry.add("gone.example.com", List.of());
        registry.checkIn("gone.example.com", "native");
        clock.advance(Duration.ofDays(8));
        registry.add("never.example.com", List.of());
        for (String name : List.of("idle", "failed", "stale", "updating", "queued", "agent-waiting", "agent-updating")) {
            registry.add(name + ".example.com", List.of(name + "-cert"));
            registry.checkIn(name + "-cert", "foreman");
        }
        progress.record("failed.example.com", "r1", "update", "10-upgrade", "failed", 3, "exit 3", null);
        progress.record("agent-waiting.example.com", "r2", "lock_get", null, "waiting", null, null, null);
        progress.record("agent-updating.example.com", "r3", "pre_update", null, "started", null, null, null);
        progress.record("idle.example.com", "r4", "lock_release", null, "done", null, null, null);
        locks.policy().setTiming("slow", Duration.ofMinutes(1), null, "ops");
        locks.service().acquire(AcquireRequest.now("slow", "stale-cert", "stale-cert", Protocol.FOREMAN));
        clock.advance(Duration.ofMinutes(2)); // past the lock's stale_after, before the waiter joins (it lives 20 s)
        locks.service().acquire(AcquireRequest.now("busy", "updating.example.com", "u", Protocol.NATIVE));
        Thread waiter = Thread.ofVirtual().start(() -> locks.service().acquire(
                new AcquireRequest("busy", "queued-cert", "q", Protocol.FOREMAN, Duration.ofSeconds(60), true)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !locks.reader().show("busy").orElseThrow().waiters().isEmpty());
        registry.checkIn("fleet-0123", "fleetlock"); // a sighting: no registration, no report

        Map<String, HostState> expected = Map.of(
                "gone.example.com", HostState.NOT_SEEN, "never.example.com", HostState.NOT_SEEN,
                "idle.example.com", HostState.IDLE, "failed.example.com", HostState.FAILED,
                "stale.example.com", HostState.STALE, "updating.example.com", HostState.UPDATING,
                "queued.example.com", HostState.WAITING, "agent-waiting.example.com", HostState.WAITING,
                "agent-updating.example.com", HostState.UPDATING, "fleet-0123", HostState.IDLE);
        HostPage all = fleet.page(HostQuery.first(100));
        assertThat(all.total()).isEqualTo(expected.size());
        assertThat(all.next()).isNull();
        for (HostSummary h : all.hosts()) {
            assertThat(h.state()).as(h.name()).isEqualTo(expected.get(h.name()));
        }
        assertThat(all.hosts()).extracting(HostSummary::name).isSorted();
        assertThat(fleet.host("stale-cert").orElseThrow().holds()).containsExactly("slow");
        assertThat(fleet.host("queued.example.com").orElseThrow().waits()).containsExactly("busy");
        assertThat(fleet.host("nobody")).isEmpty();
        assertThat(fleet.counts()).containsExactlyInAnyOrderEntriesOf(Map.of(HostState.IDLE, 2, HostState.WAITING, 2,
                HostState.UPDATING, 2, HostState.FAILED, 1, HostState.STALE, 1, HostState.NOT_SEEN, 2));
        assertThat(fleet.lastFailures(10)).as("the overview's last failures").extracting(RunReport::host)
                .containsExactly("failed.example.com");

        // Search over names and aliases, a state filter, and pages that add up to the whole filtered list.
        assertThat(names(fleet.page(new HostQuery("CERT", Set.of(), HostQuery.Sort.NAME, null, 100))))
                .hasSize(7).doesNotContain("gone.example.com", "fleet-0123");
        assertThat(names(fleet.page(new HostQuery("stale-c", Set.of(), HostQuery.Sort.NAME, null, 100))))
                .containsExactly("stale.example.com");
        assertThat(names(fleet.page(new HostQuery(null, EnumSet.of(HostState.WAITING, HostState.FAILED), HostQuery.Sort.NAME, null, 100))))
                .containsExactly("agent-waiting.example.com", "failed.example.com", "queued.example.com");
        for (HostQuery.Sort sort : HostQuery.Sort.values()) {
            HostQuery query = new HostQuery(".example.com", Set.of(), sort, null, 3);
            List<String> whole = names(fleet.page(query.limit(1000)));
            List<String> paged = new ArrayList<>();
            HostPage page = fleet.page(query);
            while (true) {
                assertThat(page.total()).isEqualTo(9);
                paged.addAll(names(page));
                if (page.next() == null) {
                    break;
                }
                page = fleet.page(query.after(page.next()));
            }
            assertThat(paged).as(sort.name()).isEqualTo(whole).hasSize(9);
        }
        assertThat(names(fleet.page(new HostQuery(null, Set.of(), HostQuery.Sort.LAST_CHECK_IN, null, 100))))
                .as("the newest call first, hosts that never called last").startsWith("fleet-0123").endsWith("never.example.com");
        assertThat(names(fleet.page(new HostQuery(null, Set.of(), HostQuery.Sort.STATE, null, 100))))
                .startsWith("fleet-0123", "idle.example.com").endsWith("gone.example.com", "never.example.com");
        assertThatThrownBy(() -> fleet.page(HostQuery.first(10).after("garbage")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'after'");

        // The lock list: search, filters, orders, pages.
        LockPage held = locks.reader().page(new LockQuery(null, EnumSet.of(LockQuery.Only.HELD), LockQuery.Sort.NAME, null, 10));
        assertThat(held.locks()).extracting(LockView::name).containsExactly("busy", "slow");
        assertThat(locks.reader().page(new LockQuery(null, EnumSet.of(LockQuery.Only.STALE), null, null, 10)).locks())
                .extracting(LockView::name).containsExactly("slow");
        assertThat(locks.reader().page(new LockQuery(null, Set.of(), LockQuery.Sort.WAITERS, null, 10)).locks())
                .extracting(LockView::name).first().isEqualTo("busy");
        LockPage first = locks.reader().page(new LockQuery("S", Set.of(), LockQuery.Sort.NAME, null, 1));
        assertThat(first.total()).isEqualTo(2);
        assertThat(first.locks()).extracting(LockView::name).containsExactly("busy");
        assertThat(locks.reader().page(new LockQuery("S", Set.of(), LockQuery.Sort.NAME, first.next(), 1)).locks())
                .extracting(LockView::name).containsExactly("slow");

        locks.service().release("busy", "updating.example.com", "u", Protocol.NATIVE, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> !waiter.isAlive());
        assertThat(fleet.host("queued.example.com").orElseThrow().state()).as("granted now").isEqualTo(HostState.UPDATING);
        assertThat(fleet.host("updating.example.com").orElseThrow().state()).isEqualTo(HostState.IDLE);
    }

    /** The lock list behind the pages is read once a second, and again after each change this server commits. */
    @Test
    void lockPagesReadTheStoreAfterAChangeOrOnceASecond() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            TestClock clock = TestClock.fixed();
            java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
            SqlLockStore real = new SqlLockStore(db, clock);
            dev.baton.lock.LockStore counting = (dev.baton.lock.LockStore) java.lang.reflect.Proxy.newProxyInstance(
                    dev.baton.lock.LockStore.class.getClassLoader(), new Class<?>[] {dev.baton.lock.LockStore.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("readAll")) {
                            reads.incrementAndGet();
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            Locks locks = new Locks(counting, LockServiceSettings.DEFAULTS, clock, e -> { });
            locks.policy().setSlots("a", 2, "ops");
            LockQuery held = new LockQuery(null, EnumSet.of(LockQuery.Only.HELD), null, null, 10);
            assertThat(locks.reader().page(held).locks()).isEmpty();
            assertThat(locks.reader().page(LockQuery.first(10)).total()).isEqualTo(1);
            assertThat(reads.get()).as("two pages, one read").isEqualTo(1);

            locks.service().acquire(AcquireRequest.now("a", "web-1", "web-1", Protocol.NATIVE));
            assertThat(locks.reader().page(held).locks()).as("a change of this server shows at once")
                    .extracting(LockView::name).containsExactly("a");
            assertThat(reads.get()).isEqualTo(2);
            clock.advance(Duration.ofMillis(900));
            locks.reader().page(held);
            assertThat(reads.get()).isEqualTo(2);
            clock.advance(Duration.ofMillis(200));
            locks.reader().page(held);
            assertThat(reads.get()).as("read again after a second").isEqualTo(3);
        }
    }

    private static List<String> names(HostPage page) {
        return page.hosts().stream().map(HostSummary::name).toList();
    }
}
