package dev.baton.console.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Names in links: lock and host names are encoded as one path segment or query value. */
public final class Urls {

    private Urls() {
    }

    public static String lock(String name) {
        return "/locks/" + segment(name);
    }

    public static String host(String name) {
        return "/hosts/" + segment(name);
    }

    /** A jump run's page; its actions are under this path. */
    public static String jump(String run) {
        return "/jumps/" + segment(run);
    }

    /** A host of a jump run: its log; its actions are under this path. */
    public static String jumpHost(String run, String host) {
        return jump(run) + "/hosts/" + segment(host);
    }

    /** A user's actions on the People page are under this path. */
    public static String user(String name) {
        return "/people/users/" + segment(name);
    }

    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String query(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
