package dev.baton.agent.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The little HTTP the protocol clients share: one {@link HttpClient}, JSON in and out, status and body back.
 * Loaded only when a lock is needed, so a run with nothing to do never initialises HTTP or Jackson.
 */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /** A status and the parsed body ({@code {}} when empty or not JSON; the raw text in {@code raw}). */
    record Response(int status, JsonNode body, String raw) {
        String text(String field) {
            JsonNode n = body.path(field);
            return n.isMissingNode() || n.isNull() ? null : n.asText();
        }
    }

    private final HttpClient client;

    Http(SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
    }

    Response send(String method, URI uri, JsonNode body, java.util.Map<String, String> headers, Duration timeout) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout == null ? REQUEST_TIMEOUT : timeout)
                .header("Accept", "application/json");
        headers.forEach(request::header);
        if (body != null) {
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return new Response(response.statusCode(), parse(response.body()), response.body());
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n == null ? JsonNodeFactory.instance.objectNode() : n;
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A path segment, percent-encoded (a space as {@code %20}). */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code base} with exactly one trailing slash. */
    static String slash(URI base) {
        return base.toString().replaceAll("/+$", "") + "/";
    }

    /** A short description of a body for messages. */
    static String brief(Response r) {
        String raw = r.raw() == null ? "" : r.raw().strip();
        return raw.isEmpty() ? "(empty body)" : raw.length() > 200 ? raw.substring(0, 200) + "..." : raw;
    }
}
