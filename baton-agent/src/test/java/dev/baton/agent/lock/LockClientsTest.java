package dev.baton.agent.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.FakeLockServer;
import dev.baton.agent.TestFiles;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each protocol client against a server speaking the documented wire format. */
class LockClientsTest {

    @TempDir
    Path dir;

    FakeLockServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeLockServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LockClient client(String settings, String holder) throws Exception {
        Path f = dir.resolve("agent-" + holder + ".ini");
        TestFiles.write(f, "[baton]\nlock_name = web\nreboot_cmd = true\n" + settings);
        ConfigLoader.Result r = ConfigLoader.load(f, Map.of(), false);
        assertThat(r.errors()).isEmpty();
        AgentConfig c = r.config();
        return LockClients.create(c, holder);
    }

    @Test
    void dlmEngineV2GetsThenPostsAndOnly201IsSuccess() throws Exception {
        String cfg = "server = " + server.uri("/api/v2/") + "\ncredential_id = id-1\ncredential_secret = good-secret\n";
        LockClient a = client(cfg, "a.example.com");
        LockClient b = client(cfg, "b.example.com");
        assertThat(a.tryAcquire(Duration.ZERO).granted()).isTrue();
        assertThat(server.requests).containsExactly("GET /api/v2/locks/web", "POST /api/v2/locks/web {\"acquired_by\":\"a.example.com\"}");
        assertThat(server.lastHeaders).containsEntry("x-secret-id", "id-1").containsEntry("x-secret", "good-secret");
        // re-entrant through the GET, no second POST
        server.requests.clear();
        assertThat(a.tryAcquire(Duration.ZERO)).isEqualTo(AcquireAttempt.granted("already held by a.example.com"));
        assertThat(server.requests).containsExactly("GET /api/v2/locks/web");
        AcquireAttempt busy = b.tryAcquire(Duration.ZERO);
        assertThat(busy.granted()).isFalse();
        assertThat(busy.detail()).contains("held by a.example.com").contains("HTTP 400");
        assertThat(a.isHeld()).contains(true);
        assertThat(b.isHeld()).contains(false);
        a.release();
        assertThat(server.requests).endsWith("DELETE /api/v2/locks/web");
        assertThat(server.holders).isEmpty();
        a.release(); // 404: not held is fine
        assertThat(b.tryAcquire(Duration.ZERO).granted()).isTrue();
    }

    @Test
    void dlmEngineV2WithAnOrgUsesTheOrgPath() throws Exception {
        LockClient a = client("server = " + server.uri("/api/v2/") + "\ncredential_id = i\ncredential_secret = good-secret\norg_id = DLMUpdater\n",
                "a");
        assertThat(a.tryAcquire(Duration.ZERO).granted()).isTrue();
        assertThat(server.requests).last().asString().startsWith("POST /api/v2/orgs/DLMUpdater/locks/web");
    }

    @Test
    void dlmEngineV1WrapsBodiesInData() throws Exception {
        String cfg = "server = " + server.uri("/api/v1/") + "\ncredential_id = i\ncredential_secret = good-secret\n";
        LockClient a = client(cfg, "a.example.com");
        assertThat(a.tryAcquire(Duration.ZERO).granted()).isTrue();
        assertThat(server.requests).last().isEqualTo("POST /api/v1/locks/web {\"data\":{\"acquired_by\":\"a.example.com\"}}");
        assertThat(a.tryAcquire(Duration.ZERO).detail()).isEqualTo("already held by a.example.com");
        a.release();
        assertThat(server.requests).last().isEqualTo("DELETE /api/v1/locks/web {\"data\":{\"acquired_by\":\"a.example.com\"}}");
        assertThat(server.holders).isEmpty();
    }

    @Test
    void aWrongSecretIsAConfigurationErrorNotABusyLock() throws Exception {
        LockClient a = client("server = " + server.uri("/api/v2/") + "\ncredential_id = i\ncredential_secret = wrong\n", "a");
        assertThatThrownBy(() -> a.tryAcquire(Duration.ZERO)).isInstanceOf(LockException.class)
                .hasMessageContaining("refused the credential (HTTP 401)");
    }

    @Test
    void fleetLockSendsTheHeaderAndClientParams() throws Exception {
        String cfg = "server = " + server.uri("/") + "\nprotocol = fleetlock\ngroup = workers\n";
        LockClient a = client(cfg, "a1");
        LockClient b = client(cfg, "b1");
        assertThat(a.tryAcquire(Duration.ZERO).granted()).isTrue();
        assertThat(server.lastHeaders).containsEntry("fleet-lock-protocol", "true");
        assertThat(server.requests).containsExactly("POST /v1/pre-reboot {\"client_params\":{\"id\":\"a1\",\"group\":\"workers\"}}");
        assertThat(a.tryAcquire(Duration.ZERO).granted()).isTrue(); // idempotent
        AcquireAttempt busy = b.tryAcquire(Duration.ZERO);
        assertThat(busy).isEqualTo(AcquireAttempt.busy("failed_lock_semaphore_full: semaphore currently full, all slots are locked already"));
        a.release();
        assertThat(server.requests).last().isEqualTo("POST /v1/steady-state {\"client_params\":{\"id\":\"a1\",\"group\":\"workers\"}}");
        assertThat(b.tryAcquire(Duration.ZERO).granted()).isTrue();
        assertThat(a.isHeld()).isEmpty();
    }

    @Test
    void batonNativeThroughBatonClientWaitsOnTheServer() throws Exception {
        String cfg = "server = " + server.uri("") + "\ncredential_id = agent\ncredential_secret = good-secret\n";
        LockClient a = client(cfg, "a");
        LockClient b = client(cfg, "b");
        assertThat(a.tryAcquire(Duration.ZERO)).isEqualTo(AcquireAttempt.granted("granted to a"));
        assertThat(a.tryAcquire(Duration.ZERO)).isEqualTo(AcquireAttempt.granted("already held by a"));
        assertThat(a.isHeld()).contains(true);
        long t0 = System.nanoTime();
        AcquireAttempt busy = b.tryAcquire(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(busy.granted()).isFalse();
        assertThat(busy.detail()).isEqualTo("timeout, position 1 in the queue: still held");
        // b waits on the server; a releases meanwhile; b is granted without polling
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(300);
                a.release();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        releaser.start();
        assertThat(b.tryAcquire(Duration.ofSeconds(10)).granted()).isTrue();
        releaser.join();
        assertThat(server.holders).containsEntry("web", "b");
    }

    @Test
    void batonNativeWithABadCredentialIsAConfigurationError() throws Exception {
        LockClient a = client("server = " + server.uri("") + "\ncredential_id = agent\ncredential_secret = nope\n", "a");
        assertThatThrownBy(() -> a.tryAcquire(Duration.ZERO)).isInstanceOf(LockException.class).hasMessageContaining("HTTP 401");
    }

    @Test
    void anUnreachableServerIsAnIOExceptionSoItIsRetried() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LockClient a = client("server = http://127.0.0.1:" + port + "/api/v2/\ncredential_id = i\ncredential_secret = s\n", "a");
        assertThatThrownBy(() -> a.tryAcquire(Duration.ZERO)).isInstanceOf(java.io.IOException.class);
        LockClient n = client("server = http://127.0.0.1:" + port + "\ncredential_id = i\ncredential_secret = s\n", "a");
        assertThatThrownBy(() -> n.tryAcquire(Duration.ZERO)).isInstanceOf(java.io.IOException.class);
    }
}
