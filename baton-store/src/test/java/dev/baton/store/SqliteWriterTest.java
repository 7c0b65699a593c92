package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.Hold;
import dev.baton.lock.LockSettings;
import dev.baton.lock.LockStore;
import dev.baton.lock.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the group commit of {@link SqliteWriter} adds to the lock store contract (which
 * {@link SqliteLockServiceTest} runs): updates that share a transaction still succeed or fail alone
 * ({@link GroupCommitContract}), and a failed statement does not spoil the prepared statement the next
 * update reuses.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteWriterTest implements GroupCommitContract {

    @TempDir
    Path temp;

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private SqlLockStore store;
    private SqliteWriter writer;

    @BeforeEach
    void open() {
        Database db = Database.embedded(temp.resolve("data"), true);
        store = new SqlLockStore(db, Clock.systemUTC());
        writer = (SqliteWriter) db.writes();
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        store.close();
    }

    @Test
    void aStatementTheDatabaseRefusedIsReportedAndTheNextUpdateReusesItUnharmed() throws Exception {
        // Odd updates insert the same holder twice: the second insert breaks the primary key.
        List<CompletableFuture<String>> outcomes = inOneBatch(i -> tx -> {
            tx.addHolder(GroupCommitContract.hold("host-" + i));
            if (i % 2 == 1) {
                tx.addHolder(GroupCommitContract.hold("host-" + i));
            }
            return "granted " + i;
        });

        for (int i = 0; i < UPDATES; i++) {
            var holders = store.read("lock-" + i).orElseThrow().holders();
            if (i % 2 == 0) {
                assertThat(outcomes.get(i).get()).isEqualTo("granted " + i);
                assertThat(holders).extracting(Hold::holder).containsExactly("host-" + i);
            } else {
                assertThat(outcomes.get(i)).failsWithin(Duration.ZERO).withThrowableThat()
                        .havingCause().isInstanceOf(StoreUnavailableException.class)
                        .withMessageContaining("embedded store write failed").withMessageContaining("UNIQUE");
                assertThat(holders).isEmpty();
            }
        }
        store.update("lock-1", null, tx -> {
            tx.addHolder(GroupCommitContract.hold("later"));
            return null;
        });
        assertThat(store.read("lock-1").orElseThrow().holders()).extracting(Hold::holder).containsExactly("later");
    }

    @Override
    public SqlLockStore store() {
        return store;
    }

    /** Queued while the writer is busy with another update, so that they commit together; checks that they did. */
    @Override
    public List<CompletableFuture<String>> inOneBatch(Function<Integer, LockStore.Work<String>> work) throws Exception {
        for (int i = 0; i < UPDATES; i++) {
            store.update("lock-" + i, LockSettings.withSlots(1), tx -> null);
        }
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var blocker = CompletableFuture.runAsync(() -> store.update("blocker", LockSettings.withSlots(1), tx -> {
            started.countDown();
            await().until(() -> release.getCount() == 0);
            return null;
        }), threads);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        long commitsBefore = writer.commits();
        List<CompletableFuture<String>> outcomes = new ArrayList<>();
        for (int i = 0; i < UPDATES; i++) {
            var update = work.apply(i);
            String lock = "lock-" + i;
            outcomes.add(CompletableFuture.supplyAsync(() -> store.update(lock, null, update), threads));
        }
        await().until(() -> writer.waiting() == UPDATES);
        release.countDown();
        blocker.get(10, TimeUnit.SECONDS);
        for (var outcome : outcomes) {
            outcome.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        }
        assertThat(writer.commits() - commitsBefore).as("the blocker's transaction and one more").isEqualTo(2);
        return outcomes;
    }

}
