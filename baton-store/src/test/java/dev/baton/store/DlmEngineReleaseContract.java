package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lock.EventType;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockService;
import dev.baton.lock.LockView;
import dev.baton.lock.Protocol;
import dev.baton.lock.ReleaseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * DLM Engine's release ({@link LockService#releaseOwn}) and v1 force-release ({@link LockService#forceReleaseAll}):
 * each one compare-and-set over all the slots it concerns, so no other request ever sees half of it done, and a
 * release of a lock the caller does not hold either finishes (nobody holds it) or names who does (issue 13).
 */
public interface DlmEngineReleaseContract extends LockFixture {

    @Test
    default void releaseOwnGivesBackEveryOwnSlotInOneCompareAndSet() {
        policy().setSlots("deploy", 3, "ops");
        acquire("deploy", "web-1");
        acquire("deploy", "web-2");
        acquire("deploy", "web-3");
        long last = newestEventId();
        HookedLockStore hooked = new HookedLockStore(store());
        LockService server = locksOver(hooked).service();
        List<String> seenRightAfterTheFirstRemoval = holdersSeenRightAfter(hooked, "removed web-1");

        ReleaseResult result = server.releaseOwn("deploy", Set.of("web-1", "web-2")::contains, null, "cred-web", Protocol.DLM_V2);

        assertThat(result.status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(seenRightAfterTheFirstRemoval).as("both slots went in the same commit").containsExactly("web-3");
        assertThat(holders("deploy")).containsExactly("web-3");
        assertThat(eventsAfter(last)).extracting(LockEvent::type, LockEvent::holder, LockEvent::protocol)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(EventType.RELEASE, "web-1", Protocol.DLM_V2),
                        org.assertj.core.groups.Tuple.tuple(EventType.RELEASE, "web-2", Protocol.DLM_V2));
    }

    @Test
    default void releaseOwnOfALockNobodyHoldsIsASuccessfulNoOpThatTheHistoryCalls_notHeld() {
        acquire("deploy", "web-1");
        service().forceRelease("deploy", "web-1", "ops", "stuck host");
        long last = newestEventId();

        ReleaseResult result = service().releaseOwn("deploy", "web-1"::equals, "web-1", "cred-web-1", Protocol.DLM_V2);

        assertThat(result.status()).isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(result.lock().holders()).isEmpty();
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.RELEASE);
            assertThat(e.holder()).isEqualTo("web-1");
            assertThat(e.actor()).isEqualTo("cred-web-1");
            assertThat(e.reason()).contains("not held");
            assertThat(e.protocol()).isEqualTo(Protocol.DLM_V2);
        });
        assertThat(published()).last().satisfies(e -> assertThat(e.reason()).contains("not held"));
    }

    @Test
    default void releaseOwnOfALockAnotherHoldsChangesNothingAndNamesTheHolder() {
        acquire("deploy", "web-2");
        long last = newestEventId();

        ReleaseResult result = service().releaseOwn("deploy", "web-1"::equals, "web-1", "cred-web-1", Protocol.DLM_V1);

        assertThat(result.status()).isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(result.lock().holders()).extracting(LockView.HolderView::holder).containsExactly("web-2");
        assertThat(holders("deploy")).containsExactly("web-2");
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.REFUSE);
            assertThat(e.holder()).isEqualTo("web-1");
            assertThat(e.reason()).contains("held by 'web-2'");
        });
    }

    @Test
    default void releaseOwnRefusesOnADisabledLockAndKnowsNoUnknownLock() {
        acquire("deploy", "web-1");
        policy().setEnabled("deploy", false, "ops", "maintenance");
        assertThat(service().releaseOwn("deploy", "web-1"::equals, "web-1", "w", Protocol.DLM_V2).status())
                .isEqualTo(ReleaseResult.Status.DISABLED);
        assertThat(holders("deploy")).containsExactly("web-1");
        assertThat(service().releaseOwn("nosuch", "web-1"::equals, "web-1", "w", Protocol.DLM_V2).status())
                .isEqualTo(ReleaseResult.Status.NOT_FOUND);
        assertThat(reader().show("nosuch")).isEmpty();
    }

    @Test
    default void forceReleaseAllRemovesEveryHolderInOneCompareAndSetEvenOnADisabledLock() {
        policy().setSlots("deploy", 3, "ops");
        acquire("deploy", "web-1");
        acquire("deploy", "web-2");
        acquire("deploy", "web-3");
        policy().setEnabled("deploy", false, "ops", "maintenance");
        long last = newestEventId();
        HookedLockStore hooked = new HookedLockStore(store());
        LockService server = locksOver(hooked).service();
        List<String> seenRightAfterTheFirstRemoval = holdersSeenRightAfter(hooked, "removed web-1");

        ReleaseResult result = server.forceReleaseAll("deploy", "ops", "forced by a DLM Engine v1 client", Protocol.DLM_V1);

        assertThat(result.status()).isEqualTo(ReleaseResult.Status.RELEASED);
        assertThat(result.lock().holders()).isEmpty();
        assertThat(seenRightAfterTheFirstRemoval).as("every slot went in the same commit").isEmpty();
        assertThat(eventsAfter(last)).hasSize(3).allSatisfy(e -> {
            assertThat(e.type()).isEqualTo(EventType.FORCE_RELEASE);
            assertThat(e.actor()).isEqualTo("ops");
            assertThat(e.reason()).isEqualTo("forced by a DLM Engine v1 client");
            assertThat(e.protocol()).isEqualTo(Protocol.DLM_V1);
        }).extracting(LockEvent::holder).containsExactlyInAnyOrder("web-1", "web-2", "web-3");
    }

    @Test
    default void forceReleaseAllOfAFreeLockIsANoOpThatTheHistoryCalls_notHeld() {
        acquire("deploy", "web-1");
        release("deploy", "web-1");
        long last = newestEventId();

        ReleaseResult result = service().forceReleaseAll("deploy", "ops", "cleanup", Protocol.DLM_V1);

        assertThat(result.status()).isEqualTo(ReleaseResult.Status.NOT_HELD);
        assertThat(eventsAfter(last)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.FORCE_RELEASE);
            assertThat(e.holder()).isNull();
            assertThat(e.reason()).contains("not held").contains("cleanup");
        });
        assertThat(service().forceReleaseAll("nosuch", "ops", "cleanup", Protocol.DLM_V1).status())
                .isEqualTo(ReleaseResult.Status.NOT_FOUND);
    }

    /** The holders of "deploy" as the store has them right after the first commit that did {@code action}. */
    private List<String> holdersSeenRightAfter(HookedLockStore hooked, String action) {
        List<String> seen = new ArrayList<>();
        hooked.once(HookedLockStore.did(action), () -> seen.addAll(
                store().read("deploy").orElseThrow().holders().stream().map(Hold::holder).toList()));
        return seen;
    }
}
