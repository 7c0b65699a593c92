package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.hosts.HostRegistry;
import dev.baton.hosts.HostStore;
import dev.baton.hosts.SeenHost;
import dev.baton.hosts.Sighting;
import dev.baton.progress.RunReport;
import dev.baton.store.testing.PostgresServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts that call without being registered (issue 13, item 11), on both stores: a call under an unknown name is kept
 * as a sighting (the newest call per name, written at most once a minute), the overview lists registered hosts,
 * sightings and reporting hosts once each, a name that becomes a registered host's alias folds into that host, and
 * sightings not renewed for 30 days are forgotten.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostSightingsTest {

    @TempDir
    Path temp;

    @Test
    void onTheEmbeddedStore() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            everyHostThatCalledOrReportedIsListedOnce(db);
        }
    }

    @Test
    void onPostgres() {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            everyHostThatCalledOrReportedIsListedOnce(db);
        }
    }

    private static void everyHostThatCalledOrReportedIsListedOnce(Database db) {
        TestClock clock = TestClock.fixed();
        SqlHostStore store = new SqlHostStore(db);
        AtomicInteger lookups = new AtomicInteger();
        HostRegistry hosts = new HostRegistry(countingLookups(store, lookups), clock);

        hosts.checkIn("0123456789abcdef0123456789abcdef", "fleetlock");
        hosts.checkIn("web2.example.com", "dlm_v2");
        int lookedUp = lookups.get();
        clock.advance(Duration.ofSeconds(10));
        hosts.checkIn("web2.example.com", "dlm_v2"); // within the minute through the same door: not written again
        assertThat(lookups.get()).as("a name that called within the minute is not even looked up (no store read per request)")
                .isEqualTo(lookedUp);
        assertThat(store.sightings()).containsExactly(
                new Sighting("0123456789abcdef0123456789abcdef", TestClock.START, "fleetlock"),
                new Sighting("web2.example.com", TestClock.START, "dlm_v2"));
        clock.advance(Duration.ofMinutes(1));
        hosts.checkIn("web2.example.com", "dlm_v1");
        Instant later = TestClock.START.plus(Duration.ofSeconds(70));
        assertThat(store.sightings()).contains(new Sighting("web2.example.com", later, "dlm_v1"));

        hosts.add("node1.example.com", List.of("0123456789abcdef0123456789abcdef"));
        RunReport report = new RunReport(7, "agent1.example.com", "run-1", "update", "10-upgrade", "ok", 0, null, later, later);
        List<SeenHost> seen = hosts.overview(List.of(report));
        assertThat(seen).extracting(SeenHost::name).containsExactly("agent1.example.com", "node1.example.com", "web2.example.com");
        SeenHost node = seen.get(1);
        assertThat(node.registered()).isPresent();
        assertThat(node.lastCheckIn()).as("the sighting of its alias").isEqualTo(TestClock.START);
        assertThat(node.lastProtocol()).isEqualTo("fleetlock");
        assertThat(seen.get(0).registered()).isEmpty();
        assertThat(seen.get(0).lastReport()).isEqualTo(report);
        assertThat(seen.get(2).registered()).isEmpty();
        assertThat(seen.get(2).lastProtocol()).isEqualTo("dlm_v1");

        clock.advance(HostRegistry.SIGHTING_RETENTION.minus(Duration.ofSeconds(30)));
        assertThat(hosts.purgeSightings()).as("the fleetlock sighting, 30 days and 40 s old").isEqualTo(1);
        assertThat(store.sightings()).extracting(Sighting::identity).containsExactly("web2.example.com");
    }

    @Test
    void checkInsAreKeptPerDoorOnTheEmbeddedStore() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            aHostsLastCallIsKeptForEachDoorAtMostOnceAMinute(db);
        }
    }

    @Test
    void checkInsAreKeptPerDoorOnPostgres() {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            aHostsLastCallIsKeptForEachDoorAtMostOnceAMinute(db);
        }
    }

    /** Issue 14: the last call per door, each written at most once a minute per name and door. */
    private static void aHostsLastCallIsKeptForEachDoorAtMostOnceAMinute(Database db) {
        TestClock clock = TestClock.fixed();
        SqlHostStore store = new SqlHostStore(db);
        AtomicInteger writes = new AtomicInteger();
        HostRegistry hosts = new HostRegistry(counting(store, "checkIn", writes), clock);
        hosts.add("node1.example.com", List.of("node1-cert"));

        hosts.checkIn("node1-cert", "foreman");
        clock.advance(Duration.ofSeconds(5));
        hosts.checkIn("node1.example.com", "native");
        clock.advance(Duration.ofSeconds(5));
        hosts.checkIn("node1-cert", "foreman");      // the same name and door within the minute
        hosts.checkIn("node1.example.com", "native");
        assertThat(writes.get()).as("one write per name and door a minute").isEqualTo(2);
        assertThat(hosts.find("node1.example.com").orElseThrow().checkIns()).containsExactly(
                java.util.Map.entry("foreman", TestClock.START), java.util.Map.entry("native", TestClock.START.plusSeconds(5)));

        clock.advance(Duration.ofMinutes(1));
        hosts.checkIn("node1-cert", "foreman");
        Instant later = TestClock.START.plusSeconds(70);
        var host = hosts.find("node1.example.com").orElseThrow();
        assertThat(host.checkIns()).containsEntry("foreman", later).containsEntry("native", TestClock.START.plusSeconds(5));
        assertThat(host.lastCheckIn()).isEqualTo(later);
        assertThat(host.lastProtocol()).isEqualTo("foreman");
        assertThat(hosts.list().getFirst().checkIns()).isEqualTo(host.checkIns());
        assertThat(hosts.overview(List.of()).getFirst().checkIns()).isEqualTo(host.checkIns());
        hosts.remove("node1.example.com");
        assertThat(hosts.list()).isEmpty();
    }

    /** {@code store}, counting the calls of {@code method}. */
    private static HostStore counting(HostStore store, String name, AtomicInteger calls) {
        return (HostStore) Proxy.newProxyInstance(HostStore.class.getClassLoader(), new Class<?>[] {HostStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals(name)) {
                        calls.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** {@code store}, counting the lookups of a name ({@link HostStore#find}). */
    private static HostStore countingLookups(HostStore store, AtomicInteger lookups) {
        return counting(store, "find", lookups);
    }
}
