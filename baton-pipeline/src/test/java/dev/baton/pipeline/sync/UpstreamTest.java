package dev.baton.pipeline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.pipeline.remote.Remote;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The remote's HTTP client against a real HTTP server on loopback: bodies cut short, ranges, redirects, statuses. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UpstreamTest {

    @TempDir
    Path temp;

    private final byte[] file = new byte[300_000];
    private final List<String> ranges = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private Upstream upstream;

    @BeforeEach
    void server() throws IOException {
        new Random(15).nextBytes(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/repo/", this::handle);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/repo/");
        upstream = Upstream.of(new Remote("test", base, "", false, null, null, null, null, null, null, null));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String range = exchange.getRequestHeaders().getFirst("Range");
            switch (path) {
                case "/repo/cut.rpm" -> {
                    ranges.add(String.valueOf(range));
                    int from = range == null ? 0 : Integer.parseInt(range.substring(6, range.length() - 1));
                    if (range != null) {
                        exchange.getResponseHeaders().add("Content-Range",
                                "bytes " + from + "-" + (file.length - 1) + "/" + file.length);
                    }
                    exchange.sendResponseHeaders(range == null ? 200 : 206, file.length - from);
                    OutputStream out = exchange.getResponseBody();
                    if (range == null) {
                        out.write(file, 0, 100_000);
                        out.flush();
                        throw new IOException("cut off on purpose"); // the JDK server drops the connection
                    }
                    out.write(file, from, file.length - from);
                }
                case "/repo/moved.rpm" -> {
                    exchange.getResponseHeaders().add("Location", "elsewhere/whole.rpm");
                    exchange.sendResponseHeaders(302, -1);
                }
                case "/repo/elsewhere/whole.rpm" -> {
                    exchange.sendResponseHeaders(200, file.length);
                    exchange.getResponseBody().write(file);
                }
                case "/repo/loop.rpm" -> {
                    exchange.getResponseHeaders().add("Location", "/repo/loop.rpm");
                    exchange.sendResponseHeaders(301, -1);
                }
                case "/repo/cached.xml" -> {
                    if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    exchange.getResponseHeaders().add("ETag", "\"v1\"");
                    exchange.sendResponseHeaders(200, 5);
                    exchange.getResponseBody().write("hello".getBytes());
                }
                default -> exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    @Test
    void aBodyCutShortOfItsContentLengthIsADroppedConnectionAndTheNextAttemptAsksForTheRest() throws Exception {
        Path partial = temp.resolve("cut.part");
        MessageDigest digest = MessageDigest.getInstance("SHA-256");

        assertThatThrownBy(() -> upstream.download("cut.rpm", partial, file.length, digest))
                .isInstanceOf(IOException.class);
        assertThat(Files.size(partial)).as("what arrived is kept").isEqualTo(100_000);

        assertThat(upstream.download("cut.rpm", partial, file.length, digest)).as("resumed").isTrue();
        assertThat(ranges).containsExactly("null", "bytes=100000-");
        assertThat(Files.readAllBytes(partial)).isEqualTo(file);
        assertThat(HexFormat.of().formatHex(digest.digest()))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
    }

    @Test
    void redirectsAreFollowedButNotForeverAndNeverFromHttpsDownToHttp() throws Exception {
        Path whole = temp.resolve("moved.part");
        assertThat(upstream.download("moved.rpm", whole, file.length)).isFalse();
        assertThat(Files.readAllBytes(whole)).isEqualTo(file);

        assertThatThrownBy(() -> upstream.download("loop.rpm", temp.resolve("loop.part"), 10))
                .isInstanceOf(SyncFailedException.class).hasMessageContaining("loop.rpm was redirected more than 5 times");
        URI https = URI.create("https://mirror.example.com/repo/a.rpm");
        assertThat(Upstream.redirect(https, https, 302, "/other/a.rpm", 0))
                .isEqualTo(URI.create("https://mirror.example.com/other/a.rpm"));
        assertThatThrownBy(() -> Upstream.redirect(https, https, 302, "http://mirror.example.com/a.rpm", 0))
                .isInstanceOf(SyncFailedException.class).hasMessageContaining("from https down to http");
        assertThatThrownBy(() -> Upstream.redirect(https, https, 302, "file:///etc/passwd", 0))
                .isInstanceOf(SyncFailedException.class).hasMessageContaining("only http and https are followed");
        assertThatThrownBy(() -> Upstream.redirect(https, https, 302, null, 0))
                .isInstanceOf(SyncFailedException.class).hasMessageContaining("without a Location");
    }

    @Test
    void aMissingFileIsEmptyOrAnErrorAndAnUnchangedOneIsNotFetchedAgain() throws Exception {
        assertThat(upstream.small("nosuch.xml", 100)).isEmpty();
        assertThatThrownBy(() -> upstream.download("nosuch.rpm", temp.resolve("nosuch.part"), 10))
                .isInstanceOf(SyncFailedException.class).hasMessageEndingWith("/repo/nosuch.rpm answered HTTP 404");
        assertThatThrownBy(() -> upstream.small("cached.xml", 4))
                .isInstanceOf(SyncFailedException.class).hasMessageContaining("is larger than 4 bytes");

        Upstream.Conditional first = upstream.conditional("cached.xml", null, null, 100);
        assertThat(first.bytes()).isEqualTo("hello".getBytes());
        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(upstream.conditional("cached.xml", first.etag(), null, 100).unchanged()).isTrue();
    }
}
