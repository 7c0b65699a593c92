package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.lock.EventType;
import dev.baton.lock.Hold;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockSettings;
import dev.baton.lock.Protocol;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.store.postgres.PostgresLockWriter;
import dev.baton.store.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the group commit of {@link PostgresLockWriter} adds to the lock store contract (which
 * {@link PostgresLockServiceTest} runs): updates that share a transaction still succeed or fail alone
 * ({@link GroupCommitContract}), batches of several servers never deadlock, and a database that stops
 * answering gets every update answered 503 in bounded time.
 */
class PostgresLockWriterTest implements GroupCommitContract {

    private static final java.util.concurrent.atomic.AtomicInteger DATABASES = new java.util.concurrent.atomic.AtomicInteger();

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<SqlLockStore> stores = new ArrayList<>();
    private String database;
    private SqlLockStore first;

    @BeforeEach
    void freshDatabase() {
        database = PostgresServer.shared().createDatabaseNamed("writer_" + DATABASES.incrementAndGet() + "_"
                + ProcessHandle.current().pid());
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        stores.forEach(SqlLockStore::close);
        PostgresServer.shared().dropDatabase(database);
    }

    @Test
    void batchesOfTwoServersOnSharedLocksNeverDeadlock() throws Exception {
        List<SqlLockStore> servers = List.of(open(), open());
        int locks = 6;
        for (int l = 0; l < locks; l++) {
            servers.getFirst().update("shared-" + l, LockSettings.withSlots(2), tx -> null);
        }
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        for (int c = 0; c < 32; c++) {
            SqlLockStore server = servers.get(c % 2);
            String holder = "host-" + c;
            Random random = new Random(c);
            clients.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    String lock = "shared-" + random.nextInt(locks);
                    server.update(lock, null, tx -> {
                        if (tx.lock().holders().size() < tx.lock().settings().slots()) {
                            tx.addHolder(new Hold(holder, Instant.now(), Instant.now(), Protocol.NATIVE, false));
                        }
                        return null;
                    });
                    server.update(lock, null, tx -> {
                        assertThat(tx.lock().holders().size()).isLessThanOrEqualTo(2);
                        tx.removeHolder(holder);
                        return null;
                    });
                }
            }, threads));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        servers.forEach(SqlLockStore::close);
        stores.clear();
        assertThat(deadlocksDetected()).isZero();
    }

    @Test
    void whilePostgresIsDownEveryUpdateOfALongQueueIsAnsweredUnavailableWithinTwoConnectionTimeouts() throws Exception {
        try (PostgresServer pg = PostgresServer.start()) {
            SqlLockStore store = new SqlLockStore(Database.postgres(pg.createDatabase()), Clock.systemUTC());
            stores.add(store);
            store.update("deploy", LockSettings.withSlots(1), tx -> null);
            pg.kill();
            // Each batch of 256 takes one connection timeout (10 s) to fail. 3,000 updates are twelve batches,
            // six for each writer: a minute for the last one without the queue's deadline. With it, the last
            // is answered after at most the deadline plus one batch: 20 s.
            long start = System.nanoTime();
            List<CompletableFuture<Void>> updates = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                updates.add(CompletableFuture.runAsync(() -> store.update("deploy", null, tx -> null), threads));
            }
            for (var update : updates) {
                assertThat(update).failsWithin(Duration.ofSeconds(120)).withThrowableThat()
                        .havingCause().isInstanceOf(StoreUnavailableException.class);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(3 * Database.CONNECTION_TIMEOUT_MS));
            pg.restart();
            String answer = store.update("deploy", null, tx -> "works again");
            assertThat(answer).isEqualTo("works again");
        }
    }

    @Override
    public SqlLockStore store() {
        if (first == null) {
            first = open();
        }
        return first;
    }

    @Override
    public int writers() {
        return PostgresLockWriter.WRITERS;
    }

    @Override
    public long commits() {
        return store().postgresWriter().commits();
    }

    @Override
    public int waiting() {
        return store().postgresWriter().waiting();
    }

    @Override
    public int mostCommitsForTheBatch() {
        // The blockers', and the queued updates in one or two more (each writer takes a batch), and one
        // more when a batch runs again after an update that queued a waiter threw.
        return PostgresLockWriter.WRITERS * 2 + 1;
    }

    private SqlLockStore open() {
        SqlLockStore store = new SqlLockStore(Database.postgres(PostgresServer.shared().jdbcUrl(database)), Clock.systemUTC());
        stores.add(store);
        return store;
    }

    private static LockEvent event(String lock, String holder) {
        return new LockEvent(0, lock, Instant.now(), EventType.ACQUIRE, "test", holder, null, Protocol.NATIVE);
    }

    /** Deadlocks PostgreSQL detected in the test's database; read once its other sessions have ended. */
    private long deadlocksDetected() throws SQLException {
        try (Connection c = PostgresServer.shared().connect(database); Statement s = c.createStatement()) {
            await().until(() -> {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
                    rs.next();
                    return rs.getInt(1) == 0;
                }
            });
            // Ended sessions have flushed their statistics; this session has not read any yet.
            try (ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
