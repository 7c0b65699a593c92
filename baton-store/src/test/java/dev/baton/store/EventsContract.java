package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventPage;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The history: every change is an event, queryable per lock and fleet-wide, newest first, paginated. */
public interface EventsContract extends LockFixture {

    @Test
    default void eventsOlderThanTheRetentionArePurgedAndNothingElse() {
        service().acquire(AcquireRequest.now("deploy", "web-1", "web-1", Protocol.NATIVE));
        policy().freezeFleet("outage", "carol");
        policy().unfreezeFleet("carol");
        service().release("deploy", "web-1", "web-1", Protocol.NATIVE, false);
        int old = eventsAfter(0).size();
        clock().advance(Duration.ofDays(31));
        service().acquire(AcquireRequest.now("deploy", "web-2", "web-2", Protocol.NATIVE));
        List<LockEvent> recent = eventsAfter(0).subList(old, eventsAfter(0).size());

        Locks keepsForever = locksOver(store(), LockServiceSettings.DEFAULTS.withEventRetention(Duration.ZERO));
        assertThat(keepsForever.housekeeping().purgeEvents()).isZero();
        Locks keepsAMonth = locksOver(store(), LockServiceSettings.DEFAULTS.withEventRetention(Duration.ofDays(30)));
        assertThat(keepsAMonth.housekeeping().purgeEvents()).as("per-lock and fleet events a month old").isEqualTo(old);
        assertThat(eventsAfter(0)).isEqualTo(recent);
        assertThat(holders("deploy")).as("the locks are untouched").containsExactly("web-2");
        assertThat(keepsAMonth.housekeeping().purgeEvents()).isZero();
    }

    @Test
    default void eventsArePurgedABatchPerTransactionOldestFirst() {
        for (int i = 0; i < 5; i++) {
            policy().setSlots("deploy", i + 2, "ops");
            clock().advance(Duration.ofSeconds(1));
        }
        List<LockEvent> all = eventsAfter(0);
        assertThat(all).hasSize(5);
        assertThat(store().purgeEvents(clock().instant(), 2)).isEqualTo(2);
        assertThat(eventsAfter(0)).isEqualTo(all.subList(2, all.size()));
        assertThat(store().purgeEvents(all.get(3).at(), 100)).as("only those before the cut-off").isEqualTo(1);
        assertThat(eventsAfter(0)).isEqualTo(all.subList(3, all.size()));
    }

    @Test
    default void aNegativeRetentionIsRefused() {
        assertThatThrownBy(() -> LockServiceSettings.DEFAULTS.withEventRetention(Duration.ofDays(-1)))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("retention");
    }

