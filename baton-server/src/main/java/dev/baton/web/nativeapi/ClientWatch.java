package dev.baton.web.nativeapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;

/**
 * Notices when the client of a waiting request goes away and interrupts the waiting thread, so a
 * long-poll waiter leaves the lock's queue at once instead of being granted a slot nobody will use.
 *
 * <p>Jetty does not read from a connection while a request is being handled, so a client that closes
 * its socket goes unnoticed until the answer is written, and writing to a half-closed socket often
 * succeeds. So while the request waits, a shared task tries a non-blocking read on the connection once
 * per {@link #CHECK_INTERVAL_MS}: end-of-stream means the client is gone. HTTP/1.1 clients send nothing
 * while they wait for an answer; if a pipelining client did, those bytes are consumed here, so the
 * connection is closed after the answer ({@link #close} returns true) rather than left out of step.
 * Close the watch before writing the answer.
 */
final class ClientWatch implements AutoCloseable {

    static final long CHECK_INTERVAL_MS = 1_000;
    private static final ScheduledExecutorService CHECKS = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("baton-client-watch").factory());

    private final Thread waiting = Thread.currentThread();
    private final EndPoint endPoint;
    private final ScheduledFuture<?> check;
    private boolean active = true;
    private boolean consumedInput;

    ClientWatch(Context ctx) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        this.endPoint = request == null ? null : request.getConnectionMetaData().getConnection().getEndPoint();
        this.check = endPoint == null ? null
                : CHECKS.scheduleWithFixedDelay(this::check, CHECK_INTERVAL_MS, CHECK_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void check() {
        if (!active || consumedInput) {
            return;
        }
        try {
            int read = endPoint.fill(ByteBuffer.allocate(64).flip());
            if (read < 0) {
                active = false;
                waiting.interrupt();
            } else if (read > 0) {
                consumedInput = true;
            }
        } catch (IOException e) {
            active = false;
            waiting.interrupt();
        }
    }

    /**
     * Stops watching. Returns true when the connection must be closed after the answer.
     */
    boolean stop() {
        if (check != null) {
            check.cancel(false);
        }
        synchronized (this) {
            active = false;
        }
        Thread.interrupted(); // an interrupt that raced with the answer must not leak into the next task
        return consumedInput;
    }

    @Override
    public void close() {
        stop();
    }
}
