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
}
