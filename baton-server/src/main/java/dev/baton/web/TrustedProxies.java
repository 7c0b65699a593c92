package dev.baton.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The proxies and load balancers whose {@code X-Forwarded-For} is believed ({@code --trusted-proxies}),
 * so that the failed-login limit counts per client rather than per proxy.
 *
 * <p>The client is found as nginx's {@code real_ip_recursive} finds it: only when the connection comes
 * from a trusted address, the header's addresses are read from the right (the hop nearest to Baton) and
 * the first one that is not a trusted proxy is the client. What a client writes into the header itself
 * lies to the left of what its proxy appended, so it is never reached. With no trusted proxies (the
 * default) the header is ignored.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Only literal addresses: anything else would send a name to DNS. */
    private static final Pattern ADDRESS = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** An address and how many of its leading bits a network shares. */
    private record Network(byte[] address, int prefix) {
        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != address.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (bytes[whole] & mask) == (address[whole] & mask);
        }
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = networks;
    }

    /**
     * Parses addresses and networks such as {@code 10.0.0.5}, {@code 10.1.0.0/16} or {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming the entry that is not one
     */
    public static TrustedProxies parse(List<String> entries) {
        if (entries == null || entries.isEmpty()) {
            return NONE;
        }
        return new TrustedProxies(entries.stream().map(String::strip).filter(e -> !e.isEmpty())
                .map(TrustedProxies::network).toList());
    }

    private static Network network(String entry) {
        int slash = entry.indexOf('/');
        InetAddress address = literal(slash < 0 ? entry : entry.substring(0, slash));
        int bits = address == null ? 0 : address.getAddress().length * 8;
        int prefix = bits;
        if (address != null && slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
        }
        if (address == null || prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("--trusted-proxies: '" + entry + "' is not an IP address or a network "
                    + "such as 10.0.0.0/8 or fd00::/8");
        }
        return new Network(address.getAddress(), prefix);
    }

    /** The address a literal names, or {@code null} when it is not an IPv4 or IPv6 literal. */
    private static InetAddress literal(String text) {
        if (!ADDRESS.matcher(text).matches()
                || text.indexOf(':') < 0 && java.util.Arrays.stream(text.split("\\.")).anyMatch(o -> Integer.parseInt(o) > 255)) {
            return null; // an IPv4 literal out of range would be looked up as a host name
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /**
     * The client's address: {@code peer} itself, unless {@code peer} is a trusted proxy and
     * {@code forwardedFor} (the {@code X-Forwarded-For} values, in order) names hops behind it.
     */
    public String client(String peer, List<String> forwardedFor) {
        if (networks.isEmpty() || forwardedFor == null || forwardedFor.isEmpty() || !trusted(literal(peer))) {
            return peer;
        }
        String client = peer;
        List<String> hops = forwardedFor.stream().flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).toList();
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                return client; // a trusted proxy passed on something that is not an address: stop at that proxy
            }
            client = hop.getHostAddress();
            if (!trusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean trusted(InetAddress address) {
        return address != null && networks.stream().anyMatch(n -> n.contains(address));
    }
}
