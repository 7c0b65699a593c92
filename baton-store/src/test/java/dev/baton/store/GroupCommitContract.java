package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.EventType;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.Protocol;
import dev.baton.lock.Waiter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What group commit must keep of one transaction per update, on either store's writer: updates that
 * share a transaction still succeed or fail alone.
 */
interface GroupCommitContract {

    /** Updates per batch; one lock each, {@code lock-0} to {@code lock-19}. */
    int UPDATES = 20;

    SqlLockStore store();

    /** Writer threads: each is kept busy by an update of its own while the batch queues. */
    int writers();

    /** Transactions the writers have committed so far. */
    long commits();

    /** Updates queued for a writer. */
    int waiting();

    /** The most transactions the blockers' updates and the queued batch may take together. */
    int mostCommitsForTheBatch();

    /**
     * Creates the locks, then runs {@code work.apply(i)} on {@code lock-i} for every i, all queued while
     * every writer is busy so that they commit together (checked); returns their outcomes in order.
     */
    default List<CompletableFuture<String>> inOneBatch(Function<Integer, LockStore.Work<String>> work) throws Exception {
        SqlLockStore store = store();
        for (int i = 0; i < UPDATES; i++) {
            store.update("lock-" + i, LockSettings.withSlots(1), tx -> null);
        }
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Void>> blockers = new ArrayList<>();
            for (int w = 0; w < writers(); w++) {
                CountDownLatch started = new CountDownLatch(1);
                String lock = "blocker-" + w;
                blockers.add(CompletableFuture.runAsync(() -> store.update(lock, LockSettings.withSlots(1), tx -> {
                    started.countDown();
                    await().until(() -> release.getCount() == 0);
                    return null;
                }), threads));
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            }
            long commitsBefore = commits();
            List<CompletableFuture<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < UPDATES; i++) {
                var update = work.apply(i);
                String lock = "lock-" + i;
                outcomes.add(CompletableFuture.supplyAsync(() -> store.update(lock, null, update), threads));
            }
            await().until(() -> waiting() == UPDATES);
            release.countDown();
            CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            for (var outcome : outcomes) {
                outcome.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
            }
            assertThat(commits() - commitsBefore).isLessThanOrEqualTo(mostCommitsForTheBatch());
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    default void aWorkThatThrowsIsUndoneAloneAndTheRestOfItsBatchCommits() throws Exception {
        List<CompletableFuture<String>> outcomes = inOneBatch(i -> tx -> {
            tx.addHolder(hold("host-" + i));
            tx.append(new LockEvent(0, "lock-" + i, Instant.now(), EventType.ACQUIRE, "test", "host-" + i, null,
                    Protocol.NATIVE));
            if (i % 2 == 1) {
                throw new IllegalStateException("refused " + i);
            }
            return "granted " + i;
        });

        assertOddOnesFailedAlone(outcomes);
        assertThat(store().events(null, null, 100).events()).extracting(LockEvent::holder)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, UPDATES / 2).mapToObj(i -> "host-" + 2 * i).toList());
    }

    @Test
    default void aWorkThatThrowsAfterQueueingAWaiterIsUndoneAloneAndTheRestOfItsBatchCommits() throws Exception {
        List<CompletableFuture<String>> outcomes = inOneBatch(i -> tx -> {
            tx.addHolder(hold("host-" + i));
            if (i % 2 == 1) {
                // On PostgreSQL addWaiter is sent at once (it needs its place in the queue): only a rollback
                // and a second run of the rest undo it.
                tx.addWaiter(new Waiter("w-" + i, "other-" + i, 0, Instant.now(), Instant.now().plusSeconds(60), "s"));
                throw new IllegalStateException("refused " + i);
            }
            return "granted " + i;
        });

        assertOddOnesFailedAlone(outcomes);
    }

    private void assertOddOnesFailedAlone(List<CompletableFuture<String>> outcomes) throws Exception {
        for (int i = 0; i < UPDATES; i++) {
            var lock = store().read("lock-" + i).orElseThrow();
            if (i % 2 == 0) {
                assertThat(outcomes.get(i).get()).isEqualTo("granted " + i);
                assertThat(lock.holders()).extracting(Hold::holder).containsExactly("host-" + i);
            } else {
                assertThat(outcomes.get(i)).failsWithin(Duration.ZERO).withThrowableThat()
                        .havingCause().isInstanceOf(IllegalStateException.class).withMessage("refused " + i);
                assertThat(lock.holders()).isEmpty();
                assertThat(lock.waiters()).isEmpty();
            }
        }
    }

    static Hold hold(String holder) {
        return new Hold(holder, Instant.now(), Instant.now(), Protocol.NATIVE, false);
    }
}
