package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.SSLContext;

/**
 * A client of Baton's native HTTP API ({@code /api/v3}), used by the admin CLI and the agent.
 *
 * <p>Every call returns the parsed JSON answer or throws {@link BatonClientException} with the server's
 * error code and message; a server that cannot be reached throws {@link BatonUnreachableException}, so
 * callers can tell "refused" from "retry later". Thread-safe.
 */
public final class BatonClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Extra time beyond a requested wait before a long-poll request is given up on. */
    private static final Duration REQUEST_SLACK = Duration.ofSeconds(30);

    private final URI server;
    private final Auth auth;
    private final HttpClient http;

    /** How the client proves who it is. */
    public sealed interface Auth {
        String header();

        /** A user name and password (the admin user) or a credential id and secret, as HTTP Basic. */
        record Basic(String id, String secret) implements Auth {
            public String header() {
                return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public String toString() {
                return "Basic[" + id + ", secret hidden]";
            }
        }

        /** No credentials (health checks, TLS client certificates). */
        record None() implements Auth {
            public String header() {
                return null;
            }
        }
    }

    /**
     * @param server the server's base URL, e.g. {@code http://127.0.0.1:8080}
     * @param ssl    the TLS context (server CA, client certificate), or {@code null} for the JDK default
     */
    public BatonClient(URI server, Auth auth, SSLContext ssl) {
        this.server = URI.create(server.toString().replaceAll("/+$", "") + "/");
        this.auth = auth;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
    }

    public URI server() {
        return server;
    }

    // ------------------------------------------------------------------ locks

    /** The answer to an acquire. {@code position} is the place in the queue when a wait ran out. */
    public record AcquireResponse(boolean granted, String status, int position, JsonNode lock, String message) {
    }

    /** Takes a slot in {@code lock} as {@code holder}, waiting up to {@code wait} on the server. */
    public AcquireResponse acquire(String lock, String holder, Duration wait) {
        ObjectNode body = object().put("holder", holder).put("wait_seconds", wait.toSeconds());
        JsonNode answer = call("POST", lockPath(lock) + "/acquire", body, wait.plus(REQUEST_SLACK), 200, 409, 423);
        return new AcquireResponse(answer.path("granted").asBoolean(false), answer.path("status").asText(),
                answer.path("position").asInt(0), answer.path("lock"), answer.path("error").path("message").asText(null));
    }

    public record ReleaseResponse(boolean released, String status, JsonNode lock) {
    }

    /** Gives back the slot; {@code released=false, status=not_held} when the holder held none. */
    public ReleaseResponse release(String lock, String holder) {
        JsonNode answer = call("POST", lockPath(lock) + "/release", object().put("holder", holder), null, 200);
        return new ReleaseResponse(answer.path("released").asBoolean(false), answer.path("status").asText(), answer.path("lock"));
    }

    public JsonNode show(String lock) {
        return call("GET", lockPath(lock), null, null, 200);
    }

    public JsonNode list() {
        return call("GET", "api/v3/locks", null, null, 200);
    }

    public JsonNode forceRelease(String lock, String holder, String reason) {
        return call("POST", lockPath(lock) + "/force-release", object().put("holder", holder).put("reason", reason), null, 200);
    }

    public JsonNode setSlots(String lock, int slots) {
        return call("PATCH", lockPath(lock), object().put("slots", slots), null, 200);
    }

    public JsonNode setEnabled(String lock, boolean enabled, String reason) {
        return call("POST", lockPath(lock) + (enabled ? "/enable" : "/disable"), object().put("reason", reason), null, 200);
    }

    /** Freezes one lock, or the whole fleet when {@code lock} is null. */
    public JsonNode freeze(String lock, String reason) {
        String path = lock == null ? "api/v3/fleet/freeze" : lockPath(lock) + "/freeze";
        return call("POST", path, object().put("reason", reason), null, 200);
    }

    public JsonNode unfreeze(String lock) {
        String path = lock == null ? "api/v3/fleet/unfreeze" : lockPath(lock) + "/unfreeze";
        return call("POST", path, object(), null, 200);
    }

    /** Events newest first, of one lock or (lock null) of the fleet. */
    public JsonNode events(String lock, Long before, int limit) {
        String path = (lock == null ? "api/v3/events" : lockPath(lock) + "/events") + "?limit=" + limit
                + (before == null ? "" : "&before=" + before);
        return call("GET", path, null, null, 200);
    }

    // ------------------------------------------------------------------ credentials

    /** Creates a credential; the answer carries {@code id} and {@code secret} (shown once). */
    public JsonNode createCredential(String name, String role, Collection<String> holders) {
        ObjectNode body = object().put("name", name).put("role", role);
        holders.forEach(body.putArray("holders")::add);
        return call("POST", "api/v3/credentials", body, null, 201);
    }

    public JsonNode credentials() {
        return call("GET", "api/v3/credentials", null, null, 200);
    }

    public JsonNode revokeCredential(String id) {
        return call("DELETE", "api/v3/credentials/" + encode(id), null, null, 200);
    }

    // ------------------------------------------------------------------ hosts

    /** The host registry: {@code {"hosts":[{"id","name","aliases","can_acquire_update_locks","last_check_in",...}]}}. */
    public JsonNode hosts() {
        return call("GET", "api/v3/hosts", null, null, 200);
    }

    /** Registers a host with its aliases (certname, other FQDNs, FleetLock machine id). */
    public JsonNode addHost(String name, Collection<String> aliases) {
        ObjectNode body = object().put("name", name);
        aliases.forEach(body.putArray("aliases")::add);
        return call("POST", "api/v3/hosts", body, null, 201);
    }

    public JsonNode removeHost(String name) {
        return call("DELETE", "api/v3/hosts/" + encode(name), null, null, 200);
    }

    /** Allows ({@code true}) or bars the host from taking update locks (Foreman's can_acquire_update_locks). */
    public JsonNode setHostCanAcquire(String name, boolean allowed) {
        return call("POST", "api/v3/hosts/" + encode(name) + (allowed ? "/allow" : "/deny"), object(), null, 200);
    }

    // ------------------------------------------------------------------ agent progress

    /** Reports one step of an agent run. Best effort for the caller: it decides what a failure means. */
    public void report(String holder, JsonNode report) {
        call("POST", "api/v3/hosts/" + encode(holder) + "/reports", report, null, 200, 201, 202);
    }

    // ------------------------------------------------------------------ plumbing

    /** Any call of the API: answers the parsed body when the status is one of {@code ok}. */
    public JsonNode call(String method, String path, JsonNode body, Duration timeout, int... ok) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(timeout != null ? timeout : Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (auth.header() != null) {
            request.header("Authorization", auth.header());
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpTimeoutException e) {
            throw new BatonUnreachableException("cannot reach the Baton server at " + server + ": " + describe(e), e);
        } catch (IOException e) {
            throw new BatonUnreachableException("connection to " + server + " failed: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BatonUnreachableException("interrupted while talking to " + server, e);
        }
        JsonNode answer = parse(response.body());
        for (int code : ok) {
            if (response.statusCode() == code) {
                return answer;
            }
        }
        JsonNode error = answer.path("error");
        throw new BatonClientException(response.statusCode(), error.path("code").asText("http_" + response.statusCode()),
                error.path("message").asText("the server answered HTTP " + response.statusCode()));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode().put("raw", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String lockPath(String lock) {
        return "api/v3/locks/" + encode(lock);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
