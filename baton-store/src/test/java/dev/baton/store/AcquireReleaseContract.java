package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Acquire and release: ownership, re-entrance, holder-checked release, unknown locks, and slots. */
public interface AcquireReleaseContract extends LockFixture {

    @Test
    default void acquireGrantsASlotAndReleaseGivesItBack() {
        AcquireResult granted = acquire("deploy", "web-1");
        assertThat(granted.status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(granted.granted()).isTrue();
        assertThat(granted.lock().holders()).extracting(LockView.HolderView::holder).containsExactly("web-1");
        assertThat(granted.lock().slots()).isEqualTo(1);
        assertThat(holders("deploy")).containsExactly("web-1");

        ReleaseResult released = release("deploy", "web-1");
        assertThat(released.status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(released.lock().holders()).isEmpty();
        assertThat(holders("deploy")).isEmpty();

        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-2");
    }

    @Test
    default void aFullLockRefusesAnotherHolderAndKeepsItsHolder() {
        acquire("deploy", "web-1");
        AcquireResult refused = acquire("deploy", "web-2");
        assertThat(refused.status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(refused.granted()).isFalse();
        assertThat(refused.lock().isHeldBy("web-2")).isFalse();
        assertThat(holders("deploy")).containsExactly("web-1");
    }

    @Test
    default void acquiringAgainIsIdempotentAndKeepsOneSlot() {
        policy().setSlots("deploy", 2, "ops");
        AcquireResult first = acquire("deploy", "web-1");
        clock().advance(Duration.ofMinutes(5));
        AcquireResult again = acquire("deploy", "web-1");

        assertThat(again.status()).isEqualTo(AcquireResult.Status.ALREADY_HELD);
        assertThat(again.granted()).isTrue();
        assertThat(holders("deploy")).containsExactly("web-1");
        LockView.HolderView hold = show("deploy").holders().getFirst();
        assertThat(hold.acquiredAt()).isEqualTo(first.lock().holders().getFirst().acquiredAt());
        assertThat(hold.renewedAt()).isAfterOrEqualTo(hold.acquiredAt().plus(Duration.ofMinutes(5)));

        // web-1 still uses one of the two slots: a second holder fits, a third does not.
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(acquire("deploy", "web-3").status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.ALREADY_HELD);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-2");

        // One release gives the one slot back.
        assertThat(release("deploy", "web-1").status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(release("deploy", "web-1").status()).isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(holders("deploy")).containsExactly("web-2");
    }

    @Test
    default void acquiringAgainWithAWaitAnswersAtOnce() {
        acquire("deploy", "web-1");
        long before = System.nanoTime();
        AcquireResult again = service().acquire(
                new AcquireRequest("deploy", "web-1", "web-1", Protocol.NATIVE, Duration.ofSeconds(30), true));
        assertThat(again.status()).isEqualTo(AcquireResult.Status.ALREADY_HELD);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(PROMPTLY);
        assertThat(show("deploy").waiters()).isEmpty();
    }

    @Test
    default void releasingWhatYouDoNotHoldChangesNothing() {
        acquire("deploy", "web-1");
        Snapshot before = snapshot();

        ReleaseResult notHeld = release("deploy", "web-2");
        assertThat(notHeld.status()).isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(notHeld.released()).isFalse();
        assertThat(notHeld.lock().holders()).extracting(LockView.HolderView::holder).containsExactly("web-1");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    default void anUnknownLockIsNotCreatedUnlessAsked() {
        AcquireResult notFound = service().acquire(
                new AcquireRequest("nosuch", "web-1", "web-1", Protocol.NATIVE, Duration.ZERO, false));
        assertThat(notFound.status()).isEqualTo(AcquireResult.Status.NOT_FOUND);
        assertThat(notFound.lock()).isNull();
        assertThat(service().release("nosuch", "web-1", "web-1", Protocol.NATIVE, false).status())
                .isEqualTo(ReleaseResult.Status.NOT_FOUND);
        assertThat(service().forceRelease("nosuch", "web-1", "ops", "cleanup").status())
                .isEqualTo(ReleaseResult.Status.NOT_FOUND);
        assertThat(reader().show("nosuch")).isEmpty();
        assertThat(reader().list()).isEmpty();
        assertThat(newestEventId()).isZero();
        assertThat(published()).isEmpty();
    }

    @Test
    default void anUnknownLockIsCreatedWithTheDefaultSlotsWhenAsked() {
        AcquireResult created = service().acquire(
                new AcquireRequest("fresh", "web-1", "alice", Protocol.FOREMAN, Duration.ZERO, true));
        assertThat(created.status()).isEqualTo(AcquireResult.Status.GRANTED);
        LockView lock = show("fresh");
        assertThat(lock.slots()).isEqualTo(service().settings().defaultSlots());
        assertThat(lock.enabled()).isTrue();
        assertThat(lock.frozen()).isFalse();
        assertThat(lock.createdAt()).isNotNull();
        assertThat(eventsAfter(0)).extracting(LockEvent::type).containsExactly(EventType.CREATE, EventType.ACQUIRE);
        LockEvent create = eventsAfter(0).getFirst();
        assertThat(create.lockName()).isEqualTo("fresh");
        assertThat(create.actor()).isEqualTo("alice");
        assertThat(create.protocol()).isEqualTo(Protocol.FOREMAN);
        assertThat(reader().list()).extracting(LockView::name).containsExactly("fresh");
    }

    @Test
    default void raisingSlotsAppliesToTheNextDecision() {
        acquire("deploy", "web-1");
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.FULL);

        LockView raised = policy().setSlots("deploy", 3, "ops");
        assertThat(raised.slots()).isEqualTo(3);
        assertThat(raised.free()).isEqualTo(2);
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(acquire("deploy", "web-3").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(acquire("deploy", "web-4").status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
    }

    @Test
    default void loweringSlotsEvictsNobodyAndBlocksGrantsUntilEnoughRelease() {
        policy().setSlots("deploy", 3, "ops");
        acquire("deploy", "web-1");
        acquire("deploy", "web-2");
        acquire("deploy", "web-3");

        LockView lowered = policy().setSlots("deploy", 1, "ops");
        assertThat(lowered.slots()).isEqualTo(1);
        assertThat(lowered.holders()).hasSize(3);
        assertThat(lowered.free()).isZero();
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-2", "web-3");

        assertThat(acquire("deploy", "web-4").status()).isEqualTo(AcquireResult.Status.FULL);
        release("deploy", "web-1");
        assertThat(acquire("deploy", "web-4").status()).isEqualTo(AcquireResult.Status.FULL);
        release("deploy", "web-2");
        assertThat(acquire("deploy", "web-4").status()).isEqualTo(AcquireResult.Status.FULL);
        release("deploy", "web-3");
        assertThat(acquire("deploy", "web-4").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(acquire("deploy", "web-5").status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(holders("deploy")).containsExactly("web-4");
    }

    @Test
    default void zeroSlotsGrantNothing() {
        policy().setSlots("closed", 0, "ops");
        assertThat(acquire("closed", "web-1").status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(holders("closed")).isEmpty();
    }

    @Test
    default void setSlotsCreatesTheLockWithThoseSlots() {
        LockView created = policy().setSlots("batch", 5, "ops");
        assertThat(created.slots()).isEqualTo(5);
        assertThat(eventsAfter(0)).extracting(LockEvent::type).containsExactly(EventType.CREATE);
        assertThat(eventsAfter(0).getFirst().reason()).isEqualTo("slots=5");
        // Setting the same number again is no change and writes nothing.
        long last = newestEventId();
        policy().setSlots("batch", 5, "ops");
        assertThat(newestEventId()).isEqualTo(last);
    }

    @Test
    default void locksAreIndependent() {
        acquire("deploy", "web-1");
        assertThat(acquire("reboot", "web-1").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(acquire("reboot", "web-2").status()).isEqualTo(AcquireResult.Status.FULL);
        release("deploy", "web-1");
        assertThat(holders("reboot")).containsExactly("web-1");
        assertThat(reader().list()).extracting(LockView::name).containsExactly("deploy", "reboot");
    }
}
