package dev.baton.client.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Building request URLs from the base URLs people configure. */
public final class Urls {

    private Urls() {
    }

    /**
     * {@code base} with repeated slashes in its path merged and exactly one slash at the end, so that appending a
     * relative path never makes {@code //} (a {@code foreman_url = https://host/} must not become
     * {@code https://host//api/...}).
     */
    public static String directory(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/{2,}", "/");
        path = path.replaceAll("/+$", "") + "/";
        String authority = base.getRawAuthority() == null ? "" : "//" + base.getRawAuthority();
        return base.getScheme() + ":" + authority + path;
    }

    /** A path segment, percent-encoded ({@code a b} becomes {@code a%20b}, {@code a/b} becomes {@code a%2Fb}). */
    public static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
