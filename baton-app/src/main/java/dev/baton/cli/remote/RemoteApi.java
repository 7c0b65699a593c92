package dev.baton.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The calls of {@code baton remote} to {@code /api/v3/remotes}, and how a remote is shown. */
final class RemoteApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/remotes";

    private RemoteApi() {
    }

    static String path(String name) {
        return BASE + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static JsonNode list(BatonClient client) {
        return client.call("GET", BASE, null, TIMEOUT, 200);
    }

    static JsonNode get(BatonClient client, String name) {
        return client.call("GET", path(name), null, TIMEOUT, 200);
    }

    static JsonNode add(BatonClient client, JsonNode body) {
        return client.call("POST", BASE, body, TIMEOUT, 201);
    }

    static void remove(BatonClient client, String name) {
        client.call("DELETE", path(name), null, TIMEOUT, 204);
    }

    /** Submits the remote's sync; answers the job. */
    static JsonNode sync(BatonClient client, String name) {
        return client.call("POST", path(name) + "/sync", null, TIMEOUT, 202);
    }

    /** "ok: 4 packages listed, ... (2026-12-06T20:00:00Z)", or "never". */
    static String lastSync(JsonNode remote) {
        JsonNode last = remote.path("last_sync");
        if (last.isMissingNode() || last.isNull()) {
            return "never";
        }
        return last.path("result").asText() + " (" + last.path("synced_at").asText() + ")";
    }
}
