package dev.baton.web.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.auth.Role;
import dev.baton.client.BatonClient;
import dev.baton.client.BatonClientException;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host registry through the native API and the client the {@code baton hosts} commands use. */
class HostsApiTest {

    @TempDir
    Path data;

    @Test
    void addListAllowDenyRemove() {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1"))) {
            URI uri = URI.create("http://127.0.0.1:" + server.port());
            BatonClient admin = new BatonClient(uri, new BatonClient.Auth.Basic("admin", "test-password-1"), null);

            JsonNode added = admin.addHost("Web1.Example.com", List.of("web1-cert", "0123456789abcdef0123456789abcdef"));
            assertThat(added.path("name").asText()).isEqualTo("web1.example.com");
            assertThat(added.path("can_acquire_update_locks").asBoolean()).isTrue();
            assertThat(added.path("last_check_in").isNull()).isTrue();

            // a name or alias belongs to one host only; nothing is changed by the refused request
            assertThatThrownBy(() -> admin.addHost("web2.example.com", List.of("web1-cert")))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(409));
            assertThat(server.hosts().find("web2.example.com")).isEmpty();
            assertThatThrownBy(() -> admin.addHost("bad name", List.of()))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400));

            assertThat(admin.setHostCanAcquire("web1-cert", false).path("can_acquire_update_locks").asBoolean()).isFalse();
            assertThat(admin.hosts().path("hosts").get(0).path("can_acquire_update_locks").asBoolean()).isFalse();
            assertThat(admin.setHostCanAcquire("web1.example.com", true).path("can_acquire_update_locks").asBoolean()).isTrue();

            var viewer = server.auth().createCredential("viewer", Role.VIEWER, Set.of());
            BatonClient view = new BatonClient(uri, new BatonClient.Auth.Basic(viewer.credential().id(), viewer.secret()), null);
            assertThat(view.hosts().path("hosts")).hasSize(1);
            assertThatThrownBy(() -> view.addHost("web3.example.com", List.of()))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(403));
            assertThatThrownBy(() -> view.setHostCanAcquire("web1.example.com", false))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(403));

            assertThat(admin.removeHost("web1.example.com").path("removed").asBoolean()).isTrue();
            assertThat(admin.hosts().path("hosts")).isEmpty();
            assertThat(server.hosts().find("web1-cert")).isEmpty();
            assertThatThrownBy(() -> admin.removeHost("web1.example.com"))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    /** Issue 13, item 11: hosts that called through a door or reported progress are listed, registered or not. */
    @Test
    void hostsThatCalledOrReportedAreListedWithoutRegistration() throws Exception {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1"))) {
            URI uri = URI.create("http://127.0.0.1:" + server.port());
            BatonClient admin = new BatonClient(uri, new BatonClient.Auth.Basic("admin", "test-password-1"), null);
            try (var http = java.net.http.HttpClient.newHttpClient()) {
                var fleetlock = http.send(java.net.http.HttpRequest.newBuilder(uri.resolve("/v1/pre-reboot"))
                        .header("fleet-lock-protocol", "true").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"client_params\":{\"id\":\"zincati-0123\",\"group\":\"default\"}}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(fleetlock.statusCode()).as(fleetlock.body()).isEqualTo(200);
            }
            admin.report("agent.example.com", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("run_id", "r1").put("phase", "update").put("status", "started"));

            JsonNode hosts = admin.hosts().path("hosts");
            assertThat(hosts).hasSize(2);
            assertThat(hosts.get(0).path("name").asText()).isEqualTo("agent.example.com");
            assertThat(hosts.get(0).path("registered").asBoolean(true)).isFalse();
            assertThat(hosts.get(0).path("id").isNull()).isTrue();
            assertThat(hosts.get(0).path("last_report").path("phase").asText()).isEqualTo("update");
            assertThat(hosts.get(1).path("name").asText()).isEqualTo("zincati-0123");
            assertThat(hosts.get(1).path("last_protocol").asText()).isEqualTo("fleetlock");
            assertThat(hosts.get(1).path("last_check_in").isTextual()).isTrue();
            assertThat(hosts.get(1).path("last_report").isNull()).isTrue();
            assertThat(admin.host("agent.example.com").path("registered").asBoolean(true)).isFalse();

            // Registered later under another name, with the machine id as an alias: one host, registered, seen before.
            admin.addHost("node1.example.com", List.of("zincati-0123"));
            hosts = admin.hosts().path("hosts");
            assertThat(hosts).hasSize(2);
            JsonNode node = admin.host("zincati-0123");
            assertThat(node.path("name").asText()).isEqualTo("node1.example.com");
            assertThat(node.path("registered").asBoolean()).isTrue();
            assertThat(node.path("last_protocol").asText()).isEqualTo("fleetlock");
            assertThatThrownBy(() -> admin.host("nobody.example.com"))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(404));
        }
    }
}
