package dev.baton.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.store.testing.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link FairConnections} on a real PostgreSQL pool: arrival order, and a clear refusal when every connection stays busy. */
class FairConnectionsTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private HikariDataSource pool;

    @BeforeEach
    void openPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresServer.shared().jdbcUrl("postgres"));
        config.setMaximumPoolSize(2);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void closePool() {
        threads.shutdownNow();
        pool.close();
    }

    @Test
    void aCallerThatReturnsAConnectionAndAsksAgainGoesBehindThoseWaiting() throws Exception {
        // The starvation HikariCP alone allows: a busy caller hands its connection back and takes it again
        // at once, ahead of a caller that has been waiting. The waiter is a platform thread, which wakes up
        // far slower than the busy caller asks again: an unfair queue lets the busy caller barge every time.
        // The wait limit is the waiter's too: it must outlast this thread's polling and hand-over on a loaded
        // machine (200 ms did not, in CI), and it is what the busy caller's refused second ask costs each round.
        FairConnections connections = new FairConnections(pool, 2, 1_000);
        Connection other = connections.openConnection();
        Connection busy = connections.openConnection();
        for (int round = 0; round < 5; round++) {
            CompletableFuture<Connection> waiter = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> waiter.complete(open(connections)));
            await().until(() -> connections.waiting() == 1);

            connections.closeConnection(busy);
            assertThatThrownBy(connections::openConnection).as("round %d: asked again at once, behind the waiter", round)
                    .isInstanceOf(SQLTransientConnectionException.class);
            busy = waiter.get(10, TimeUnit.SECONDS); // the waiter got it, and is the busy caller of the next round
        }
        connections.closeConnection(busy);
        connections.closeConnection(other);
    }

    @Test
    void callersGetConnectionsInTheOrderTheyAsked() throws Exception {
        FairConnections connections = new FairConnections(pool, 1, 30_000);
        Connection first = connections.openConnection();
        List<Integer> served = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int caller = i;
            callers.add(CompletableFuture.runAsync(() -> {
                Connection c = open(connections);
                served.add(caller);
                close(connections, c);
            }, threads));
            await().until(() -> connections.waiting() == caller + 1); // queued in this order
        }
        connections.closeConnection(first);
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(served).containsExactly(0, 1, 2, 3, 4);
    }

    private static Connection open(FairConnections connections) {
        try {
            return connections.openConnection();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void close(FairConnections connections, Connection c) {
        try {
            connections.closeConnection(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCallerThatWaitsTooLongIsToldWhy() throws Exception {
        FairConnections connections = new FairConnections(pool, 1, 200);
        Connection busy = connections.openConnection();
        try {
            assertThatThrownBy(connections::openConnection).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("no database connection free within 200 ms");
        } finally {
            connections.closeConnection(busy);
        }
        connections.closeConnection(connections.openConnection()); // the permit came back
    }
}