    @Test
    default void everyChangeIsAnEventWithActorHolderReasonAndProtocol() {
        service().acquire(AcquireRequest.now("deploy", "web-1", "web-1.example.com", Protocol.FOREMAN));
        service().acquire(AcquireRequest.now("deploy", "web-2", "cred-web2", Protocol.DLM_V2));
        policy().setSlots("deploy", 2, "ops");
        service().release("deploy", "web-1", "web-1.example.com", Protocol.FLEETLOCK, false);
        service().acquire(AcquireRequest.now("deploy", "web-3", "web-3", Protocol.NATIVE));
        service().forceRelease("deploy", "web-3", "bob", "stuck in reboot");
        policy().setEnabled("deploy", false, "ops", "maintenance");
        service().release("deploy", "web-9", "web-9", Protocol.NATIVE, false);
        policy().setEnabled("deploy", true, "ops", "done");
        policy().freeze("deploy", "bad kernel", "alice");
        policy().unfreeze("deploy", "alice");
        policy().freezeFleet("outage", "carol");
        policy().unfreezeFleet("carol");
        policy().setTiming("deploy", Duration.ofHours(1), Duration.ofMinutes(10), "ops");

        List<LockEvent> history = eventsAfter(0);
        assertThat(history).extracting(LockEvent::type, LockEvent::lockName, LockEvent::actor, LockEvent::holder,
                        LockEvent::protocol)
                .containsExactly(
                        tuple(EventType.CREATE, "deploy", "web-1.example.com", null, Protocol.FOREMAN),
                        tuple(EventType.ACQUIRE, "deploy", "web-1.example.com", "web-1", Protocol.FOREMAN),
                        tuple(EventType.REFUSE, "deploy", "cred-web2", "web-2", Protocol.DLM_V2),
                        tuple(EventType.SLOTS, "deploy", "ops", null, Protocol.NATIVE),
                        tuple(EventType.RELEASE, "deploy", "web-1.example.com", "web-1", Protocol.FLEETLOCK),
                        tuple(EventType.ACQUIRE, "deploy", "web-3", "web-3", Protocol.NATIVE),
                        tuple(EventType.FORCE_RELEASE, "deploy", "bob", "web-3", Protocol.NATIVE),
                        tuple(EventType.DISABLE, "deploy", "ops", null, Protocol.NATIVE),
                        tuple(EventType.REFUSE, "deploy", "web-9", "web-9", Protocol.NATIVE),
                        tuple(EventType.ENABLE, "deploy", "ops", null, Protocol.NATIVE),
                        tuple(EventType.FREEZE, "deploy", "alice", null, Protocol.NATIVE),
                        tuple(EventType.UNFREEZE, "deploy", "alice", null, Protocol.NATIVE),
                        tuple(EventType.FREEZE, null, "carol", null, Protocol.NATIVE),
                        tuple(EventType.UNFREEZE, null, "carol", null, Protocol.NATIVE),
                        tuple(EventType.SETTINGS, "deploy", "ops", null, Protocol.NATIVE));
        assertThat(history.get(2).reason()).contains("slots");
        assertThat(history.get(3).reason()).isEqualTo("1 -> 2");
        assertThat(history.get(6).reason()).isEqualTo("stuck in reboot");
        assertThat(history.get(7).reason()).isEqualTo("maintenance");
        assertThat(history.get(8).reason()).contains("disabled");
        assertThat(history.get(10).reason()).isEqualTo("bad kernel");
        assertThat(history.get(12).reason()).isEqualTo("outage");
        assertThat(history.get(14).reason()).contains("3600").contains("600");
        assertThat(history).allSatisfy(e -> assertThat(e.at()).isBetween(TestClock.START, clock().instant()));

        // The listener was told of each, the creation included, after commit, in the same order.
        assertThat(published()).extracting(LockEvent::type, LockEvent::lockName, LockEvent::actor, LockEvent::holder,
                        LockEvent::reason, LockEvent::protocol)
                .containsExactlyElementsOf(history.stream().map(e -> tuple(e.type(), e.lockName(), e.actor(), e.holder(),
                        e.reason(), e.protocol())).toList());
    }

