package dev.baton.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;

/**
 * A static file server for the sync bench, run as its own JVM ({@code java ... StaticFileServer DIR}): the JDK's
 * HTTP/1.1 server (keep-alive) on 127.0.0.1, one virtual thread per exchange, each file sent from a
 * {@link FileChannel} ({@code transferTo}); {@code Range: bytes=N-} is answered 206 (what a resumed sync asks).
 * Prints {@code listening on port P} once it listens. Paths with {@code ..} and missing files answer 404.
 */
public final class StaticFileServer {

    private StaticFileServer() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(root, exchange);
            }
        });
        server.start();
        System.out.println("listening on port " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void serve(Path root, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Path file = root.resolve(path.substring(1)).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            long from = 0;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
                from = Long.parseLong(range.substring(6, range.length() - 1));
                exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(from > 0 ? 206 : 200, head ? -1 : size - from);
            if (head) {
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(from, size - from, Channels.newChannel(out));
            }
        }
    }
}
