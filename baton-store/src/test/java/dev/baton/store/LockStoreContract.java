package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.lock.AcquireRequest;
import dev.baton.lock.AcquireResult;
import dev.baton.lock.EventType;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.LockSettings;
import dev.baton.lock.Protocol;
import dev.baton.lock.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guarantees of the {@link dev.baton.lock.LockStore} SPI that every decision relies on. */
public interface LockStoreContract extends LockFixture {

    @Test
    default void workThatThrowsKeepsNothingItWrote() {
        policy().setSlots("deploy", 2, "ops");
        Snapshot before = snapshot();
        assertThatThrownBy(() -> store().update("deploy", null, tx -> {
            tx.addHolder(new Hold("web-1", clock().instant(), clock().instant(), Protocol.NATIVE, false));
            tx.saveSettings(tx.lock().settings().slots(7));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThatThrownBy(() -> store().update("created-then-undone", LockSettings.withSlots(1),
                tx -> {
                    tx.addHolder(new Hold("web-1", clock().instant(), clock().instant(), Protocol.NATIVE, false));
                    throw new IllegalStateException("boom");
                })).isInstanceOf(IllegalStateException.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(store().read("created-then-undone")).isEmpty();
    }

    @Test
    default void aWriteTheDatabaseRefusesKeepsNothingOfTheUpdate() {
        // On PostgreSQL the writes of an update go in one request that ends with COMMIT: when one of them
        // fails, the database must skip the rest, the commit included, and the whole update must roll back.
        acquire("deploy", "web-1");
        Snapshot before = snapshot();
        Hold again = new Hold("web-2", clock().instant(), clock().instant(), Protocol.NATIVE, false);
        assertThatThrownBy(() -> store().update("deploy", null, tx -> {
            tx.saveSettings(tx.lock().settings().slots(9));
            tx.addHolder(again);
            tx.append(new LockEvent(0, "deploy", clock().instant(), EventType.ACQUIRE, "test", "web-2", null, Protocol.NATIVE));
            tx.addHolder(again); // the same holder twice: a primary key violation
            return null;
        })).isInstanceOf(StoreUnavailableException.class);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(acquire("deploy", "web-3").status()).as("the store still works").isEqualTo(AcquireResult.Status.FULL);
    }

    @Test
    default void anUnknownLockIsReportedAsNotFoundByTheStore() {
        assertThatThrownBy(() -> store().update("nosuch", null, tx -> "never"))
                .isInstanceOf(LockNotFoundException.class).hasMessageContaining("nosuch");
        assertThat(store().read("nosuch")).isEmpty();
        int slots = store().update("nosuch", LockSettings.withSlots(4),
                tx -> tx.lock().settings().slots());
        assertThat(slots).isEqualTo(4);
    }

    @Test
    default void aFailingRequestDoesNotFailTheRequestsCommittedWithIt() {
        // The embedded store commits concurrent writes together: one request's failure must stay its own.
        policy().setSlots("deploy", 64, "ops");
        List<AcquireResult> results = Concurrently.run(64, true, i -> i % 2 == 0
                ? acquire("deploy", "web-" + i)
                : service().acquire(new AcquireRequest("nosuch", "web-" + i, "web-" + i, Protocol.NATIVE,
                        Duration.ZERO, false)));
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).status()).as("web-" + i)
                    .isEqualTo(i % 2 == 0 ? AcquireResult.Status.GRANTED : AcquireResult.Status.NOT_FOUND);
        }
        assertThat(holders("deploy")).hasSize(32);
        assertThat(reader().show("nosuch")).isEmpty();
    }
}
