package dev.baton.cli.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The calls of {@code baton advisory} to {@code /api/v3/advisories}. */
final class AdvisoryApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/advisories";

    private AdvisoryApi() {
    }

    static JsonNode list(BatonClient client, String query) {
        return client.call("GET", BASE + query, null, TIMEOUT, 200);
    }

    static JsonNode show(BatonClient client, String id) {
        return client.call("GET", BASE + "/" + id, null, TIMEOUT, 200);
    }

    static JsonNode create(BatonClient client, JsonNode draft) {
        return client.call("POST", BASE, draft, TIMEOUT, 201);
    }

    static JsonNode derive(BatonClient client, JsonNode body) {
        return client.call("POST", BASE + "/derive", body, TIMEOUT, 201);
    }

    static JsonNode importCsaf(BatonClient client, JsonNode document, String remote) {
        return client.call("POST", BASE + "/import-csaf" + (remote == null ? "" : "?remote=" + encode(remote)), document,
                TIMEOUT, 200);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One line: id, type and severity, title, origin. */
    static String line(JsonNode a) {
        String severity = a.path("severity").asText("");
        return a.path("id").asText() + " " + a.path("type").asText() + (severity.isEmpty() ? "" : "/" + severity) + ": "
                + a.path("title").asText() + " (" + origin(a) + ")";
    }

    /** "site", "site, derived from RHSA-...", or "upstream from REMOTE". */
    static String origin(JsonNode a) {
        if (a.path("origin").asText().equals("site")) {
            String from = a.path("derived_from").asText("");
            return from.isEmpty() ? "site" : "site, derived from " + from;
        }
        return "upstream from " + a.path("remote").asText();
    }
}
