package dev.baton.agent.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.agent.TestFiles;
import dev.baton.agent.config.AgentConfig;
import dev.baton.agent.config.ConfigLoader;
import dev.baton.client.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The URL each protocol client builds from the endpoint forms people configure, the DLM Engine {@code /versions}
 * discovery of the transitional clients' settings, what a refused release says in each protocol, and the one TLS
 * context of a run.
 */
class ProtocolClientsTest {

    @TempDir
    Path dir;

    private static URI dlm(String endpoint, boolean v1, String org) {
        return DlmEngineLockClient.Location.of(URI.create(endpoint), v1, org, "web 1").lockUri();
    }

    @Test
    void dlmEngineLocksLiveWhereEachClientGenerationPutsThem() {
        assertThat(dlm("https://h/api/v1/", true, null)).hasToString("https://h/api/v1/locks/web%201");
        assertThat(dlm("https://h/api/v1", true, null)).hasToString("https://h/api/v1/locks/web%201");
        assertThat(dlm("https://h/api/v2/", false, null)).hasToString("https://h/api/v2/locks/web%201");
        assertThat(dlm("https://h//api//v2//", false, null)).hasToString("https://h/api/v2/locks/web%201");
        assertThat(dlm("https://h/", false, null)).hasToString("https://h/api/v2/locks/web%201");
        assertThat(dlm("https://h/api/v2/", false, "DLMUpdater")).hasToString("https://h/api/v2/orgs/DLMUpdater/locks/web%201");
        assertThat(dlm("https://h/api/v2/orgs/ACME/", false, null)).hasToString("https://h/api/v2/orgs/ACME/locks/web%201");
        assertThat(dlm("https://gw/dlm/api/v2", false, null)).hasToString("https://gw/dlm/api/v2/locks/web%201");
        assertThat(DlmEngineLockClient.Location.of(URI.create("https://h/api/v1/"), true, "DLMUpdater", "x").versionsUri())
                .hasToString("https://h/versions");
    }

    @Test
    void foremanAndFleetLockUrlsNeverGetADoubleSlash() {
        assertThat(ForemanLockClient.lockUri(URI.create("https://foreman.example.com/"), "db")).hasToString("https://foreman.example.com/api/dlmlocks/db/lock");
        assertThat(ForemanLockClient.lockUri(URI.create("https://foreman.example.com"), "db")).hasToString("https://foreman.example.com/api/dlmlocks/db/lock");
        assertThat(ForemanLockClient.lockUri(URI.create("https://f/api/v2/dlmlocks/"), "db")).hasToString("https://f/api/dlmlocks/db/lock");
        assertThat(FleetLockClient.operation(URI.create("https://b/"), "pre-reboot")).hasToString("https://b/v1/pre-reboot");
        assertThat(FleetLockClient.operation(URI.create("https://b/fleet"), "steady-state")).hasToString("https://b/fleet/v1/steady-state");
        assertThat(FleetLockClient.operation(URI.create("https://b/fleet/v1/pre-reboot"), "steady-state")).hasToString("https://b/fleet/v1/steady-state");
    }

