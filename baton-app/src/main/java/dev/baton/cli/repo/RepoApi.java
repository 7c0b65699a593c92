package dev.baton.cli.repo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.cli.Output;
import dev.baton.client.BatonClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** The calls of {@code baton repo} to {@code /api/v3/repositories}, and how their answers are printed. */
final class RepoApi {

    /** Adding to a signed repository signs every package: it may take a while. */
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final String BASE = "api/v3/repositories";

    private RepoApi() {
    }

    static JsonNode get(BatonClient client, String path) {
        return client.call("GET", BASE + path, null, TIMEOUT, 200);
    }

    static JsonNode post(BatonClient client, String path, JsonNode body) {
        return client.call("POST", BASE + path, body, TIMEOUT, 200, 201);
    }

    /** Uploads a package file ({@code POST /api/v3/packages}); answers the file with the state its checks gave it. */
    static JsonNode upload(BatonClient client, java.nio.file.Path rpm) {
        return client.upload("POST", "api/v3/packages?file_name=" + java.net.URLEncoder.encode(
                rpm.getFileName().toString(), java.nio.charset.StandardCharsets.UTF_8), rpm, "application/x-rpm",
                TIMEOUT, 200, 201);
    }

    static JsonNode delete(BatonClient client, String path) {
        return client.call("DELETE", BASE + path, null, TIMEOUT, 200);
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static ArrayNode array(List<String> values) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        values.forEach(array::add);
        return array;
    }

    /** What an add, remove or promotion did: the version made (or none) and each package added or removed. */
    static void printChange(PrintWriter out, String verb, JsonNode change) {
        JsonNode version = change.path("version");
        if (!change.path("changed").asBoolean()) {
            out.println(change.path("repository").asText() + ": nothing to " + verb + "; version "
                    + version.path("number").asInt() + " stays");
            return;
        }
        out.println(change.path("repository").asText() + " version " + version.path("number").asInt() + " ("
                + version.path("package_count").asInt() + " packages): " + change.path("added").size() + " added, "
                + change.path("removed").size() + " removed");
        change.path("added").forEach(f -> out.println("  + " + file(f)));
        change.path("removed").forEach(f -> out.println("  - " + file(f)));
    }

    /** {@code hello-1.0-1.noarch signed_copy 3f2a1b... key 0123456789ABCDEF} */
    static String file(JsonNode f) {
        String key = Output.text(f.path("signed_by_key_id"));
        return f.path("nevra").asText() + " " + f.path("origin").asText() + " " + f.path("sha256").asText().substring(0, 12)
                + (key.isEmpty() ? "" : " key " + key);
    }
}
