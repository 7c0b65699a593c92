package dev.baton.cli.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.BatonClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The calls of {@code baton package} to {@code /api/v3/packages}. */
final class PackageApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "api/v3/packages";

    private PackageApi() {
    }

    static JsonNode get(BatonClient client, String path) {
        return client.call("GET", BASE + path, null, TIMEOUT, 200);
    }

    static JsonNode post(BatonClient client, String path, JsonNode body) {
        return client.call("POST", BASE + path, body, TIMEOUT, 200);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
