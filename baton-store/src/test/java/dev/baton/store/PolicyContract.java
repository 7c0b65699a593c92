package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.EventType;
import dev.baton.lock.FleetPolicy;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Operator policy: disable/enable, freeze of a lock and of the fleet, force-release. */
public interface PolicyContract extends LockFixture {

    @Test
    default void aDisabledLockRefusesAcquireAndReleaseUntilEnabled() {
        policy().setSlots("deploy", 2, "ops");
        acquire("deploy", "web-1");
        LockView disabled = policy().setEnabled("deploy", false, "ops", "maintenance");
        assertThat(disabled.enabled()).isFalse();

        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.DISABLED);
        ReleaseResult refused = release("deploy", "web-1");
        assertThat(refused.status()).isEqualTo(ReleaseResult.Status.DISABLED);
        assertThat(refused.released()).isFalse();
        assertThat(holders("deploy")).containsExactly("web-1");

        assertThat(policy().setEnabled("deploy", true, "ops", null).enabled()).isTrue();
        assertThat(release("deploy", "web-1").status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-2");
    }

    @Test
    default void enablingOrDisablingAnUnknownLockIsNotFound() {
        assertThatThrownBy(() -> policy().setEnabled("nosuch", false, "ops", "x"))
                .isInstanceOf(LockNotFoundException.class).hasMessageContaining("nosuch");
        assertThat(reader().list()).isEmpty();
    }

    @Test
    default void aFrozenLockGrantsNothingNewButHoldersKeepAndMayRelease() {
        policy().setSlots("deploy", 3, "ops");
        acquire("deploy", "web-1");
        acquire("deploy", "web-2");

        LockView frozen = policy().freeze("deploy", "bad kernel in 5.14.0-1", "ops");
        assertThat(frozen.frozen()).isTrue();
        assertThat(frozen.freezeReason()).isEqualTo("bad kernel in 5.14.0-1");

        AcquireResult refused = acquire("deploy", "web-3");
        assertThat(refused.status()).isEqualTo(AcquireResult.Status.FROZEN);
        assertThat(refused.lock().freezeReason()).isEqualTo("bad kernel in 5.14.0-1");
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.ALREADY_HELD);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-2");

        assertThat(release("deploy", "web-1").status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.FROZEN);
        assertThat(holders("deploy")).containsExactly("web-2");

