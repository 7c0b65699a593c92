package dev.baton.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A lock server for tests that speaks the documented wire protocols (DLM Engine v1 and v2, Foreman DLM, FleetLock,
 * Baton native) over a real socket, one slot per lock. It stands in for the real Baton server only until the
 * end-to-end tests against it exist. Records every request; can be told to delay answers or fail.
 */
public final class FakeLockServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** lock name (FleetLock: group) to holder. */
    public final Map<String, String> holders = new ConcurrentHashMap<>();
    /** "METHOD /path body" per request. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Headers of the last request (lower-case names). */
    public volatile Map<String, String> lastHeaders = Map.of();
    /** Answer 503 to this many requests before behaving. */
    public final AtomicInteger failNext = new AtomicInteger();
    /** Delay every answer (or those to {@link #delayOnly}) by this many milliseconds. */
    public volatile long delayMillis;
    /** The one HTTP method whose answers {@link #delayMillis} delays; null for all. */
    public volatile String delayOnly;
    /** Reports received on the native API. */
    public final List<JsonNode> reports = new CopyOnWriteArrayList<>();
    public volatile boolean reportsEndpoint = true;

    private final HttpServer server;
    private final String scheme;

    private FakeLockServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public static FakeLockServer start() throws IOException {
        return new FakeLockServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
    }

    /** HTTPS, requiring a client certificate (Foreman). */
    public static FakeLockServer startTls(SSLContext ssl) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                var p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        return new FakeLockServer(s, "https");
    }

    public URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            requests.add(method + " " + path + (body.isEmpty() ? "" : " " + body.replaceAll("\\s+", "")));
            Map<String, String> h = new ConcurrentHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), v.getFirst()));
            lastHeaders = h;
            if (delayMillis > 0 && (delayOnly == null || delayOnly.equals(method))) {
                Thread.sleep(delayMillis);
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(ex, 503, "{\"error\":\"unavailable\"}");
                return;
            }
            JsonNode json = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            if (path.startsWith("/api/v2/locks/") || path.startsWith("/api/v2/orgs/")) {
                dlm(ex, method, path.substring(path.lastIndexOf('/') + 1), json, false);
            } else if (path.startsWith("/api/v1/locks/")) {
                dlm(ex, method, path.substring("/api/v1/locks/".length()), json, true);
            } else if (path.startsWith("/api/dlmlocks/") && path.endsWith("/lock")) {
                foreman(ex, method, path.substring("/api/dlmlocks/".length(), path.length() - "/lock".length()));
            } else if (path.equals("/v1/pre-reboot") || path.equals("/v1/steady-state")) {
                fleetlock(ex, path.endsWith("pre-reboot"), json, h);
            } else if (path.startsWith("/api/v3/locks/")) {
                nativeApi(ex, method, path.substring("/api/v3/locks/".length()), json);
            } else if (path.startsWith("/api/v3/hosts/") && path.endsWith("/reports")) {
                if (!reportsEndpoint) {
                    send(ex, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no such route\"}}");
                    return;
                }
                reports.add(json);
                send(ex, 201, "{}");
            } else {
                send(ex, 404, "{\"error\":\"no such route\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void dlm(HttpExchange ex, String method, String name, JsonNode json, boolean v1) throws IOException {
        if (!"good-secret".equals(lastHeaders.get("x-secret")) || lastHeaders.get("x-secret-id") == null) {
            send(ex, 401, "{\"errors\":[{\"id\":401,\"title\":\"unauthorized\"}]}");
            return;
        }
        JsonNode data = v1 ? json.path("data") : json;
        String current = holders.get(name);
        switch (method) {
            case "GET" -> {
                if (current == null) {
                    send(ex, 404, "{\"errors\":[{\"id\":404}]}");
                } else {
                    String lock = "{\"id\":\"" + name + "\",\"acquired_by\":\"" + current + "\",\"acquired_since\":\"2026-01-01T00:00:00Z\"}";
                    send(ex, 200, v1 ? "{\"data\":" + lock + "}" : lock);
                }
            }
            case "POST" -> {
                String by = data.path("acquired_by").asText();
                if (current == null || current.equals(by)) {
                    holders.put(name, by);
                    String lock = "{\"id\":\"" + name + "\",\"acquired_by\":\"" + by + "\"}";
                    send(ex, 201, v1 ? "{\"data\":" + lock + "}" : lock);
                } else {
                    send(ex, 400, "{\"detail\":\"Duplicate Resource\"}");
                }
            }
            case "DELETE" -> {
                if (current == null || (v1 && !current.equals(data.path("acquired_by").asText()))) {
                    send(ex, 404, "{\"errors\":[{\"id\":404}]}");
                } else {
                    holders.remove(name);
                    send(ex, 200, "{}");
                }
            }
            default -> send(ex, 405, "{}");
        }
    }

    private void foreman(HttpExchange ex, String method, String name) throws IOException {
        String cn;
        try {
            var session = ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession();
            String dn = session.getPeerPrincipal().getName();
            cn = dn.replaceAll("^.*CN=([^,]+).*$", "$1").toLowerCase();
        } catch (ClassCastException | SSLPeerUnverifiedException e) {
            send(ex, 401, "{\"error\":{\"message\":\"Unable to authenticate user \"}}");
            return;
        }
        if (!"application/json".equals(lastHeaders.get("content-type")) && !method.equals("GET")) {
            send(ex, 415, "{\"error\":{\"message\":\"unsupported media type\"}}");
            return;
        }
        String current = holders.get(name);
        String lock = "{\"id\":1,\"name\":\"" + name + "\",\"enabled\":true,\"host\":%s}";
        switch (method) {
            case "PUT" -> {
                if (current == null || current.equals(cn)) {
                    holders.put(name, cn);
                    send(ex, 200, lock.formatted("{\"name\":\"" + cn + "\"}"));
                } else {
                    send(ex, 412, "{\"error\":{\"id\":1,\"message\":\"Precondition failed. Lock is in invalid state for this operation.\"}}");
                }
            }
            case "DELETE" -> {
                if (current == null || current.equals(cn)) {
                    holders.remove(name);
                    send(ex, 200, lock.formatted("null"));
                } else {
                    send(ex, 412, "{\"error\":{\"id\":1,\"message\":\"Precondition failed. Lock is in invalid state for this operation.\"}}");
                }
            }
            case "GET" -> send(ex, current == null ? 404 : 200, current == null ? "{\"error\":{\"message\":\"not found\"}}"
                    : lock.formatted("{\"name\":\"" + current + "\",\"self\":" + current.equals(cn) + "}"));
            default -> send(ex, 405, "{}");
        }
    }

    private void fleetlock(HttpExchange ex, boolean lock, JsonNode json, Map<String, String> h) throws IOException {
        if (!"true".equals(h.get("fleet-lock-protocol"))) {
            send(ex, 400, "{\"kind\":\"missing_header\",\"value\":\"fleet-lock-protocol header missing\"}");
            return;
        }
        String id = json.path("client_params").path("id").asText("");
        String group = json.path("client_params").path("group").asText("");
        if (id.isEmpty() || group.isEmpty()) {
            send(ex, 400, "{\"kind\":\"bad_request\",\"value\":\"client_params missing\"}");
            return;
        }
        String current = holders.get(group);
        if (lock) {
            if (current == null || current.equals(id)) {
                holders.put(group, id);
                send(ex, 200, "{}");
            } else {
                send(ex, 409, "{\"kind\":\"failed_lock_semaphore_full\",\"value\":\"semaphore currently full, all slots are locked already\"}");
            }
        } else {
            if (id.equals(current)) {
                holders.remove(group);
            }
            send(ex, 200, "{}");
        }
    }

    private void nativeApi(HttpExchange ex, String method, String rest, JsonNode json) throws IOException, InterruptedException {
        String auth = lastHeaders.get("authorization");
        String good = "Basic " + java.util.Base64.getEncoder().encodeToString("agent:good-secret".getBytes(StandardCharsets.UTF_8));
        if (!good.equals(auth)) {
            send(ex, 401, "{\"error\":{\"code\":\"unauthorized\",\"message\":\"bad credential\"}}");
            return;
        }
        String[] parts = rest.split("/");
        String name = parts[0];
        String holder = json.path("holder").asText();
        if (parts.length == 1 && method.equals("GET")) {
            String current = holders.get(name);
            send(ex, 200, "{\"name\":\"" + name + "\",\"slots\":1,\"holders\":[" + (current == null ? "" : "{\"holder\":\"" + current + "\"}") + "]}");
            return;
        }
        switch (parts.length > 1 ? parts[1] : "") {
            case "acquire" -> {
                long deadline = System.currentTimeMillis() + json.path("wait_seconds").asLong(0) * 1000;
                while (true) {
                    synchronized (holders) {
                        String current = holders.get(name);
                        if (current == null || current.equals(holder)) {
                            holders.put(name, holder);
                            send(ex, 200, "{\"granted\":true,\"status\":\"" + (current == null ? "granted" : "already_held") + "\",\"lock\":{}}");
                            return;
                        }
                    }
                    if (System.currentTimeMillis() >= deadline) {
                        send(ex, 409, "{\"granted\":false,\"status\":\"timeout\",\"position\":1,\"error\":{\"code\":\"timeout\",\"message\":\"still held\"}}");
                        return;
                    }
                    Thread.sleep(20);
                }
            }
            case "release" -> {
                boolean held = holder.equals(holders.get(name));
                if (held) {
                    holders.remove(name);
                }
                send(ex, 200, "{\"released\":" + held + ",\"status\":\"" + (held ? "released" : "not_held") + "\"}");
            }
            default -> send(ex, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
