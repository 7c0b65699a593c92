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

            // Issue 14: the last call per door.
            server.hosts().checkIn("web1-cert", "foreman");
            server.hosts().checkIn("0123456789abcdef0123456789abcdef", "fleetlock");
            JsonNode doors = admin.host("web1.example.com").path("check_ins");
            assertThat(doors.properties()).extracting(java.util.Map.Entry::getKey).containsExactly("fleetlock", "foreman");
            assertThat(admin.hosts().path("hosts").get(0).path("check_ins").path("foreman").asText()).startsWith("20");

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

    /** Issue 14: the host list as pages with states, the count per state, and the lock list as pages. */
    @Test
    void pagesOfHostsWithStatesAndOfLocks() {
        try (BatonServer server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null)
                .withAdminPassword("test-password-1"))) {
            URI uri = URI.create("http://127.0.0.1:" + server.port());
            BatonClient admin = new BatonClient(uri, new BatonClient.Auth.Basic("admin", "test-password-1"), null);
            for (int i = 0; i < 5; i++) {
                admin.addHost("web" + i + ".example.com", List.of("cert-" + i));
                server.hosts().checkIn("cert-" + i, "foreman");
            }
            admin.addHost("db1.example.com", List.of());
            server.locks().service().acquire(dev.baton.lock.AcquireRequest.now("patch-web", "cert-2", "cert-2",
                    dev.baton.lock.Protocol.FOREMAN));
            server.fleetHosts().refresh();

            assertThat(admin.hosts().has("total")).as("no parameters: the answer of before").isFalse();
            JsonNode first = admin.call("GET", "api/v3/hosts?query=WEB&limit=2", null, null, 200);
            assertThat(first.path("total").asInt()).isEqualTo(5);
            assertThat(first.path("hosts")).extracting(h -> h.path("name").asText())
                    .containsExactly("web0.example.com", "web1.example.com");
            JsonNode second = admin.call("GET", "api/v3/hosts?query=web&limit=2&after="
                    + java.net.URLEncoder.encode(first.path("next").asText(), java.nio.charset.StandardCharsets.UTF_8), null, null, 200);
            assertThat(second.path("hosts")).extracting(h -> h.path("name").asText())
                    .containsExactly("web2.example.com", "web3.example.com");
            assertThat(second.path("hosts").get(0).path("state").asText()).isEqualTo("updating");
            assertThat(second.path("hosts").get(0).path("holds").get(0).asText()).isEqualTo("patch-web");
            JsonNode updating = admin.call("GET", "api/v3/hosts?state=updating,failed&sort=last_check_in", null, null, 200);
            assertThat(updating.path("hosts")).extracting(h -> h.path("name").asText()).containsExactly("web2.example.com");
            JsonNode states = admin.call("GET", "api/v3/hosts/states", null, null, 200);
            assertThat(states.path("states").path("updating").asInt()).isEqualTo(1);
            assertThat(states.path("states").path("idle").asInt()).isEqualTo(4);
            assertThat(states.path("states").path("not_seen").asInt()).as("db1 never called").isEqualTo(1);
            assertThat(states.path("total").asInt()).isEqualTo(6);
            assertThat(admin.host("cert-2").path("state").asText()).isEqualTo("updating");
            assertThatThrownBy(() -> admin.call("GET", "api/v3/hosts?state=asleep", null, null, 200))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.getMessage()).contains("'state'").contains("asleep"));
            assertThatThrownBy(() -> admin.call("GET", "api/v3/hosts?sort=age", null, null, 200))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.status()).isEqualTo(400));

            admin.setSlots("patch-db", 2);
            JsonNode locks = admin.call("GET", "api/v3/locks?query=patch&only=held&limit=10", null, null, 200);
            assertThat(locks.path("total").asInt()).isEqualTo(1);
            assertThat(locks.path("locks").get(0).path("name").asText()).isEqualTo("patch-web");
            JsonNode byName = admin.call("GET", "api/v3/locks?sort=name&limit=1", null, null, 200);
            assertThat(byName.path("locks").get(0).path("name").asText()).isEqualTo("patch-db");
            assertThat(admin.call("GET", "api/v3/locks?sort=name&limit=1&after=" + byName.path("next").asText(), null, null, 200)
                    .path("locks").get(0).path("name").asText()).isEqualTo("patch-web");
            assertThat(admin.list().has("total")).as("no parameters: the answer of before").isFalse();
            assertThatThrownBy(() -> admin.call("GET", "api/v3/locks?only=busy", null, null, 200))
                    .isInstanceOfSatisfying(BatonClientException.class, e -> assertThat(e.getMessage()).contains("'only'"));
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
