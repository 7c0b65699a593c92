package dev.baton.cli.key;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.cli.CliException;
import dev.baton.cli.ExitCodes;
import dev.baton.client.BatonClient;
import java.time.Duration;

/** The calls of {@code baton key} to {@code /api/v3/keys}. */
final class KeyApi {

    /** Creating an RSA key takes the server a few seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String BASE = "api/v3/keys";

    private KeyApi() {
    }

    static JsonNode list(BatonClient client) {
        return client.call("GET", BASE, null, TIMEOUT, 200);
    }

    static JsonNode create(BatonClient client, String path, JsonNode body) {
        return client.call("POST", BASE + path, body, TIMEOUT, 201);
    }

    /** The key named {@code name} as the list shows it. */
    static JsonNode find(BatonClient client, String name) {
        for (JsonNode key : list(client).path("keys")) {
            if (key.path("name").asText().equals(name)) {
                return key;
            }
        }
        throw new CliException("there is no signing key named '" + name + "' (baton key list shows them)",
                ExitCodes.REFUSED);
    }

    /** "created key site: rsa 0123456789ABCDEF (Site <site@example.org>), held by the server". */
    static String line(String verb, JsonNode key) {
        return verb + " key " + key.path("name").asText() + ": " + key.path("algorithm").asText() + " "
                + key.path("key_id").asText() + " (" + key.path("user_id").asText() + "), held by "
                + heldBy(key);
    }

    /** "the server", or "gpg" with the GNUPGHOME when one was given. */
    static String heldBy(JsonNode key) {
        if (!"gpg".equals(key.path("held_by").asText())) {
            return "the server";
        }
        JsonNode home = key.path("gpg").path("home");
        return home.isTextual() ? "gpg (" + home.asText() + ")" : "gpg";
    }
}
