package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Server addresses as operators type them into BATON_SERVER or --server. */
class ServerAddressTest {

    @Test
    void urlsHostPortAndTheApisOwnUrlAreUnderstood() {
        assertThat(ServerAddress.parse("https://baton.example.com")).isEqualTo(URI.create("https://baton.example.com/"));
        assertThat(ServerAddress.parse("http://127.0.0.1:8080/")).isEqualTo(URI.create("http://127.0.0.1:8080/"));
        assertThat(ServerAddress.parse("HTTPS://baton.example.com/api/v3")).isEqualTo(URI.create("https://baton.example.com/"));
        assertThat(ServerAddress.parse(" https://baton.example.com/api/v3/ ")).isEqualTo(URI.create("https://baton.example.com/"));
        assertThat(ServerAddress.parse("https://gw.example.com//baton/")).isEqualTo(URI.create("https://gw.example.com/baton/"));
        assertThat(ServerAddress.parse("baton.example.com:8080")).isEqualTo(URI.create("http://baton.example.com:8080/"));
        assertThat(ServerAddress.parse("127.0.0.1:8080/api/v3")).isEqualTo(URI.create("http://127.0.0.1:8080/"));
        assertThat(ServerAddress.parse("[::1]:8080")).isEqualTo(URI.create("http://[::1]:8080/"));
        assertThat(ServerAddress.parse("localhost")).isEqualTo(URI.create("http://localhost/"));
    }

    @Test
    void whatIsNotAServerAddressIsRefusedSayingWhy() {
        assertThatThrownBy(() -> ServerAddress.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ServerAddress.parse("ftp://host/")).hasMessage("'ftp://host/' is not an http:// or https:// URL");
        assertThatThrownBy(() -> ServerAddress.parse("http://ba ton:8080")).hasMessageStartingWith("'http://ba ton:8080' is not a URL");
        assertThatThrownBy(() -> ServerAddress.parse("baton example")).hasMessageContaining("is not a server address");
        assertThatThrownBy(() -> ServerAddress.parse("http://host:99999")).hasMessageContaining("beyond 65535");
        assertThatThrownBy(() -> ServerAddress.parse("https://admin:pw@host")).hasMessageContaining("BATON_CREDENTIAL_ID");
        assertThatThrownBy(() -> ServerAddress.parse("https://host/?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> ServerAddress.parse("https:///path")).hasMessageContaining("names no host");
    }

    @Test
    void theClientResolvesItsPathsBelowTheBaseWhateverFormItWasGivenIn() {
        BatonClient client = new BatonClient(URI.create("https://h.example.com/api/v3"), new BatonClient.Auth.None(), null);
        assertThat(client.server()).isEqualTo(URI.create("https://h.example.com/"));
        assertThatThrownBy(() -> client.show("")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
