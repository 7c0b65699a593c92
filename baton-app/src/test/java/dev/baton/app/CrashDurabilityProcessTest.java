package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.client.BatonUnreachableException;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "A grant is answered only after it is durable", checked the hard way: the server is a real process,
 * it is killed with SIGKILL while grants are flying, and started again on the same store. Every grant a
 * client was told about must still be there; answers the kill swallowed are unknown outcomes, but no
 * lock may come back with more holders than slots, nor with a holder nobody asked for.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CrashDurabilityProcessTest {

    private static final int THREADS = 32;
    private static final int LOCKS = 12;
    /** Kill once this many grants were answered (the burst is well under way). */
    private static final int KILL_AFTER_GRANTS = 120;

    enum Store { EMBEDDED, POSTGRESQL }

    @TempDir
    Path tmp;

    private ServerProcess server(Store store) {
        return switch (store) {
            case EMBEDDED -> ServerProcess.embedded(tmp.resolve("data"));
            case POSTGRESQL -> ServerProcess.postgres(PostgresServer.shared().createDatabase(), tmp);
        };
    }

    private static String key(String lock, String holder) {
        return lock + "/" + holder;
    }

    /**
     * One server per store, killed twice (starting a server costs seconds here): first right after a
     * single grant, then in the middle of a burst of grants.
     */
    @ParameterizedTest
    @EnumSource(Store.class)
    void killNineLosesNoAnsweredGrantAndDoubleBooksNoSlot(Store store) throws Exception {
        try (ServerProcess server = server(store).start()) {
            killNineRightAfterASingleGrant(server);
            killNineInTheMiddleOfABurst(server, store);
        }
    }

    /** kill -9 right after one grant was answered: after a restart the holder still holds. */
    private static void killNineRightAfterASingleGrant(ServerProcess server) {
        var answer = server.adminClient().acquire("solo", "host-solo", Duration.ZERO);
        assertThat(answer.granted()).isTrue();
        server.kill9();

        server.restart();
        BatonClient client = server.adminClient();
        JsonNode lock = client.show("solo");
        assertThat(lock.path("holders")).extracting(h -> h.path("holder").asText()).containsExactly("host-solo");
        assertThat(client.acquire("solo", "host-other", Duration.ZERO).granted())
                .as("the slot is still taken after the restart").isFalse();
        assertThat(client.acquire("solo", "host-solo", Duration.ZERO).status())
                .as("the holder is told it still holds").isEqualTo("already_held");
    }

    /**
     * 32 clients grant and release on locks of 1 to 3 slots; kill -9 once enough grants were answered.
     * After a restart: every answered grant (not released since) holds, no lock is over its slots, and
     * every holder present was asked for and not answered released.
     */
    private static void killNineInTheMiddleOfABurst(ServerProcess server, Store store) throws Exception {
        BatonClient admin = server.adminClient();
        Map<String, Integer> slots = new HashMap<>();
        for (int i = 0; i < LOCKS; i++) {
            String lock = "burst-" + i;
            int n = 1 + i % 3;
            admin.setSlots(lock, n);
            slots.put(lock, n);
        }
        List<String> lockNames = List.copyOf(slots.keySet());

        Set<String> attempted = ConcurrentHashMap.newKeySet();      // every acquire sent
        Set<String> answeredHeld = ConcurrentHashMap.newKeySet();   // answered granted, never released since
        Set<String> answeredReleased = ConcurrentHashMap.newKeySet();
        AtomicInteger grants = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger failedCalls = new AtomicInteger();
        CountDownLatch enoughGrants = new CountDownLatch(KILL_AFTER_GRANTS);
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> unexpected = new ArrayList<>();

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().name("burst-" + t).start(() -> {
                List<String[]> mine = new ArrayList<>();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int n = 0;
                try {
                    while (!stop.get()) {
                        if (!mine.isEmpty() && random.nextInt(3) == 0) {
                            String[] held = mine.remove(random.nextInt(mine.size()));
                            // From here the outcome is unknown until the answer arrives.
                            answeredHeld.remove(key(held[0], held[1]));
                            if (admin.release(held[0], held[1]).released()) {
                                answeredReleased.add(key(held[0], held[1]));
                            }
                            continue;
                        }
                        String lock = lockNames.get(random.nextInt(lockNames.size()));
                        String holder = "t" + id + "-h" + n++;
                        attempted.add(key(lock, holder));
                        var answer = admin.acquire(lock, holder, Duration.ZERO);
                        if (answer.granted()) {
                            answeredHeld.add(key(lock, holder));
                            mine.add(new String[] {lock, holder});
                            grants.incrementAndGet();
                            enoughGrants.countDown();
                        } else {
                            refusals.incrementAndGet();
                        }
                    }
                } catch (BatonUnreachableException e) {
                    failedCalls.incrementAndGet(); // the kill: this call's outcome is unknown
                } catch (BatonClientException e) {
                    if (e.status() >= 500) {
                        failedCalls.incrementAndGet();
                    } else {
                        synchronized (unexpected) {
                            unexpected.add(e);
                        }
                    }
                } catch (RuntimeException | Error e) {
                    synchronized (unexpected) {
                        unexpected.add(e);
                    }
                }
            }));
        }

        long burstStart = System.nanoTime();
        boolean reached = enoughGrants.await(90, TimeUnit.SECONDS);
        server.kill9();
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(t.isAlive()).as("%s still blocked after the kill", t.getName()).isFalse();
        }
        assertThat(unexpected).as("errors other than the kill").isEmpty();
        assertThat(reached).as("%d grants before the kill (server output:%n%s)", grants.get(), server.output()).isTrue();
        assertThat(failedCalls.get()).as("calls cut off by the kill: it hit the burst mid-flight").isPositive();

        server.restart();
        BatonClient after = server.adminClient();
        Set<String> present = new HashSet<>();
        for (JsonNode lock : after.list().path("locks")) {
            String name = lock.path("name").asText();
            List<String> holders = new ArrayList<>();
            lock.path("holders").forEach(h -> holders.add(h.path("holder").asText()));
            assertThat(holders).as("holders of %s", name).doesNotHaveDuplicates();
            if (slots.containsKey(name)) {
                assertThat(lock.path("slots").asInt()).isEqualTo(slots.get(name));
                assertThat(holders.size()).as("holders of %s (%s) within its %d slots", name, holders, slots.get(name))
                        .isLessThanOrEqualTo(slots.get(name));
                holders.forEach(h -> present.add(key(name, h)));
            }
        }
        assertThat(present).as("every grant answered before the kill survives it").containsAll(answeredHeld);
        assertThat(attempted).as("nobody holds what nobody asked for").containsAll(present);
        assertThat(present).as("no answered release is undone").doesNotContainAnyElementsOf(answeredReleased);
        // A lock's state and its history are committed together: the history replays to the holders present.
        for (String name : lockNames) {
            JsonNode page = after.events(name, null, 1000);
            assertThat(page.path("next_before").isNull()).as("all events of %s on one page", name).isTrue();
            Set<String> replayed = new HashSet<>();
            List<JsonNode> oldestFirst = new ArrayList<>();
            page.path("events").forEach(e -> oldestFirst.addFirst(e));
            for (JsonNode e : oldestFirst) {
                switch (e.path("type").asText()) {
                    case "acquire" -> replayed.add(key(name, e.path("holder").asText()));
                    case "release" -> replayed.remove(key(name, e.path("holder").asText()));
                    default -> { }
                }
            }
            Set<String> holdersNow = new HashSet<>(present);
            holdersNow.removeIf(k -> !k.startsWith(name + "/"));
            assertThat(replayed).as("%s: holders by its history vs by its state", name).isEqualTo(holdersNow);
        }
        System.out.printf("%s: killed after %d ms of burst: %d grants, %d refusals, %d answered releases, %d calls cut off;"
                        + " %d held answered, %d present%n", store, burstMillis, grants.get(), refusals.get(), answeredReleased.size(), failedCalls.get(), answeredHeld.size(), present.size());

        // The restarted server goes on deciding correctly: a full lock refuses, a freed slot is granted.
        JsonNode one = after.show("burst-0");
        assertThat(one.path("slots").asInt()).isEqualTo(1);
        for (JsonNode h : one.path("holders")) {
            after.release("burst-0", h.path("holder").asText());
        }
        assertThat(after.acquire("burst-0", "after-restart-1", Duration.ZERO).granted()).isTrue();
        assertThat(after.acquire("burst-0", "after-restart-2", Duration.ZERO).granted()).isFalse();
    }
}
