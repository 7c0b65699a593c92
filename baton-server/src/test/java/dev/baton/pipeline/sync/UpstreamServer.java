package dev.baton.pipeline.sync;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback serving a directory as an upstream repository: GET with {@code Range: bytes=N-}
 * (206), a log of every request, and files that are cut off half-way the first time they are fetched.
 */
public final class UpstreamServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Request(String path, String range) {
    }

    private final HttpServer server;
    private final Path root;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Paths whose next full GET sends half of the file and then drops the connection. */
    final Set<String> dropOnce = ConcurrentHashMap.newKeySet();

    public UpstreamServer(Path root) throws IOException {
        this.root = root;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String remote) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + remote + "/";
    }

    public long requestsEndingWith(String suffix) {
        return requests.stream().filter(r -> r.path().endsWith(suffix)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            requests.add(new Request(path, range));
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            int from = 0;
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Integer.parseInt(range.substring(6, range.length() - 1));
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
                exchange.sendResponseHeaders(206, bytes.length - from);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
            }
            OutputStream out = exchange.getResponseBody();
            if (range == null && dropOnce.remove(path)) {
                out.write(bytes, 0, bytes.length / 2);
                out.flush();
                throw new IOException("dropped half-way on purpose");
            }
            out.write(bytes, from, bytes.length - from);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
