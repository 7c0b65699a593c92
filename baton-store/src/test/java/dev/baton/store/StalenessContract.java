package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventType;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Staleness (reported, never acted on) and leases (off by default; when set, an un-renewed holder is released).
 * Time moves by {@link TestClock#advance}, never by sleeping.
 */
public interface StalenessContract extends LockFixture {

    @Test
    default void withoutAFleetDefaultOrTheLocksOwnSettingNoHolderIsEverStale() {
        acquire("deploy", "web-1");
        assertThat(show("deploy").staleAfter()).as("off").isNull();
        clock().advance(Duration.ofDays(30));
        assertThat(show("deploy").stale()).isFalse();
        assertThat(show("deploy").holders()).singleElement().satisfies(h -> assertThat(h.stale()).isFalse());
        assertThat(housekeeping().sweep()).isZero();
        assertThat(eventsAfter(0)).extracting(LockEvent::type).doesNotContain(EventType.STALE);
    }

    @Test
    default void aHolderHeldLongerThanStaleAfterIsReportedStaleOnceAndKeepsItsSlot() {
        policy().setStaleAfter("deploy", Duration.ofHours(4), "ops");
        acquire("deploy", "web-1");
        assertThat(show("deploy").staleAfter()).isEqualTo(Duration.ofHours(4));
        clock().advance(Duration.ofHours(3).plusMinutes(59));
        assertThat(show("deploy").stale()).isFalse();
        assertThat(housekeeping().sweep()).isZero();

        clock().advance(Duration.ofMinutes(2));
        LockView stale = show("deploy");
        assertThat(stale.stale()).isTrue();
        assertThat(stale.holders()).singleElement().satisfies(h -> assertThat(h.stale()).isTrue());
        assertThat(reader().list()).singleElement().satisfies(l -> assertThat(l.stale()).isTrue());

        long last = newestEventId();
        assertThat(housekeeping().sweep()).isEqualTo(1);
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.STALE);
            assertThat(e.lockName()).isEqualTo("deploy");
            assertThat(e.holder()).isEqualTo("web-1");
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.protocol()).isEqualTo(Protocol.SYSTEM);
            assertThat(e.reason()).contains("240 min");
        });

        // Reported once, and nothing is released without a lease, however long it is held.
        assertThat(housekeeping().sweep()).isZero();
        clock().advance(Duration.ofDays(30));
        assertThat(housekeeping().sweep()).isZero();
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.FULL);
        assertThat(holders("deploy")).containsExactly("web-1");
        assertThat(eventsAfter(0)).extracting(LockEvent::type).filteredOn(t -> t == EventType.STALE).hasSize(1);
    }

    @Test
    default void aServerDefaultAppliesToLocksThatSetNoneAndALockMayTurnItOffOrGoBackToIt() {
        Locks server = locksOver(store(), LockServiceSettings.DEFAULTS.withDefaultStaleAfter(Duration.ofHours(1)));
        server.policy().setStaleAfter("own", Duration.ofMinutes(10), "ops");
        server.policy().setStaleAfter("off", LockSettings.STALE_AFTER_OFF, "ops");
        for (String lock : List.of("inherits", "own", "off")) {
            server.service().acquire(AcquireRequest.now(lock, "web-1", "web-1", Protocol.NATIVE));
        }
        clock().advance(Duration.ofHours(2));
        assertThat(List.of("inherits", "own", "off")).extracting(l -> server.reader().show(l).orElseThrow())
                .extracting(LockView::staleAfter, LockView::staleAfterFrom, LockView::stale)
                .containsExactly(tuple(Duration.ofHours(1), LockView.StaleAfterFrom.SERVER, true),
                        tuple(Duration.ofMinutes(10), LockView.StaleAfterFrom.LOCK, true),
                        tuple(null, LockView.StaleAfterFrom.LOCK, false));
        assertThat(show("inherits")).as("a server without a default")
                .extracting(LockView::staleAfter, LockView::staleAfterFrom, LockView::stale)
                .containsExactly(null, LockView.StaleAfterFrom.NONE, false);
        assertThat(server.housekeeping().sweep()).isEqualTo(2);
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.STALE).extracting(LockEvent::lockName)
                .containsExactlyInAnyOrder("inherits", "own");

        server.policy().setStaleAfter("off", null, "ops"); // back to the server's default
        assertThat(server.reader().show("off").orElseThrow()).extracting(LockView::staleAfter, LockView::staleAfterFrom,
                LockView::stale).containsExactly(Duration.ofHours(1), LockView.StaleAfterFrom.SERVER, true);
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.SETTINGS).extracting(LockEvent::reason)
                .containsExactly("stale_after=600s", "stale_after=off", "stale_after=default");
    }

    @Test
    default void aLocksOwnStaleAfterOverridesTheDefault() {
        policy().setTiming("deploy", Duration.ofMinutes(10), null, "ops");
        policy().setSlots("deploy", 2, "ops");
        acquire("deploy", "web-1");
        clock().advance(Duration.ofMinutes(6));
        acquire("deploy", "web-2");
        clock().advance(Duration.ofMinutes(5));
        assertThat(show("deploy").holders()).extracting(LockView.HolderView::holder, LockView.HolderView::stale)
                .containsExactly(org.assertj.core.api.Assertions.tuple("web-1", true),
                        org.assertj.core.api.Assertions.tuple("web-2", false));
        assertThat(housekeeping().sweep()).isEqualTo(1);
        clock().advance(Duration.ofMinutes(6));
        assertThat(housekeeping().sweep()).isEqualTo(1);
        assertThat(eventsAfter(0)).filteredOn(e -> e.type() == EventType.STALE).extracting(LockEvent::holder)
                .containsExactly("web-1", "web-2");
    }

    @Test
    default void renewingDoesNotHideStalenessButANewHoldStartsAfresh() {
        policy().setStaleAfter("deploy", Duration.ofHours(4), "ops");
        acquire("deploy", "web-1");
        clock().advance(Duration.ofHours(3));
        acquire("deploy", "web-1");
        clock().advance(Duration.ofHours(2));
        assertThat(show("deploy").stale()).isTrue();
        assertThat(housekeeping().sweep()).isEqualTo(1);

        release("deploy", "web-1");
        acquire("deploy", "web-1");
        assertThat(show("deploy").stale()).isFalse();
        clock().advance(Duration.ofHours(5));
        assertThat(housekeeping().sweep()).as("a new hold is reported again").isEqualTo(1);
    }

    @Test
    default void withALeaseAnUnrenewedHolderIsReleasedBySweep() {
        policy().setTiming("deploy", null, Duration.ofSeconds(60), "ops");
        acquire("deploy", "web-1");
        clock().advance(Duration.ofSeconds(30));
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.ALREADY_HELD); // renews
        clock().advance(Duration.ofSeconds(45));
        assertThat(housekeeping().sweep()).as("renewed 45 s ago, within the lease").isZero();
        assertThat(holders("deploy")).containsExactly("web-1");

        clock().advance(Duration.ofSeconds(16));
        long last = newestEventId();
        assertThat(housekeeping().sweep()).isEqualTo(1);
        assertThat(holders("deploy")).isEmpty();
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.EXPIRE);
            assertThat(e.holder()).isEqualTo("web-1");
            assertThat(e.actor()).isEqualTo("system");
            assertThat(e.protocol()).isEqualTo(Protocol.SYSTEM);
            assertThat(e.reason()).contains("60 s");
        });
        assertThat(housekeeping().sweep()).isZero();
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void withALeaseAnUnrenewedHolderIsReleasedAtTheNextDecision() {
        policy().setTiming("deploy", null, Duration.ofMinutes(1), "ops");
        acquire("deploy", "web-1");
        clock().advance(Duration.ofMinutes(2));
        long last = newestEventId();

        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-2");
        assertThat(eventsAfter(last)).extracting(LockEvent::type, LockEvent::holder).containsExactly(
                org.assertj.core.api.Assertions.tuple(EventType.EXPIRE, "web-1"),
                org.assertj.core.api.Assertions.tuple(EventType.ACQUIRE, "web-2"));
    }

    @Test
    default void anExpiredHolderAskingAgainGetsAFreshSlot() {
        policy().setTiming("deploy", null, Duration.ofMinutes(1), "ops");
        acquire("deploy", "web-1");
        clock().advance(Duration.ofMinutes(2));
        long last = newestEventId();
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(eventsAfter(last)).extracting(LockEvent::type).containsExactly(EventType.EXPIRE, EventType.ACQUIRE);
        LockView.HolderView hold = show("deploy").holders().getFirst();
        assertThat(hold.acquiredAt()).isEqualTo(hold.renewedAt());
    }

    @Test
    default void aLeaseIsPolicyReadWhenDecidingNotFrozenIntoTheHold() {
        acquire("deploy", "web-1");
        clock().advance(Duration.ofHours(2));
        assertThat(housekeeping().sweep()).isZero();
        policy().setTiming("deploy", null, Duration.ofHours(1), "ops");
        assertThat(housekeeping().sweep()).as("the new lease applies to the existing holder").isEqualTo(1);
        assertThat(holders("deploy")).isEmpty();

        acquire("deploy", "web-2");
        policy().setTiming("deploy", null, null, "ops");
        clock().advance(Duration.ofHours(3));
        assertThat(housekeeping().sweep()).as("no lease any more: nothing released").isZero();
        assertThat(holders("deploy")).containsExactly("web-2");
        assertThat(show("deploy").lease()).isNull();
    }
}