        LockView open = policy().unfreeze("deploy", "ops");
        assertThat(open.frozen()).isFalse();
        assertThat(open.freezeReason()).isNull();
        assertThat(acquire("deploy", "web-3").status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n"})
    default void freezingNeedsAReason(String reason) {
        acquire("deploy", "web-1");
        acquire("other", "web-1");
        Snapshot before = snapshot();
        assertThatThrownBy(() -> policy().freeze("deploy", reason, "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> policy().freezeFleet(reason, "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> service().forceRelease("deploy", "web-1", "ops", reason))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("reason");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    default void aReasonOfMoreThanAThousandCharactersIsRefused() {
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        String essay = "x".repeat(1001);
        assertThatThrownBy(() -> policy().freeze("deploy", essay, "ops"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("1000");
        assertThatThrownBy(() -> service().forceRelease("deploy", "web-1", "ops", essay))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("1000");
        assertThat(snapshot()).isEqualTo(before);
        // Exactly a thousand is fine, and kept whole.
        assertThat(policy().freeze("deploy", "y".repeat(1000), "ops").freezeReason()).hasSize(1000);
        assertThat(show("deploy").freezeReason()).isEqualTo("y".repeat(1000));
    }

    @Test
    default void aFleetFreezeStopsEveryNewGrantButNotReleases() {
        policy().setSlots("deploy", 2, "ops");
        acquire("deploy", "web-1");
        FleetPolicy fleet = policy().freezeFleet("datacenter power work", "alice");
        assertThat(fleet.frozen()).isTrue();
        assertThat(reader().fleet().frozen()).isTrue();
        assertThat(reader().fleet().reason()).isEqualTo("datacenter power work");
        assertThat(reader().fleet().changedBy()).isEqualTo("alice");

        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.FROZEN);
        AcquireResult elsewhere = acquire("brand-new", "web-2");
        assertThat(elsewhere.status()).isEqualTo(AcquireResult.Status.FROZEN);
        assertThat(elsewhere.lock().frozen()).isTrue();
        assertThat(elsewhere.lock().freezeReason()).contains("datacenter power work");
        assertThat(show("deploy").frozen()).isTrue();
        assertThat(reader().list()).allMatch(LockView::frozen);
        assertThat(holders("deploy")).containsExactly("web-1");

        assertThat(release("deploy", "web-1").status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.FROZEN);

        assertThat(policy().unfreezeFleet("alice").frozen()).isFalse();
        assertThat(reader().fleet().frozen()).isFalse();
        assertThat(show("deploy").frozen()).isFalse();
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void noGrantCommitsAfterAFleetFreezeWasAnswered() throws Exception {
        // An operator who was told "fleet frozen" must never see a grant that came after it. The freeze is
        // made while a decision is open: either it waits for that decision (the grant comes first), or the
        // decision must see it.
        HookedLockStore hooked = new HookedLockStore(store());
        Locks server = locksOver(hooked);
        server.policy().setSlots("deploy", 1, "ops");
        CompletableFuture<FleetPolicy> freeze = new CompletableFuture<>();
        AtomicBoolean answeredDuringTheDecision = new AtomicBoolean();
        hooked.onceInside(() -> {
            startThread("freeze", () -> freeze.complete(policy().freezeFleet("incident", "ops")));
            try {
                freeze.get(500, TimeUnit.MILLISECONDS);
                answeredDuringTheDecision.set(true);
            } catch (TimeoutException e) {
                // the freeze waits for this decision to commit
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
        AcquireResult result = server.service().acquire(AcquireRequest.now("deploy", "web-1", "web-1", Protocol.NATIVE));
        assertThat(freeze.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS).frozen()).isTrue();
        if (answeredDuringTheDecision.get()) {
            assertThat(result.status()).as("the freeze was answered before this decision committed")
                    .isEqualTo(AcquireResult.Status.FROZEN);
        } else {
            assertThat(result.status()).isEqualTo(AcquireResult.Status.GRANTED);
        }
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.FROZEN);
    }

    @Test
    default void aDecisionThatStartsWhileAFleetFreezeCommitsSeesTheFreeze() throws Exception {
        // The other order of the test above: the freeze is under way first. The decision must wait for it
        // and then refuse; deciding on the fleet policy as it was before the freeze would grant.
        policy().setSlots("deploy", 1, "ops");
        CompletableFuture<AcquireResult> decision = new CompletableFuture<>();
        store().updateFleet(tx -> {
            FleetPolicy frozen = new FleetPolicy(true, "incident", clock().instant(), "ops");
            tx.save(frozen);
            tx.append(new LockEvent(0, null, frozen.changedAt(), EventType.FREEZE, "ops", null, "incident", Protocol.NATIVE));
            startThread("decision", () -> decision.complete(
                    service().acquire(AcquireRequest.now("deploy", "web-1", "web-1", Protocol.NATIVE))));
            try {
                AcquireResult early = decision.get(500, TimeUnit.MILLISECONDS);
                throw new AssertionError("a decision was answered while the fleet freeze was still open: " + early.status());
            } catch (TimeoutException expected) {
                return frozen; // it waits for this freeze to commit
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(decision.get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(AcquireResult.Status.FROZEN);
        assertThat(holders("deploy")).isEmpty();
    }

    @Test
    default void aLockFrozenByItselfStaysFrozenWhenTheFleetThaws() {
        policy().setSlots("deploy", 1, "ops");
        policy().freeze("deploy", "own reason", "ops");
        policy().freezeFleet("fleet reason", "ops");
        assertThat(show("deploy").freezeReason()).isEqualTo("own reason");
        policy().unfreezeFleet("ops");
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.FROZEN);
        policy().unfreeze("deploy", "ops");
        assertThat(acquire("deploy", "web-1").status()).isEqualTo(AcquireResult.Status.GRANTED);
    }

    @Test
    default void forceReleaseRemovesAnyHolderWithAReasonEvenOnADisabledLock() {
        acquire("deploy", "web-1");
        policy().setEnabled("deploy", false, "ops", "maintenance");
        long last = newestEventId();

        ReleaseResult forced = service().forceRelease("deploy", "web-1", "bob", "host is dead");
        assertThat(forced.status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(forced.lock().holders()).isEmpty();
        assertThat(holders("deploy")).isEmpty();
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.FORCE_RELEASE);
            assertThat(e.lockName()).isEqualTo("deploy");
            assertThat(e.holder()).isEqualTo("web-1");
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.reason()).isEqualTo("host is dead");
            assertThat(e.protocol()).isEqualTo(Protocol.NATIVE);
        });

        policy().setEnabled("deploy", true, "ops", null);
        assertThat(acquire("deploy", "web-2").status()).isEqualTo(AcquireResult.Status.GRANTED);

        // A force-release through another door records that door.
        service().forceRelease("deploy", "web-2", "dlm-admin", "stuck", Protocol.DLM_V1);
        assertThat(reader().events("deploy", null, 1).events()).singleElement()
                .satisfies(e -> assertThat(e.protocol()).isEqualTo(Protocol.DLM_V1));
    }

    @Test
    default void forceReleasingSomeoneWhoHoldsNothingChangesNothing() {
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        assertThat(service().forceRelease("deploy", "web-2", "bob", "typo").status())
                .isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    default void forceReleaseFreesTheSlotForTheNextWaiter() {
        acquire("deploy", "web-1");
        Waiting next = queue("deploy", "web-2");
        service().forceRelease("deploy", "web-1", "bob", "host is dead");
        assertThat(next.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactly("web-2");
    }

    @Test
    default void policyChangesWakeWaiters() {
        policy().setSlots("deploy", 1, "ops");
        acquire("deploy", "web-1");
        Waiting bySlots = queue("deploy", "web-2");
        policy().setSlots("deploy", 2, "ops");
        assertThat(bySlots.get().status()).isEqualTo(AcquireResult.Status.GRANTED);

        policy().freezeFleet("incident", "ops");
        release("deploy", "web-2");
        Waiting byThaw = queue("deploy", "web-3");
        assertThat(byThaw.answered()).isFalse();
        policy().unfreezeFleet("ops");
        assertThat(byThaw.get().status()).isEqualTo(AcquireResult.Status.GRANTED);

        policy().freeze("deploy", "incident", "ops");
        release("deploy", "web-3");
        Waiting byUnfreeze = queue("deploy", "web-4");
        policy().unfreeze("deploy", "ops");
        assertThat(byUnfreeze.get().status()).isEqualTo(AcquireResult.Status.GRANTED);

        policy().setEnabled("deploy", false, "ops", "maintenance");
        service().forceRelease("deploy", "web-4", "ops", "make room");
        Waiting byEnable = queue("deploy", "web-5");
        policy().setEnabled("deploy", true, "ops", null);
        assertThat(byEnable.get().status()).isEqualTo(AcquireResult.Status.GRANTED);
        assertThat(holders("deploy")).containsExactlyInAnyOrder("web-1", "web-5");
        assertThat(eventsAfter(0)).extracting(LockEvent::type).doesNotContain(EventType.REFUSE);
    }
}
