package dev.baton.channels;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver of web hooks (the JDK's HTTP server on a free port) that checks each request's signature as
 * docs/notifications.md tells receivers to: a request with a bad or missing signature is answered 401 and counted in
 * {@link #refused()}; a signed one is kept in {@link #accepted()} and answered {@link #answerWith(int)} (204 by default).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received; {@code nanos} is {@link System#nanoTime()} at its arrival. */
    public record Request(String body, String delivery, int answered, long nanos) {
    }

    private final HttpServer server;
    private final String secret;
    private final List<Request> accepted = new CopyOnWriteArrayList<>();
    private final List<Request> tries = new CopyOnWriteArrayList<>();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile int status = 204;

    public WebhookReceiver(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var headers = exchange.getRequestHeaders();
            boolean signed = WebhookSignature.verify(secret, headers.getFirst(WebhookSignature.TIMESTAMP),
                    headers.getFirst(WebhookSignature.SIGNATURE), body, Instant.now());
            int answer = signed ? status : 401;
            Request r = new Request(new String(body, StandardCharsets.UTF_8), headers.getFirst(WebhookSignature.DELIVERY), answer,
                    System.nanoTime());
            tries.add(r);
            if (!signed) {
                refused.incrementAndGet();
            } else if (answer >= 200 && answer < 300) {
                accepted.add(r);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public String secret() {
        return secret;
    }

    /** The status to answer signed requests with from now on. */
    public void answerWith(int newStatus) {
        status = newStatus;
    }

    /** Signed requests answered 2xx. */
    public List<Request> accepted() {
        return List.copyOf(accepted);
    }

    /** Every request, in order, with what it was answered. */
    public List<Request> tries() {
        return List.copyOf(tries);
    }

    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
