package dev.baton.store;

import static dev.baton.store.HookedLockStore.did;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventType;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.Waiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Waiting: one first-come first-served queue per lock, shared by every server; positions visible; a waiter
 * that gives up, is cancelled or whose server died leaves it; nobody jumps it.
 */
public interface WaitingContract extends LockFixture {

    @Test
    default void waitersSeeTheirPlaceInTheQueue() {
        acquire("deploy", "web-0");
        queue("deploy", "web-1");
        clock().advance(Duration.ofSeconds(1));
        queue("deploy", "web-2");
        queue("deploy", "web-3");

        LockView view = show("deploy");
        assertThat(view.waiters()).extracting(LockView.WaiterView::holder, LockView.WaiterView::position)
                .containsExactly(tuple("web-1", 1), tuple("web-2", 2), tuple("web-3", 3));
        assertThat(view.waiters().get(0).since()).isBefore(view.waiters().get(1).since());
        assertThat(reader().list().getFirst().waiters()).isEqualTo(view.waiters());
        assertThat(housekeeping().localWaiterCount()).isEqualTo(3);

        release("deploy", "web-0");
        await().atMost(PROMPTLY).until(() -> waiters("deploy").equals(List.of("web-2", "web-3")));
        assertThat(show("deploy").waiters()).extracting(LockView.WaiterView::position).containsExactly(1, 2);
    }

