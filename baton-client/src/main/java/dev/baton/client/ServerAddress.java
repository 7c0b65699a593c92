package dev.baton.client;

import dev.baton.client.http.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address of a Baton server as people write it: {@code https://baton.example.com}, {@code
 * http://127.0.0.1:8080/}, the API's own URL {@code https://baton.example.com/api/v3}, or just {@code host:port}
 * (then {@code http://}). Behind a proxy the server may live under a path ({@code https://gw.example.com/baton}).
 */
public final class ServerAddress {

    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:\\d+)?(/.*)?");

    private ServerAddress() {
    }

    /**
     * The base URL of the server named by {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong with it: empty, not a URL, not http or https, a query
     */
    public static URI parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the server address is empty; give a URL such as https://baton.example.com");
        }
        if (!t.contains("://")) {
            if (!HOST_PORT.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' is not a server address; give a URL such as https://baton.example.com"
                        + " or http://HOST:PORT");
            }
            t = "http://" + t;
        }
        URI uri;
        try {
            uri = new URI(t);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a URL: " + e.getReason()
                    + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : ""));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not an http:// or https:// URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text.strip() + "' names no host; give a URL such as https://baton.example.com");
        }
        if (uri.getPort() > 65535) {
            throw new IllegalArgumentException("'" + text.strip() + "': port " + uri.getPort() + " is beyond 65535");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("'" + text.strip() + "' carries credentials; give them in BATON_CREDENTIAL_ID and "
                    + "BATON_CREDENTIAL_SECRET (or BATON_ADMIN_PASSWORD) instead, so they stay out of the process list");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text.strip() + "' has a query or fragment; give the server's base URL only");
        }
        return base(uri);
    }

    /**
     * {@code server} as the base the API's paths are resolved against: lower-case scheme, repeated slashes merged, a
     * trailing {@code /api/v3} dropped (the client adds it), and one slash at the end.
     */
    public static URI base(URI server) {
        String directory = Urls.directory(server);
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        directory = scheme + directory.substring(server.getScheme().length());
        if (directory.endsWith("/api/v3/")) {
            directory = directory.substring(0, directory.length() - "api/v3/".length());
        }
        return URI.create(directory);
    }
}
