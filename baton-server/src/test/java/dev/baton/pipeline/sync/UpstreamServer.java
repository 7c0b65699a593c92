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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback serving a directory as an upstream repository: GET with {@code Range: bytes=N-}
 * (206), a log of every request, files that are cut off half-way the first time they are fetched, and packages held
 * half-way mid-sync: once {@link #holdAfter} package files were served whole, every further package request gets half
 * of its bytes and then waits until {@link #release()} (so a server killed meanwhile leaves half-downloaded files).
 */
public final class UpstreamServer implements AutoCloseable {

    /** One request as the server saw it: the path and the Range header (null without one). */
    public record Request(String path, String range) {
    }

    private final HttpServer server;
    private final Path root;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Paths whose next full GET sends half of the file and then drops the connection. */
    final Set<String> dropOnce = ConcurrentHashMap.newKeySet();
    private int wholePackages;
    private int holdAfter = Integer.MAX_VALUE;
    private volatile int held;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public UpstreamServer(Path root) throws IOException {
        this.root = root.toAbsolutePath();
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

    /** Every request so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** From now on, package requests after the first {@code count} whole ones are held half-way. */
    public synchronized void holdAfter(int count) {
        gate = new CountDownLatch(1);
        wholePackages = 0;
        held = 0;
        holdAfter = count;
    }

    /** Lets the held requests go on and serves every later one whole. */
    public synchronized void release() {
        holdAfter = Integer.MAX_VALUE;
        gate.countDown();
    }

    /** How many package requests are held half-way now (or were, until released). */
    public int held() {
        return held;
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
            if (path.endsWith(".rpm") && !admitWhole()) {
                int half = from + (bytes.length - from) / 2;
                out.write(bytes, from, half - from);
                out.flush();
                CountDownLatch waitFor;
                synchronized (this) {
                    held++;
                    waitFor = gate;
                }
                try {
                    waitFor.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                out.write(bytes, half, bytes.length - half); // the client is gone by now: this fails
                return;
            }
            out.write(bytes, from, bytes.length - from);
        }
    }

    /** Whether this package request is served whole (not held). */
    private synchronized boolean admitWhole() {
        if (wholePackages >= holdAfter) {
            return false;
        }
        wholePackages++;
        return true;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