    @Test
    void aTransitionalClientsSettingsAskVersionsOnceAndUseTheOrgPathOfV2() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer("GET /versions", 200, "{\"versions\":[{\"version\":\"2\"}]}")
                    .answer("POST /api/v2/orgs/DLMUpdater/locks/web", 201, "{\"id\":\"web\",\"acquired_by\":\"h1\"}")
                    .answer("DELETE /api/v2/orgs/DLMUpdater/locks/web", 200, "{}");
            DlmEngineLockClient c = new DlmEngineLockClient(new HttpTransport(null, null),
                    DlmEngineLockClient.Location.of(server.uri("/api/v1/"), true, "DLMUpdater", "web"), "h1", "id", "secret");
            assertThat(c.tryAcquire(Duration.ZERO).granted()).isTrue();
            c.release();
            assertThat(server.requests).containsExactly("GET /versions", "GET /api/v2/orgs/DLMUpdater/locks/web",
                    "POST /api/v2/orgs/DLMUpdater/locks/web", "DELETE /api/v2/orgs/DLMUpdater/locks/web");
            assertThat(c.describe()).startsWith("DLM Engine v2 at ");
        }
        try (CannedServer v1Only = new CannedServer()) {
            v1Only.answer("POST /api/v1/locks/web", 201, "{\"data\":{\"acquired_by\":\"h1\"}}");
            DlmEngineLockClient c = new DlmEngineLockClient(new HttpTransport(null, null),
                    DlmEngineLockClient.Location.of(v1Only.uri("/api/v1/"), true, "DLMUpdater", "web"), "h1", "id", "secret");
            assertThat(c.tryAcquire(Duration.ZERO).granted()).isTrue();
            assertThat(v1Only.requests).containsExactly("GET /versions", "GET /api/v1/locks/web", "POST /api/v1/locks/web");
        }
    }

    @Test
    void aReleaseRefusedBecauseAnotherHolderHasTheLockSaysExactlyThat_inEveryProtocol() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer("DELETE /api/v2/locks/web", 409, "{\"detail\":\"lock 'web' is held by 'h2', not by 'h1'\"}")
                    .answer("DELETE /api/v1/locks/web", 409,
                            "{\"errors\":[{\"id\":409,\"details\":\"lock 'web' is held by 'h2', not by 'h1'\",\"title\":\"Conflict\"}]}")
                    .answer("DELETE /api/dlmlocks/web/lock", 412, "{\"error\":{\"id\":1,\"message\":\"Precondition failed.\"}}")
                    .answer("GET /api/dlmlocks/web/lock", 200, "{\"name\":\"web\",\"enabled\":true,\"host\":{\"name\":\"h2\",\"self\":false}}");
            for (boolean v1 : new boolean[] {false, true}) {
                LockClient c = new DlmEngineLockClient(new HttpTransport(null, null),
                        DlmEngineLockClient.Location.of(server.uri(v1 ? "/api/v1" : "/api/v2"), v1, null, "web"), "h1", "id", "secret");
                assertThatThrownBy(c::release).isInstanceOf(LockException.class)
                        .hasMessageContaining("lock 'web' is held by another holder, not by h1")
                        .hasMessageContaining("the server says: lock 'web' is held by 'h2', not by 'h1'")
                        .hasMessageNotContaining("secret");
            }
            LockClient foreman = new ForemanLockClient(new HttpTransport(null, null), server.uri("/"), "web");
            assertThatThrownBy(foreman::release).isInstanceOf(LockException.class)
                    .hasMessageContaining("lock 'web' is held by 'h2', not by this host");
        }
    }

    @Test
    void aCredentialThatMayNotActAsTheHolderIsNotCalledAWrongSecret() throws Exception {
        try (CannedServer server = new CannedServer()) {
            server.answer("GET /api/v2/locks/web", 403, "{\"detail\":\"this credential may not act as holder 'h1'\"}")
                    .answer("DELETE /api/v2/locks/web", 403, "{\"detail\":\"this credential may not act as holder 'h1'\"}")
                    .answer("POST /api/v3/locks/web/release", 403,
                            "{\"error\":{\"code\":\"forbidden\",\"message\":\"this credential may not act as holder 'h1'\"}}");
            LockClient dlm = new DlmEngineLockClient(new HttpTransport(null, null),
                    DlmEngineLockClient.Location.of(server.uri("/api/v2"), false, null, "web"), "h1", "id", "secret");
            for (var call : List.<ThrowingCall>of(dlm::release, () -> dlm.tryAcquire(Duration.ZERO))) {
                assertThatThrownBy(call::run).isInstanceOf(LockException.class)
                        .hasMessageContaining("this credential may not act as holder 'h1' (HTTP 403)")
                        .hasMessageNotContaining("check secret_id and secret");
            }
            LockClient nativeApi = new NativeLockClient(new dev.baton.client.BatonClient(server.uri("/"),
                    new dev.baton.client.BatonClient.Auth.Basic("id", "secret"), (javax.net.ssl.SSLContext) null), "web", "h1");
            assertThatThrownBy(nativeApi::release).isInstanceOf(LockException.class)
                    .hasMessageContaining("this credential may not act as holder 'h1'");
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void httpsToAPlainPortIsAConfigurationErrorNotANetworkOneToRetry() throws Exception {
        // As Jetty and nginx do: a plain HTTP port answers the TLS hello's bytes with 400 and hangs up.
        try (java.net.ServerSocket plainHttp = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        try (java.net.Socket s = plainHttp.accept()) {
                            s.getInputStream().read(new byte[512]);
                            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            URI https = URI.create("https://127.0.0.1:" + plainHttp.getLocalPort() + "/");
            LockClient fleet = new FleetLockClient(new HttpTransport(null, null), https, "h1", "g");
            assertThatThrownBy(() -> fleet.tryAcquire(Duration.ZERO)).isInstanceOf(LockException.class)
                    .hasMessageContaining("does not speak TLS");
        }
    }

    /** A run reads its TLS files once: the lock client and the reporter's client share one transport. */
    @Test
    void oneRunMakesOneTlsContextForItsLockClientAndItsReporter() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", dir.resolve("ca.key").toString(), "-out", ca.toString(), "-days", "1", "-subj", "/CN=run-ca")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(new String(p.getInputStream().readAllBytes())).isTrue();
        Path file = dir.resolve("agent.ini");
        TestFiles.write(file, "[baton]\nlock_name = web\nreboot_cmd = true\nserver = https://baton.example.com\n"
                + "credential_id = i\ncredential_secret = s\nca = " + ca + "\n");
        ConfigLoader.Result r = ConfigLoader.load(file, Map.of(), false);
        assertThat(r.errors()).isEmpty();
        AgentConfig config = r.config();

        ServerLink link = new ServerLink(config);
        HttpTransport first = link.transport();
        link.lockClient("h1");
        Files.delete(ca); // read once: nothing later needs the file again
        assertThat(link.batonClient().transport()).isSameAs(first);
        assertThat(link.transport()).isSameAs(first);
        assertThatThrownBy(() -> new ServerLink(config).transport()).isInstanceOf(IOException.class).hasMessageContaining("does not exist");
    }
}
