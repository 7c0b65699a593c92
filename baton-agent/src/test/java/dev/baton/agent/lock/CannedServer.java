package dev.baton.agent.lock;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP server on a real socket that answers each {@code "METHOD /path"} with the status and body it was given
 * (404 {@code {}} otherwise) and records every request as {@code "METHOD /path"}: for the answers a real lock server
 * gives only in situations that are hard to stage, such as a release refused because another holder has the lock.
 */
final class CannedServer implements AutoCloseable {

    record Answer(int status, String body) {
    }

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final HttpServer server;

    CannedServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestBody().readAllBytes();
                String key = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath();
                requests.add(key);
                Answer a = answers.getOrDefault(key, new Answer(404, "{}"));
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(a.status(), body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
    }

    CannedServer answer(String methodAndPath, int status, String body) {
        answers.put(methodAndPath, new Answer(status, body));
        return this;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
