package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --login-failure-limit} over HTTP: a server of its own, as the limit counts per client address. */
class FailedLoginLimitTest {

    private static final String PASSWORD = "test-password-1";
    private final HttpClient http = HttpClient.newHttpClient();
    private BatonServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> listLocks(String user, String password) throws Exception {
        return listLocks(user, password, null);
    }

    private HttpResponse<String> listLocks(String user, String password, String forwardedFor) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v3/locks"))
                .header("Authorization", "Basic " + basic);
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void behindATrustedProxyEachClientIsCountedByItsForwardedAddress(@TempDir Path dir) throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword(PASSWORD).withLoginFailureLimit(2)
                .withTrustedProxies(TrustedProxies.parse(java.util.List.of("127.0.0.1"))));
        assertThat(listLocks("admin", "wrong-1", "198.51.100.7").statusCode()).isEqualTo(401);
        assertThat(listLocks("admin", "wrong-2", "198.51.100.7").statusCode()).isEqualTo(401);
        assertThat(listLocks("admin", "wrong-3", "198.51.100.8").statusCode()).as("another client behind the proxy").isEqualTo(401);
        HttpResponse<String> refused = listLocks("admin", PASSWORD, "198.51.100.7");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("198.51.100.7");
        // What the client wrote itself, left of what the proxy appended, does not move it to another count.
        assertThat(listLocks("admin", "wrong-4", "203.0.113.1, 198.51.100.7").statusCode()).isEqualTo(429);
        assertThat(listLocks("admin", PASSWORD, "198.51.100.8").statusCode()).isEqualTo(200);
    }

    @Test
    void withoutTrustedProxiesForwardedForIsIgnored(@TempDir Path dir) throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword(PASSWORD).withLoginFailureLimit(2));
        assertThat(listLocks("admin", "wrong-1", "198.51.100.7").statusCode()).isEqualTo(401);
        assertThat(listLocks("admin", "wrong-2", "198.51.100.8").statusCode()).isEqualTo(401);
        assertThat(listLocks("admin", PASSWORD, "198.51.100.9").statusCode()).as("counted as 127.0.0.1").isEqualTo(429);
    }

    @Test
    void anAddressThatFailedTooOftenIsAnswered429WithRetryAfterEvenWithTheRightPassword(@TempDir Path dir) throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword(PASSWORD).withLoginFailureLimit(2));
        assertThat(listLocks("admin", "wrong-1").statusCode()).isEqualTo(401);
        assertThat(listLocks("admin", "wrong-2").statusCode()).isEqualTo(401);

        HttpResponse<String> refused = listLocks("admin", PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                s -> assertThat(Long.parseLong(s)).isBetween(1L, 300L));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        JsonNode error = new ObjectMapper().readTree(refused.body());
        assertThat(error.toString()).contains("too_many_failed_logins").contains("127.0.0.1");
    }

    @Test
    void withoutALimitWrongPasswordsStay401(@TempDir Path dir) throws Exception {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(dir.resolve("data"), null)
                .withAdminPassword(PASSWORD).withLoginFailureLimit(0));
        for (int i = 0; i < 5; i++) {
            assertThat(listLocks("admin", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(listLocks("admin", PASSWORD).statusCode()).isEqualTo(200);
    }
}
