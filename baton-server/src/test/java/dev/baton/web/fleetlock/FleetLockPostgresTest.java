package dev.baton.web.fleetlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.server.BatonServer;
import dev.baton.server.RawHttp;
import dev.baton.server.ServerSettings;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FleetLock conformance cases that need a shared store: 6 (exactly K grants across two server instances on one
 * PostgreSQL) and 9 (store unavailable: 5xx JSON, never 200).
 */
class FleetLockPostgresTest {

    @TempDir
    Path dir;

    static BatonServer start(String jdbcUrl, Path dir) {
        return BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir, jdbcUrl)
                .withAdminPassword("test-password-1"));
    }

    @Test
    void case6_exactlyKGrantsAcrossTwoServersSharingOneStore() throws Exception {
        String url = PostgresServer.shared().createDatabase();
        try (BatonServer a = start(url, dir.resolve("a")); BatonServer b = start(url, dir.resolve("b"))) {
            a.locks().policy().setSlots("wave", 5, "test");
            List<RawHttp> both = List.of(new RawHttp(a.port()), new RawHttp(b.port()));
            assertThat(FleetLockConformanceTest.parallelLocks(both, "wave", 10)).isEqualTo(5);
            assertThat(b.locks().reader().show("wave").orElseThrow().holders()).hasSize(5);

            for (int round = 0; round < 3; round++) {
                String group = "wave-r" + round;
                a.locks().policy().setSlots(group, 3, "test");
                assertThat(FleetLockConformanceTest.parallelLocks(both, group, 16)).isEqualTo(3);
            }
        }
    }

    @Test
    void case9_storeUnavailableIs5xxJsonNeverSuccess() {
        try (PostgresServer pg = PostgresServer.start()) {
            String url = pg.createDatabase();
            try (BatonServer server = start(url, dir)) {
                RawHttp http = new RawHttp(server.port());
                String body = FleetLockConformanceTest.zincatiBody("m1", "default");
                assertThat(http.send("POST", "/v1/pre-reboot", FleetLockConformanceTest.FLEETLOCK, body).status()).isEqualTo(200);
                pg.kill();
                for (String path : List.of("/v1/pre-reboot", "/v1/steady-state")) {
                    RawHttp.Response r = http.send("POST", path, FleetLockConformanceTest.FLEETLOCK,
                            FleetLockConformanceTest.zincatiBody("m2", "default"));
                    assertThat(r.status()).as(r.toString()).isBetween(500, 599);
                    assertThat(r.json().path("kind").asText()).isNotBlank();
                    assertThat(r.json().path("value").asText()).isNotBlank();
                }
                pg.restart();
                // The pool may still hand out a connection that died with the old server: such a request is answered
                // 5xx like the ones above, and the next ones reach the restarted database. No server restart needed.
                RawHttp.Response[] last = new RawHttp.Response[1];
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    last[0] = http.send("POST", "/v1/pre-reboot", FleetLockConformanceTest.FLEETLOCK,
                            FleetLockConformanceTest.zincatiBody("m2", "default"));
                    assertThat(last[0].status()).as(last[0].toString()).isLessThan(500);
                });
                assertThat(last[0].status()).as("m1 still holds the only slot: " + last[0]).isEqualTo(409);
            }
        }
    }
}
