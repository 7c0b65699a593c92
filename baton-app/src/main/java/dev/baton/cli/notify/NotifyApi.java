package dev.baton.cli.notify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import java.time.Duration;

/** The calls of {@code baton notify} to {@code /api/v3/notifications}. */
final class NotifyApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/notifications/";

    private NotifyApi() {
    }

    static JsonNode get(BatonClient client, String path) {
        return client.call("GET", BASE + path, null, TIMEOUT, 200);
    }

    static JsonNode post(BatonClient client, String path, JsonNode body) {
        return client.call("POST", BASE + path, body, TIMEOUT, 200, 201);
    }

    static JsonNode delete(BatonClient client, String path) {
        return client.call("DELETE", BASE + path, null, TIMEOUT, 200);
    }
}
