package dev.baton.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream repository on loopback that can be held mid-sync: it serves a directory (GET, {@code Range: bytes=N-}
 * answered 206) and logs every request; once {@link #holdAfter} package files were served whole, every further
 * package request gets half of its bytes and then waits until {@link #release()} (so a server killed meanwhile leaves
 * half-downloaded files behind).
 */
final class GatedUpstream implements AutoCloseable {

    /** One request as the server saw it: the path and the Range header (null without one). */
    record Request(String path, String range) {
    }

    private final HttpServer server;
    private final Path root;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger wholePackages = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile int holdAfter = Integer.MAX_VALUE;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    GatedUpstream(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String dir) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + dir + "/";
    }

    /** From now on, package requests after the first {@code count} whole ones are held half-way. */
    synchronized void holdAfter(int count) {
        gate = new CountDownLatch(1);
        wholePackages.set(0);
        held.set(0);
        holdAfter = count;
    }

    /** Lets the held requests go on and serves every later one whole. */
    synchronized void release() {
        holdAfter = Integer.MAX_VALUE;
        gate.countDown();
    }

    /** How many package requests are held half-way now (or were, until released). */
    int held() {
        return held.get();
    }

    List<Request> requests() {
        return List.copyOf(requests);
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
                exchange.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/"
                        + bytes.length);
                exchange.sendResponseHeaders(206, bytes.length - from);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
            }
            OutputStream out = exchange.getResponseBody();
            if (path.endsWith(".rpm") && !admit()) {
                int half = from + (bytes.length - from) / 2;
                out.write(bytes, from, half - from);
                out.flush();
                held.incrementAndGet();
                CountDownLatch waitFor = gate;
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

    /** Whether this package request is served whole. */
    private synchronized boolean admit() {
        if (wholePackages.get() >= holdAfter) {
            return false;
        }
        wholePackages.incrementAndGet();
        return true;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
