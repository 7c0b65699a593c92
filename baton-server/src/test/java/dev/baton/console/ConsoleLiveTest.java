package dev.baton.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.console.ConsoleHttpTest.Script;
import dev.baton.lock.AcquireRequest;
import dev.baton.lock.Protocol;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live pages and a viewer who stops reading: the other viewers of the same page keep getting each change at once,
 * and the stalled one is dropped (its connection cut) after {@link LiveFeed#STALL_SECONDS}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConsoleLiveTest {

    static final String PASSWORD = "admin-password-1";
    /** Long holder names make each update of the lock page large, so a viewer who does not read fills its buffers fast. */
    static final String LONG = "x".repeat(200);
    @TempDir
    static Path data;
    static BatonServer server;
    static String base;

    @BeforeAll
    static void start() {
        server = BatonServer.startForTests(ServerSettings.defaults().withPort(0).withStore(data, null).withAdminPassword(PASSWORD));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void acquire(String holder) {
        assertThat(server.locks().service().acquire(new AcquireRequest("crowded", holder, "test", Protocol.NATIVE, Duration.ZERO, true))
                .granted()).isTrue();
    }

    @Test
    void aViewerWhoStopsReadingDelaysNoOtherViewerAndIsDropped() throws Exception {
        server.locks().policy().setSlots("crowded", 1000, "test");
        for (int i = 0; i < 400; i++) {
            acquire("h" + i + "-" + LONG);
        }
        Script admin = new Script(base).logIn("admin", PASSWORD);
        String cookie = "baton_session=" + admin.cookies.get("baton_session");
        int before = server.console().livePages();

        // The stalled viewer: opens the page's stream, then never reads again.
        Socket stalled = new Socket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", server.port()));
        stalled.getOutputStream().write(("GET /live/locks/crowded?seen=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                + "Cookie: " + cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        await(() -> server.console().livePages() == before + 1, "the stalled viewer's stream is open");

        // The healthy viewer counts the updates it reads.
        AtomicInteger updates = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var healthy = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/live/locks/crowded?seen=0")).header("Cookie", cookie).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(line -> {
                    if (line.equals("event: lock")) {
                        updates.incrementAndGet();
                    }
                }));
        await(() -> server.console().livePages() == before + 2, "the healthy viewer's stream is open");

        // Each change is several hundred KB of update: the stalled viewer's buffers are full after a few dozen.
        long worstMs = 0;
        for (int i = 0; i < 40; i++) {
            int seen = updates.get();
            long start = System.nanoTime();
            acquire("tick" + i + "-" + LONG);
            await(() -> updates.get() > seen, "update " + i + " reaches the healthy viewer");
            worstMs = Math.max(worstMs, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
        assertThat(worstMs).as("ms from a change to the healthy viewer, at worst").isLessThan(2000);

        await(() -> server.console().livePages() == before + 1, "the stalled viewer dropped", Duration.ofSeconds(LiveFeed.STALL_SECONDS + 20));
        stalled.setSoTimeout(20_000);
        InputStream in = stalled.getInputStream();
        byte[] buffer = new byte[65536];
        long read = 0;
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (java.net.SocketException reset) {
            // a cut connection may also end in a reset
        }
        assertThat(read).as("what the stalled viewer had been sent before its connection was cut").isPositive();
        stalled.close();
        healthy.cancel(true);
    }

    static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, what, Duration.ofSeconds(5));
    }

    static void await(java.util.function.BooleanSupplier condition, String what, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within " + timeout.toSeconds() + " s").isNegative();
            Thread.sleep(10);
        }
    }
}
