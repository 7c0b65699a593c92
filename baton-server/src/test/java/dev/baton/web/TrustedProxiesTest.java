package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address the failed-login limit counts, behind proxies and without. */
class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.0/8", " 192.168.1.7 ", "fd00::/8"));

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertThat(TrustedProxies.NONE.client("10.0.0.1", List.of("203.0.113.9"))).isEqualTo("10.0.0.1");
        assertThat(TrustedProxies.parse(List.of()).isEmpty()).isTrue();
        assertThat(TrustedProxies.parse(null)).isSameAs(TrustedProxies.NONE);
    }

    @Test
    void aConnectionFromAnUntrustedAddressKeepsItsOwnAddressWhateverItClaims() {
        assertThat(proxies.client("203.0.113.50", List.of("10.9.9.9"))).isEqualTo("203.0.113.50");
        assertThat(proxies.client("192.168.1.8", List.of("198.51.100.1"))).as("next to a trusted host").isEqualTo("192.168.1.8");
    }

    @Test
    void behindTrustedProxiesTheNearestUntrustedHopIsTheClient() {
        assertThat(proxies.client("10.0.0.1", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        // The client wrote 1.1.1.1 itself; its proxy appended the address it really came from.
        assertThat(proxies.client("10.0.0.1", List.of("1.1.1.1, 198.51.100.1, 10.2.3.4"))).isEqualTo("198.51.100.1");
        assertThat(proxies.client("192.168.1.7", List.of("1.1.1.1", "198.51.100.2"))).as("several headers").isEqualTo("198.51.100.2");
        assertThat(proxies.client("fd12::1", List.of("2001:db8::5"))).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(proxies.client("10.0.0.1", List.of("10.0.0.2, 10.0.0.3"))).as("only proxies: the farthest").isEqualTo("10.0.0.2");
        assertThat(proxies.client("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void somethingThatIsNotAnAddressStopsTheWalkAtTheProxyThatPassedItOn() {
        assertThat(proxies.client("10.0.0.1", List.of("unknown"))).isEqualTo("10.0.0.1");
        assertThat(proxies.client("10.0.0.1", List.of("198.51.100.1, evil.example.com, 10.0.0.9"))).isEqualTo("10.0.0.9");
        assertThat(proxies.client("10.0.0.1", List.of("300.1.1.1"))).isEqualTo("10.0.0.1");
    }

    @Test
    void anEntryThatIsNotAnAddressOrNetworkIsRefusedByName() {
        for (String bad : List.of("proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "256.1.1.1", "fd00::/129", "10.0.0.0/-1")) {
            assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.1", bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--trusted-proxies").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void networkPrefixesThatAreNotWholeBytesMatchExactlyTheirRange() {
        TrustedProxies narrow = TrustedProxies.parse(List.of("172.16.0.0/12"));
        assertThat(narrow.client("172.31.255.255", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(narrow.client("172.32.0.0", List.of("198.51.100.1"))).isEqualTo("172.32.0.0");
        assertThat(narrow.client("172.15.255.255", List.of("198.51.100.1"))).isEqualTo("172.15.255.255");
    }
}
