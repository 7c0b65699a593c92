package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Races: many distinct holders at the same moment never get more (or fewer) than {@code slots} grants, on one
 * server or two sharing the store.
 */
public interface RaceContract extends LockFixture {

    int HOLDERS = 64;

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 2, 5, 13})
    default void sixtyFourHoldersAtOnceGetExactlyTheSlots(int slots) {
        policy().setSlots("deploy", slots, "ops");
        List<AcquireResult> results = Concurrently.run(HOLDERS, slots % 2 == 0,
                i -> acquire("deploy", "web-" + i));
        assertExactlyGranted("deploy", results, slots);
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 2, 5, 13})
    default void sixtyFourHoldersOnTwoServersGetExactlyTheSlots(int slots) {
        Locks[] servers = {locks(), secondServer()};
        policy().setSlots("deploy", slots, "ops");
        List<AcquireResult> results = Concurrently.run(HOLDERS, slots % 2 == 1, i -> servers[i % 2].service().acquire(
                AcquireRequest.now("deploy", "web-" + i, "web-" + i, Protocol.NATIVE)));
        assertExactlyGranted("deploy", results, slots);
    }

    @Test
    default void sixtyFourHoldersCreatingTheSameLockCreateItOnce() {
        Locks[] servers = {locks(), secondServer()};
        List<AcquireResult> results = Concurrently.run(HOLDERS, false, i -> servers[i % 2].service().acquire(
                AcquireRequest.now("brand-new", "web-" + i, "web-" + i, Protocol.NATIVE)));
        assertExactlyGranted("brand-new", results, service().settings().defaultSlots());
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.CREATE).hasSize(1);
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 3})
    default void sixtyFourWaitersAreAllServedNeverMoreThanTheSlotsAtOnce(int slots) {
        policy().setSlots("deploy", slots, "ops");
        AtomicInteger current = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<AcquireResult> results = Concurrently.run(HOLDERS, true, i -> {
            String holder = "web-" + i;
            AcquireResult r = service().acquire(
                    new AcquireRequest("deploy", holder, holder, Protocol.NATIVE, Duration.ofSeconds(50), true));
            if (r.granted()) {
                most.accumulateAndGet(current.incrementAndGet(), Math::max);
                sleep(2);
                current.decrementAndGet();
                release("deploy", holder);
            }
            return r;
        });
        assertThat(results).extracting(AcquireResult::status).containsOnly(AcquireResult.Status.GRANTED);
        assertThat(most.get()).isBetween(1, slots);
        assertThat(holders("deploy")).isEmpty();
        assertThat(show("deploy").waiters()).isEmpty();
        assertThat(housekeeping().localWaiterCount()).isZero();
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.ACQUIRE).hasSize(HOLDERS);
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.REFUSE).isEmpty();
    }

    @Test
    default void waitersOnTwoServersAreAllServedNeverMoreThanTheSlotsAtOnce() {
        Locks[] servers = {locks(), secondServer()};
        startThread("pump", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                servers[0].housekeeping().pump();
                servers[1].housekeeping().pump();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        int slots = 2;
        policy().setSlots("deploy", slots, "ops");
        AtomicInteger current = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<AcquireResult> results = Concurrently.run(HOLDERS / 2, true, i -> {
            Locks server = servers[i % 2];
            String holder = "web-" + i;
            AcquireResult r = server.service().acquire(
                    new AcquireRequest("deploy", holder, holder, Protocol.NATIVE, Duration.ofSeconds(50), true));
            if (r.granted()) {
                most.accumulateAndGet(current.incrementAndGet(), Math::max);
                sleep(2);
                current.decrementAndGet();
                server.service().release("deploy", holder, holder, Protocol.NATIVE, false);
            }
            return r;
        });
        assertThat(results).extracting(AcquireResult::status).containsOnly(AcquireResult.Status.GRANTED);
        assertThat(most.get()).isBetween(1, slots);
        assertThat(holders("deploy")).isEmpty();
    }

    private void assertExactlyGranted(String lock, List<AcquireResult> results, int slots) {
        Map<AcquireResult.Status, Long> byStatus = results.stream()
                .collect(Collectors.groupingBy(AcquireResult::status, Collectors.counting()));
        assertThat(byStatus).containsEntry(AcquireResult.Status.GRANTED, (long) slots)
                .containsEntry(AcquireResult.Status.FULL, (long) (HOLDERS - slots)).hasSize(2);
        Set<String> granted = java.util.stream.IntStream.range(0, HOLDERS)
                .filter(i -> results.get(i).status() == AcquireResult.Status.GRANTED)
                .mapToObj(i -> "web-" + i).collect(Collectors.toSet());
        assertThat(holders(lock)).hasSize(slots).containsExactlyInAnyOrderElementsOf(granted);
        assertThat(store().read(lock).orElseThrow().holders()).hasSize(slots);
        Map<EventType, Long> events = eventsAfter(0).stream().filter(e -> lock.equals(e.lockName()))
                .collect(Collectors.groupingBy(LockEvent::type, Collectors.counting()));
        assertThat(events).containsEntry(EventType.ACQUIRE, (long) slots)
                .containsEntry(EventType.REFUSE, (long) (HOLDERS - slots));
        assertThat(results.stream().filter(AcquireResult::granted).map(r -> r.lock().holders().size()))
                .allMatch(n -> n <= slots);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