    @Test
    default void everyWayALockIsCreatedIsToldToTheListener() {
        // The doors create on first use by an acquire (every door), or by a release (Foreman's DELETE);
        // operators by setting the slots or the timing of a lock that does not exist yet.
        service().acquire(new AcquireRequest("by-acquire", "web-1", "web-1.example.com", Protocol.FOREMAN, Duration.ZERO, true));
        service().acquire(new AcquireRequest("by-waiting", "web-1", "cred-web1", Protocol.DLM_V2, Duration.ofSeconds(5), true));
        service().release("by-release", "web-1", "web-1.example.com", Protocol.FOREMAN, true);
        policy().setSlots("by-slots", 3, "ops");
        policy().setTiming("by-timing", Duration.ofHours(1), null, "alice");

        List<LockEvent> created = eventsAfter(0).stream().filter(e -> e.type() == EventType.CREATE).toList();
        assertThat(created).extracting(LockEvent::lockName, LockEvent::actor, LockEvent::reason, LockEvent::protocol)
                .containsExactly(
                        tuple("by-acquire", "web-1.example.com", "slots=1", Protocol.FOREMAN),
                        tuple("by-waiting", "cred-web1", "slots=1", Protocol.DLM_V2),
                        tuple("by-release", "web-1.example.com", "slots=1", Protocol.FOREMAN),
                        tuple("by-slots", "ops", "slots=3", Protocol.NATIVE),
                        tuple("by-timing", "alice", "slots=1", Protocol.NATIVE));
        assertThat(published()).filteredOn(e -> e.type() == EventType.CREATE)
                .extracting(LockEvent::lockName, LockEvent::at, LockEvent::actor, LockEvent::reason, LockEvent::protocol)
                .containsExactlyElementsOf(created.stream()
                        .map(e -> tuple(e.lockName(), e.at(), e.actor(), e.reason(), e.protocol())).toList());
        // Each creation is told before what the same request did to the new lock.
        assertThat(published()).filteredOn(e -> "by-acquire".equals(e.lockName())).extracting(LockEvent::type)
                .containsExactly(EventType.CREATE, EventType.ACQUIRE);
        assertThat(published()).filteredOn(e -> "by-timing".equals(e.lockName())).extracting(LockEvent::type)
                .containsExactly(EventType.CREATE, EventType.SETTINGS);
    }

    @Test
    default void aLockCreatedByTwoServersAtOnceIsToldOnceByTheServerThatCreatedIt() {
        int locks = 8;
        Locks[] servers = {locks(), secondServer()};
        Concurrently.run(2 * locks, false, i -> servers[i % 2].service()
                .acquire(AcquireRequest.now("lock-" + i / 2, "web-" + i, "web-" + i, Protocol.FLEETLOCK)));

        List<LockEvent> history = eventsAfter(0).stream().filter(e -> e.type() == EventType.CREATE).toList();
        assertThat(history).extracting(LockEvent::lockName).doesNotHaveDuplicates().hasSize(locks);
        List<LockEvent> told = new ArrayList<>(published());
        told.addAll(publishedBySecondServer());
        assertThat(told).filteredOn(e -> e.type() == EventType.CREATE)
                .extracting(LockEvent::lockName, LockEvent::actor)
                .containsExactlyInAnyOrderElementsOf(history.stream().map(e -> tuple(e.lockName(), e.actor())).toList());
    }

    @Test
    default void aCreationTheStoreRanTwiceIsToldOnce() {
        // An optimistic store, or PostgreSQL's group commit running a batch again, may run a decision twice;
        // only the run that committed is told, and the lock is created by that run.
        HookedLockStore hooked = new HookedLockStore(store());
        List<LockEvent> told = java.util.Collections.synchronizedList(new ArrayList<>());
        Locks server = locksOver(hooked, LockServiceSettings.DEFAULTS, told::add);

        hooked.onceRetried();
        server.service().acquire(AcquireRequest.now("retried", "web-1", "web-1", Protocol.NATIVE));
        hooked.onceRetried();
        server.policy().setSlots("retried-slots", 2, "ops");

        assertThat(eventsAfter(0)).extracting(LockEvent::type, LockEvent::lockName).containsExactly(
                tuple(EventType.CREATE, "retried"), tuple(EventType.ACQUIRE, "retried"),
                tuple(EventType.CREATE, "retried-slots"));
        assertThat(told).extracting(LockEvent::type, LockEvent::lockName).containsExactly(
                tuple(EventType.CREATE, "retried"), tuple(EventType.ACQUIRE, "retried"),
                tuple(EventType.CREATE, "retried-slots"));
    }

    @Test
    default void noChangeWritesNoEvent() {
        policy().setSlots("deploy", 2, "ops");
        service().acquire(AcquireRequest.now("deploy", "web-1", "web-1", Protocol.NATIVE));
        long last = newestEventId();
        acquire("deploy", "web-1");                                  // already held
        release("deploy", "web-2");                                  // not held
        policy().setSlots("deploy", 2, "ops");                      // same slots
        policy().setEnabled("deploy", true, "ops", null);           // already enabled
        policy().unfreeze("deploy", "ops");                         // not frozen
        service().forceRelease("deploy", "web-2", "ops", "nothing"); // not held
        housekeeping().sweep();                                           // nothing stale
        assertThat(newestEventId()).isEqualTo(last);
    }

