package dev.baton.console;

import dev.baton.lock.LockEvent;
import dev.baton.lock.LockListener;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live updates of open pages over Server-Sent Events, fed by the lock domain's {@link LockListener}.
 *
 * <p>How it keeps console traffic off the grants: the listener (called on the thread that committed a lock change)
 * only marks the page topics the event concerns and wakes the publisher; it never reads or renders. The publisher,
 * one thread of its own, waits {@link #COALESCE_MS} for more changes, then renders each changed topic ONCE (one set
 * of store reads, whatever the number of viewers) and sends that HTML to every open page of the topic. A burst of
 * grants therefore costs one render per topic per {@link #COALESCE_MS}, and 20 open pages cost 20 writes of the
 * same bytes, not 20 reads of the store. A topic nobody watches is never rendered.
 *
 * <p>The publisher never writes to a connection itself: each open page is a {@link LiveViewer} with a queue of one
 * update and a virtual thread that sends it, so a viewer who reads slowly or not at all delays no other page and no
 * render. A viewer stuck on one send for {@link #STALL_SECONDS} is dropped (its connection cut); its browser
 * reconnects when it reads again.
 *
 * <p>Topics: {@code overview}, and {@code lock:NAME} per lock page. A fleet-wide event (a fleet freeze) marks every
 * watched topic. Changes committed by another server sharing the store are not seen here (the listener hears only
 * this server's commits); such a page catches up at its next change or reload.
 */
final class LiveFeed implements LockListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    static final long COALESCE_MS = 100;
    /** A comment is sent this often, so proxies and Jetty's idle timeout keep the connection and dead ones are found. */
    static final long HEARTBEAT_SECONDS = 15;
    static final String OVERVIEW = "overview";
    /** A viewer whose one send has not finished in this time is dropped. */
    static final long STALL_SECONDS = 10;

    private final Map<String, Set<LiveViewer>> watchers = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    private final java.util.concurrent.atomic.AtomicLong renders = new java.util.concurrent.atomic.AtomicLong();
    private final Function<String, String> render;
    private final Thread publisher;
    private volatile boolean closed;

    /** @param render the HTML of a topic now, as one line; the SSE event is named after the topic's kind */
    LiveFeed(Function<String, String> render) {
        this.render = render;
        this.publisher = Thread.ofPlatform().daemon().name("baton-console-live").start(this::publish);
    }

    static String lockTopic(String lockName) {
        return "lock:" + lockName;
    }

    @Override
    public void committed(LockEvent event) {
        if (watchers.isEmpty()) {
            return;
        }
        if (event.lockName() == null) {
            dirty.addAll(watchers.keySet());
        } else {
            dirty.add(OVERVIEW);
            dirty.add(lockTopic(event.lockName()));
        }
        wake.release();
    }

    /** Adds an open page: from now on it is sent the topic's state after each change. */
    void watch(String topic, SseClient client) {
        client.keepAlive();
        var viewer = new java.util.concurrent.atomic.AtomicReference<LiveViewer>();
        viewer.set(new LiveViewer(client, topic, () -> forget(topic, viewer.get())));
        watchers.computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(viewer.get());
        client.onClose(() -> {
            forget(topic, viewer.get());
            viewer.get().stop();
        });
    }

    /** Sends the topic's state to its pages soon (coalesced with any change under way). */
    void refresh(String topic) {
        dirty.add(topic);
        wake.release();
    }

    /** Topics rendered so far (each render is sent to every page watching the topic). */
    long renders() {
        return renders.get();
    }

    int watching() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    private void forget(String topic, LiveViewer viewer) {
        watchers.computeIfPresent(topic, (t, clients) -> {
            clients.remove(viewer);
            return clients.isEmpty() ? null : clients;
        });
    }

    private void publish() {
        long nextBeat = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS);
        while (!closed) {
            try {
                if (wake.tryAcquire(STALL_SECONDS / 2, TimeUnit.SECONDS)) {
                    Thread.sleep(COALESCE_MS);
                    wake.drainPermits();
                    for (String topic : Set.copyOf(dirty)) {
                        dirty.remove(topic);
                        send(topic);
                    }
                }
                dropStalled();
                if (System.nanoTime() - nextBeat > 0) {
                    heartbeat();
                    nextBeat = System.nanoTime() + TimeUnit.SECONDS.toNanos(HEARTBEAT_SECONDS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("live update failed: {}", e.getMessage());
            }
        }
    }

    private void send(String topic) {
        Set<LiveViewer> clients = watchers.get(topic);
        if (clients == null || clients.isEmpty()) {
            return;
        }
        String html;
        try {
            renders.incrementAndGet();
            html = render.apply(topic);
        } catch (RuntimeException e) {
            html = null; // a lock deleted meanwhile, a store hiccup: the pages keep what they show
            log.debug("live render of {} failed: {}", topic, e.getMessage());
        }
        if (html == null) {
            return;
        }
        String event = topic.equals(OVERVIEW) ? "overview" : "lock";
        for (LiveViewer viewer : clients) {
            viewer.offer(event, html);
        }
    }

    private void heartbeat() {
        watchers.values().forEach(viewers -> viewers.forEach(LiveViewer::beat));
    }

    /** Drops the viewers stuck on one send for {@link #STALL_SECONDS}. */
    private void dropStalled() {
        long limit = TimeUnit.SECONDS.toNanos(STALL_SECONDS);
        watchers.forEach((topic, viewers) -> viewers.forEach(v -> {
            if (v.stalledFor(limit)) {
                log.info("dropped a live page of {} that took no update for {} s; it reconnects when it reads again", topic, STALL_SECONDS);
                forget(topic, v);
                v.drop();
            }
        }));
    }

    @Override
    public void close() {
        closed = true;
        publisher.interrupt();
        watchers.values().forEach(viewers -> viewers.forEach(LiveViewer::stop));
    }
}
