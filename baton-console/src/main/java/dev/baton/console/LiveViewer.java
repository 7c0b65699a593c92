package dev.baton.console;

import io.javalin.http.sse.SseClient;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open page's stream, written by a virtual thread of its own so that a slow or stalled viewer delays nobody else.
 *
 * <p>Its queue is bounded at one update: each update is the whole state of the page's live part, so a newer one
 * replaces one not yet sent (a heartbeat never replaces an update). The publisher only {@link #offer}s, which never
 * blocks; the writer sends. A writer stuck on one send for longer than the publisher allows is {@link #drop}ped: the
 * connection is cut, and the browser's EventSource reconnects (and catches up, as a new page does) once it reads
 * again.
 */
final class LiveViewer {

    private static final Logger log = LoggerFactory.getLogger(LiveViewer.class);

    /** An SSE event, or a comment when {@code event} is null. */
    private record Message(String event, String data) {
    }

    private final SseClient client;
    private final AtomicReference<Message> pending = new AtomicReference<>();
    private final Semaphore ready = new Semaphore(0);
    private final Runnable gone;
    private final Thread writer;
    /** System.nanoTime() when the send under way began; 0 while none is. */
    private volatile long sendingSince;
    private volatile boolean stopped;

    /** @param gone told once the connection failed (the feed forgets the viewer) */
    LiveViewer(SseClient client, String name, Runnable gone) {
        this.client = client;
        this.gone = gone;
        this.writer = Thread.ofVirtual().name("baton-console-viewer-" + name).start(this::write);
    }

    /** Queues the topic's new state; replaces an update not yet sent. Never blocks. */
    void offer(String event, String html) {
        pending.set(new Message(event, html));
        ready.release();
    }

    /** Queues a heartbeat comment unless something is waiting to be sent anyway. Never blocks. */
    void beat() {
        if (pending.compareAndSet(null, new Message(null, "beat"))) {
            ready.release();
        }
    }

    /** Whether one send has been under way for longer than {@code limitNanos}. */
    boolean stalledFor(long limitNanos) {
        long since = sendingSince;
        return since != 0 && System.nanoTime() - since > limitNanos;
    }

    /** Stops writing and cuts the connection (the page reconnects when it reads again). */
    void drop() {
        stop();
        abort();
    }

    /** Stops writing and closes the stream as SSE does. */
    void stop() {
        stopped = true;
        writer.interrupt();
        try {
            client.close();
        } catch (RuntimeException e) {
            log.debug("closing a live stream: {}", e.getMessage());
        }
    }

    private void write() {
        while (!stopped) {
            try {
                ready.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Message m = pending.getAndSet(null);
            if (m == null || stopped) {
                continue;
            }
            sendingSince = System.nanoTime();
            try {
                if (m.event() == null) {
                    client.sendComment(m.data());
                } else {
                    client.sendEvent(m.event(), m.data());
                }
                if (client.terminated()) {
                    throw new IllegalStateException("the stream was closed");
                }
            } catch (RuntimeException e) {
                stopped = true;
                gone.run();
                return;
            } finally {
                sendingSince = 0;
            }
        }
    }

    /**
     * Cuts the TCP connection under the stream, so that a send blocked on a viewer who does not read fails now rather
     * than at the server's idle timeout. Jetty's own request is reached through the servlet request; elsewhere the
     * close above has to do.
     */
    private void abort() {
        ServletRequest request = client.ctx().req();
        while (request instanceof ServletRequestWrapper wrapper) {
            request = wrapper.getRequest();
        }
        if (request instanceof org.eclipse.jetty.ee10.servlet.ServletApiRequest jetty) {
            try {
                jetty.getRequest().getConnectionMetaData().getConnection().getEndPoint().close();
            } catch (RuntimeException e) {
                log.debug("cutting a stalled live stream: {}", e.getMessage());
            }
        }
    }
}
