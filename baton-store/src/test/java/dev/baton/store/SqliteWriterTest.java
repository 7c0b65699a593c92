package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lock.Hold;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.sqlite.SqliteWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @Override
    public int writers() {
        return 1;
    }

    @Override
    public long commits() {
        return writer.commits();
    }

    @Override
    public int waiting() {
        return writer.waiting();
    }

    @Override
    public int mostCommitsForTheBatch() {
        return 2; // the blocker's, then the whole batch in one
    }
}