    @Test
    default void eventsComePerLockOrFleetWideNewestFirst() {
        acquire("a", "web-1");
        acquire("b", "web-1");
        release("a", "web-1");
        policy().freezeFleet("storm", "ops");
        release("b", "web-1");

        List<LockEvent> fleet = reader().events(null, null, 100).events();
        assertThat(fleet).extracting(LockEvent::type).containsExactly(EventType.RELEASE, EventType.FREEZE,
                EventType.RELEASE, EventType.ACQUIRE, EventType.CREATE, EventType.ACQUIRE, EventType.CREATE);
        assertThat(fleet).extracting(LockEvent::id).isSortedAccordingTo((x, y) -> Long.compare(y, x))
                .doesNotHaveDuplicates();

        assertThat(reader().events("a", null, 100).events())
                .extracting(LockEvent::type, LockEvent::lockName)
                .containsExactly(tuple(EventType.RELEASE, "a"), tuple(EventType.ACQUIRE, "a"), tuple(EventType.CREATE, "a"));
        assertThat(reader().events("b", null, 100).events()).extracting(LockEvent::type)
                .containsExactly(EventType.RELEASE, EventType.ACQUIRE, EventType.CREATE);
        assertThat(reader().events("nosuch", null, 100).events()).isEmpty();
        assertThat(reader().events("nosuch", null, 100).nextBefore()).isNull();
    }

    @Test
    default void pagesFollowNextBeforeToTheOldestEvent() {
        policy().setSlots("a", 100, "ops");
        policy().setSlots("b", 100, "ops");
        for (int i = 0; i < 12; i++) {
            acquire("a", "web-" + i);
            acquire("b", "web-" + i);
        }
        // 26 events in all, 13 for each lock.
        List<LockEvent> all = reader().events(null, null, 1000).events();
        assertThat(all).hasSize(26);
        assertThat(pages(null, 10)).extracting(List::size).containsExactly(10, 10, 6);
        assertThat(pages(null, 10).stream().flatMap(List::stream).toList()).isEqualTo(all);
        assertThat(pages(null, 13)).extracting(List::size).containsExactly(13, 13);
        assertThat(pages(null, 26)).extracting(List::size).containsExactly(26);
        assertThat(pages(null, 1).stream().flatMap(List::stream).toList()).isEqualTo(all);

        List<LockEvent> onlyA = all.stream().filter(e -> "a".equals(e.lockName())).toList();
        assertThat(pages("a", 5)).extracting(List::size).containsExactly(5, 5, 3);
        assertThat(pages("a", 5).stream().flatMap(List::stream).toList()).isEqualTo(onlyA);

        EventPage first = reader().events(null, null, 10);
        assertThat(first.nextBefore()).isEqualTo(first.events().getLast().id());
        assertThat(reader().events(null, all.getLast().id(), 10).events()).isEmpty();
    }

    @Test
    default void theLimitOfAPageIsBetweenOneAndAThousand() {
        acquire("a", "web-1");
        assertThatThrownBy(() -> reader().events(null, null, 0))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> reader().events("a", null, 1001))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("limit");
        assertThat(reader().events("a", null, 1000).events()).hasSize(2);
    }

    /** Walks every page of a query; each page is newest first. */
    private List<List<LockEvent>> pages(String lock, int limit) {
        List<List<LockEvent>> pages = new ArrayList<>();
        Long before = null;
        do {
            EventPage page = reader().events(lock, before, limit);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(limit);
            pages.add(page.events());
            before = page.nextBefore();
            assertThat(pages).as("pagination must end").hasSizeLessThan(1000);
        } while (before != null);
        return pages;
    }
}
