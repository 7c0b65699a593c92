package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two real server processes on one PostgreSQL database: the store alone keeps the slot count, so
 * holders spread over both never get more (or fewer) than {@code slots}, and a release on one server
 * wakes a waiter queued on the other.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoServersOnePostgresProcessTest {

    private static final int HOLDERS = 64;

    @TempDir
    static Path tmp;
    private static ServerProcess serverA;
    private static ServerProcess serverB;
    private static BatonClient a;
    private static BatonClient b;

    @BeforeAll
    static void startTwoServers() {
        String url = PostgresServer.shared().createDatabase();
        serverA = ServerProcess.postgres(url, tmp.resolve("a"));
        serverB = ServerProcess.postgres(url, tmp.resolve("b"));
        // Both start at once on the empty database, as two replicas of a deployment would.
        var startA = CompletableFuture.runAsync(serverA::start, task -> Thread.ofPlatform().start(task));
        var startB = CompletableFuture.runAsync(serverB::start, task -> Thread.ofPlatform().start(task));
        CompletableFuture.allOf(startA, startB).join();
        a = serverA.adminClient();
        b = serverB.adminClient();
        // Verify the admin password once per server, so the race below is not spread out by slow hashing.
        a.list();
        b.list();
    }

    @AfterAll
    static void stopServers() {
        for (ServerProcess s : new ServerProcess[] {serverA, serverB}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @ParameterizedTest(name = "{0} slots")
    @ValueSource(ints = {1, 3, 7})
    void sixtyFourHoldersOverTwoServersGetExactlyTheSlots(int slots) throws Exception {
        String lock = "race-" + slots;
        assertThat(a.setSlots(lock, slots).path("slots").asInt()).isEqualTo(slots);
        assertThat(b.show(lock).path("slots").asInt()).isEqualTo(slots);

        CyclicBarrier start = new CyclicBarrier(HOLDERS);
        Set<String> granted = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        List<String> odd = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < HOLDERS; i++) {
            String holder = "host-" + i;
            BatonClient via = i % 2 == 0 ? a : b;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await(60, TimeUnit.SECONDS);
                    var answer = via.acquire(lock, holder, Duration.ZERO);
                    if (answer.granted()) {
                        granted.add(holder);
                    } else if (answer.status().equals("full")) {
                        refused.incrementAndGet();
                    } else {
                        synchronized (odd) {
                            odd.add(holder + ": " + answer.status() + " " + answer.message());
                        }
                    }
                } catch (Exception e) {
                    synchronized (odd) {
                        odd.add(holder + ": " + e);
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertThat(odd).as("answers other than granted or full").isEmpty();
        assertThat(granted).as("granted over both servers").hasSize(slots);
        assertThat(refused.get()).isEqualTo(HOLDERS - slots);
        assertThat(holders(a.show(lock))).as("holders seen by server A").isEqualTo(new TreeSet<>(granted));
        assertThat(holders(b.show(lock))).as("holders seen by server B").isEqualTo(new TreeSet<>(granted));
    }

    @Test
    void aReleaseOnOneServerWakesAWaiterQueuedOnTheOther() throws Exception {
        String lock = "wake-across";
        b.setSlots(lock, 1);
        assertThat(b.acquire(lock, "first", Duration.ZERO).granted()).isTrue();

        var waiting = CompletableFuture.supplyAsync(() -> a.acquire(lock, "second", Duration.ofSeconds(60)),
                task -> Thread.ofPlatform().start(task));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (b.show(lock).path("waiters").size() == 0) {
            assertThat(System.nanoTime()).as("the waiter on A shows in B's view of the queue").isLessThan(deadline);
            assertThat(waiting).isNotDone();
            Thread.sleep(20);
        }
        assertThat(b.show(lock).path("waiters").get(0).path("holder").asText()).isEqualTo("second");

        long released = System.nanoTime();
        assertThat(b.release(lock, "first").released()).isTrue();
        var answer = waiting.get(10, TimeUnit.SECONDS);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
        assertThat(answer.granted()).as("waiter on A after the release on B: %s", answer).isTrue();
        // The pump re-checks every second; allow for a loaded machine.
        assertThat(tookMillis).as("wake-up across processes, ms").isLessThan(5_000);
        assertThat(holders(b.show(lock))).containsExactly("second");
        assertThat(b.show(lock).path("waiters")).isEmpty();
    }

    private static Set<String> holders(JsonNode lock) {
        Set<String> names = new TreeSet<>();
        lock.path("holders").forEach(h -> names.add(h.path("holder").asText()));
        return names;
    }
}