    @Test
    default void waitersAreServedFirstComeFirstServed() {
        acquire("deploy", "web-0");
        List<Waiting> waiting = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            waiting.add(queue("deploy", "web-" + i));
        }
        String holder = "web-0";
        for (int i = 0; i < waiting.size(); i++) {
            release("deploy", holder);
            Waiting next = waiting.get(i);
            assertThat(next.get().status()).as("grant %d", i + 1).isEqualTo(AcquireResult.Status.GRANTED);
            assertThat(waiting).filteredOn(Waiting::answered).containsExactlyElementsOf(waiting.subList(0, i + 1));
            assertThat(holders("deploy")).containsExactly(next.holder());
            holder = next.holder();
        }
        assertThat(show("deploy").waiters()).isEmpty();
        assertThat(housekeeping().localWaiterCount()).isZero();
    }

    @Test
    default void freedSlotsGoToTheFirstWaitersInOrder() {
        policy().setSlots("deploy", 3, "ops");
        for (String h : List.of("web-a", "web-b", "web-c")) {
            acquire("deploy", h);
        }
        List<Waiting> waiting = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            waiting.add(queue("deploy", "web-" + i));
        }
        release("deploy", "web-a");
        release("deploy", "web-b");
        assertThat(waiting.get(0).get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(waiting.get(1).get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-c", "web-1", "web-2");
        assertThat(waiters("deploy")).containsExactly("web-3", "web-4", "web-5");
        assertThat(waiting.subList(2, 5)).noneMatch(Waiting::answered);
    }

    @Test
    default void aCallerThatDoesNotWaitNeverJumpsTheQueueEvenWithAFreeSlot() {
        // web-1 waits on the second server, which is not pumped: the slot freed on the first stays free.
        acquire("deploy", "web-0");
        Waiting first = startWaiting(secondServer(), "deploy", "web-1", Duration.ofSeconds(60));
        awaitQueued("deploy", "web-1");
        release("deploy", "web-0");
        assertThat(show("deploy").free()).isEqualTo(1);

        long last = newestEventId();
        AcquireResult jumper = acquire("deploy", "web-2");
        assertThat(jumper.status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.REFUSE);
            assertThat(e.reason()).contains("1 waiting ahead");
        });
        Waiting second = startWaiting(locks(), "deploy", "web-3", Duration.ofSeconds(60));
        awaitQueued("deploy", "web-3");
        assertThat(show("deploy").waiters()).extracting(LockView.WaiterView::holder, LockView.WaiterView::position)
                .containsExactly(tuple("web-1", 1), tuple("web-3", 2));
        assertThat(holders("deploy")).isEmpty();

        secondServer().housekeeping().pump();
        assertThat(first.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(second.answered()).isFalse();
        release("deploy", "web-1");
        assertThat(second.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void waitersOnTwoServersShareOneQueue() {
        Locks a = locks();
        Locks b = secondServer();
        startThread("pump", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                a.housekeeping().pump();
                b.housekeeping().pump();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        acquire("deploy", "web-0");
        List<Waiting> waiting = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            waiting.add(startWaiting(i % 2 == 0 ? b : a, "deploy", "web-" + i, Duration.ofSeconds(60)));
            awaitQueued("deploy", "web-" + i);
        }
        String holder = "web-0";
        for (int i = 0; i < waiting.size(); i++) {
            (i % 2 == 0 ? b : a).service().release("deploy", holder, holder, Protocol.NATIVE, false);
            assertThat(waiting.get(i).get().status()).isEqualTo(AcquireResult.Status.GRANTED);
            assertThat(waiting).filteredOn(Waiting::answered).containsExactlyElementsOf(waiting.subList(0, i + 1));
            holder = waiting.get(i).holder();
        }
    }

    @Test
    default void aWaiterThatTimesOutLeavesTheQueue() {
        acquire("deploy", "web-0");
        Waiting patient = queue("deploy", "web-1");
        Waiting impatient = startWaiting(locks(), "deploy", "web-2", Duration.ofMillis(300));

        AcquireResult timedOut = impatient.get();
        assertThat(timedOut.status()).isEqualTo(AcquireResult.Status.TIMEOUT);
        assertThat(timedOut.granted()).isFalse();
        assertThat(timedOut.position()).as("it waited behind web-1").isEqualTo(2);
        Waiting last = queue("deploy", "web-3");
        assertThat(show("deploy").waiters()).extracting(LockView.WaiterView::holder, LockView.WaiterView::position)
                .containsExactly(tuple("web-1", 1), tuple("web-3", 2));
        assertThat(eventsAfter(0)).filteredOn(e -> "web-2".equals(e.holder())).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.REFUSE);
            assertThat(e.reason()).contains("timed out").contains("number 2");
        });
        assertThat(housekeeping().localWaiterCount()).isEqualTo(2);

        release("deploy", "web-0");
        assertThat(patient.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        release("deploy", "web-1");
        assertThat(last.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void aWaiterWhoseThreadIsInterruptedLeavesTheQueue() {
        acquire("deploy", "web-0");
        CompletableFuture<AcquireResult> answer = new CompletableFuture<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = startThread("web-1", () -> {
            AcquireResult r = service().acquire(
                    new AcquireRequest("deploy", "web-1", "web-1", Protocol.NATIVE, Duration.ofSeconds(60), true));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
            answer.complete(r);
        });
        awaitQueued("deploy", "web-1");
        Waiting next = queue("deploy", "web-2");

        caller.interrupt();
        AcquireResult cancelled = new Waiting("web-1", caller, answer).get();
        assertThat(cancelled.status()).isEqualTo(AcquireResult.Status.CANCELLED);
        assertThat(cancelled.position()).isEqualTo(1);
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
        assertThat(show("deploy").waiters()).extracting(LockView.WaiterView::holder, LockView.WaiterView::position)
                .containsExactly(tuple("web-2", 1));
        assertThat(eventsAfter(0)).filteredOn(e -> "web-1".equals(e.holder())).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("went away"));

        release("deploy", "web-0");
        assertThat(next.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-2");
    }

    @Test
    default void aWaiterWhoseServerDiedStopsBlockingOthers() {
        policy().setSlots("deploy", 1, "ops");
        Instant now = clock().instant();
        Duration ttl = service().settings().waiterTtl();
        store().update("deploy", null, tx -> tx.addWaiter(
                new Waiter("ghost-1", "web-ghost", 0, now, now.plus(ttl), "a-server-that-died")));
        assertThat(waiters("deploy")).containsExactly("web-ghost");

        assertThat(acquire("deploy", "web-1").status()).as("the ghost is still ahead").isEqualTo(AcquireResult.Status.FULL);

        clock().advance(ttl.plusSeconds(1));
        assertThat(show("deploy").waiters()).isEmpty();
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(store().read("deploy").orElseThrow().waiters()).as("kept until a heartbeat purges it").hasSize(1);
        clock().advance(ttl);
        housekeeping().heartbeat();
        assertThat(store().read("deploy").orElseThrow().waiters()).as("the expired row is cleaned up").isEmpty();
    }

    @Test
    default void aHeartbeatExtendsEveryWaiterOfItsServerInChunksAndNoOtherServersNorAnExpiryLater() {
        Instant now = clock().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        int many = 2 * SqlLockStore.EXTEND_CHUNK + 7; // two full chunks and a part
        store().update("deploy", LockSettings.withSlots(1), tx -> {
            for (int i = 0; i < many; i++) {
                tx.addWaiter(new Waiter("mine-" + i, "web-" + i, 0, now, now.plusSeconds(10), "this-server"));
                if (i % 100 == 0) {
                    tx.addWaiter(new Waiter("other-" + i, "web-o" + i, 0, now, now.plusSeconds(10), "other-server"));
                }
            }
            tx.addWaiter(new Waiter("late", "web-late", 0, now, now.plusSeconds(500), "this-server"));
            return null;
        });

        store().extendWaiters("this-server", now.plusSeconds(100));

        var expiries = store().read("deploy").orElseThrow().waiters().stream()
                .collect(java.util.stream.Collectors.groupingBy(w -> w.id().startsWith("mine-") ? "mine"
                        : w.id().startsWith("other-") ? "other" : w.id(),
                        java.util.stream.Collectors.mapping(Waiter::expiresAt, java.util.stream.Collectors.toSet())));
        assertThat(expiries.get("mine")).containsExactly(now.plusSeconds(100));
        assertThat(expiries.get("other")).containsExactly(now.plusSeconds(10));
        assertThat(expiries.get("late")).containsExactly(now.plusSeconds(500));
        assertThat(store().read("deploy").orElseThrow().waiters()).hasSize(many + (many + 99) / 100 + 1);
    }

    @Test
    default void readingALockWithoutItsQueueGivesItsHoldersAndNoWaiters() {
        acquire("deploy", "web-0");
        Waiting w = startWaiting(locks(), "deploy", "web-1", Duration.ofHours(1));
        awaitQueued("deploy", "web-1");
        var lock = store().readWithoutQueue("deploy").orElseThrow();
        assertThat(lock.holders()).extracting(Hold::holder).containsExactly("web-0");
        assertThat(lock.waiters()).isEmpty();
        assertThat(store().readWithoutQueue("nosuch")).isEmpty();
        release("deploy", "web-0");
        assertThat(w.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void heartbeatsKeepALiveWaiterQueued() {
        acquire("deploy", "web-0");
        Waiting w = startWaiting(locks(), "deploy", "web-1", Duration.ofHours(1));
        awaitQueued("deploy", "web-1");
        Duration ttl = service().settings().waiterTtl();
        for (int i = 0; i < 5; i++) {
            clock().advance(ttl.dividedBy(2));
            housekeeping().heartbeat();
        }
        assertThat(waiters("deploy")).containsExactly("web-1");
        release("deploy", "web-0");
        assertThat(w.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void aWaiterOfAServerThatStoppedHeartbeatsLosesItsPlaceButIsStillServed() {
        acquire("deploy", "web-0");
        Waiting stalled = startWaiting(secondServer(), "deploy", "web-1", Duration.ofHours(1));
        awaitQueued("deploy", "web-1");
        clock().advance(service().settings().waiterTtl().plusSeconds(1));
        assertThat(show("deploy").waiters()).isEmpty();

        // web-2, queued after web-1's place expired, is now first.
        Waiting next = queue("deploy", "web-2");
        release("deploy", "web-0");
        assertThat(next.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        secondServer().housekeeping().pump();
        assertThat(stalled.answered()).isFalse();

        release("deploy", "web-2");
        secondServer().housekeeping().pump(); // a slot is free: the request that still runs is served
        assertThat(stalled.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-1");
    }

    @Test
    default void aSlotFreedBetweenQueueingAndWaitingIsNotMissed() {
        // Regression: the release ran after the waiter was stored but before it was registered locally,
        // so nobody woke it and it slept until its deadline.
        HookedLockStore hooked = new HookedLockStore(store());
        Locks server = locksOver(hooked);
        server.service().acquire(AcquireRequest.now("deploy", "web-0", "web-0", Protocol.NATIVE));
        hooked.once(did("queued web-1"), () -> server.service().release("deploy", "web-0", "web-0", Protocol.NATIVE, false));

        Waiting w = startWaiting(server, "deploy", "web-1", Duration.ofSeconds(60));
        assertThat(w.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void aWakeUpIsNotSpentOnAWaiterThatWasJustGranted() {
        // Regression: web-1, granted but not yet unregistered, took the wake-up of the next release,
        // and web-2 slept beside a free slot until its deadline.
        HookedLockStore hooked = new HookedLockStore(store());
        Locks server = locksOver(hooked);
        server.policy().setSlots("deploy", 2, "ops");
        server.service().acquire(AcquireRequest.now("deploy", "web-a", "web-a", Protocol.NATIVE));
        server.service().acquire(AcquireRequest.now("deploy", "web-b", "web-b", Protocol.NATIVE));
        Waiting first = startWaiting(server, "deploy", "web-1", Duration.ofSeconds(60));
        awaitQueued("deploy", "web-1");
        Waiting second = startWaiting(server, "deploy", "web-2", Duration.ofSeconds(60));
        awaitQueued("deploy", "web-2");
        await().atMost(PROMPTLY).until(() -> server.housekeeping().localWaiterCount() == 2);

        hooked.once(did("granted web-1"), () -> server.service().release("deploy", "web-b", "web-b", Protocol.NATIVE, false));
        server.service().release("deploy", "web-a", "web-a", Protocol.NATIVE, false);

        assertThat(first.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(second.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-2");
    }

    @Test
    default void aGrantedWaiterLeavesNoTrace() {
        acquire("deploy", "web-0");
        Waiting w = queue("deploy", "web-1");
        long last = newestEventId();
        release("deploy", "web-0");
        assertThat(w.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(w.get().lock().waiters()).isEmpty();
        assertThat(store().read("deploy").orElseThrow().waiters()).isEmpty();
        assertThat(eventsAfter(last)).extracting(LockEvent::type, LockEvent::holder)
                .containsExactly(tuple(EventType.RELEASE, "web-0"), tuple(EventType.ACQUIRE, "web-1"));
        assertThat(housekeeping().localWaiterCount()).isZero();
    }
}
