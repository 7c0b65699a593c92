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
 * of store reads, whatever the number of viewers) and sends that HTML to every open page of the topic. A topic that
 * keeps changing is rendered at most every {@link #LOCK_PAGE_INTERVAL_MS} (a lock page) or
 * {@link #OVERVIEW_INTERVAL_MS} (the overview), so a burst of grants costs a few renders a second, and 20 open pages
 * cost 20 writes of the same bytes, not 20 reads of the store. A topic nobody watches is never rendered.
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
    /**
     * A lock page whose lock keeps changing is rendered at most this often: a grant still shows within a second, and
     * a lock granting hundreds of times a second costs four renders a second, not ten (measured: bench/README.md,
     * "Console": at ten a second the renders took 0.4 ms of server CPU per granted pair on two cores).
     */
    static final long LOCK_PAGE_INTERVAL_MS = 250;
    /** The overview (every lock's counts, the fleet) is rendered at most once a second, however busy the fleet. */
    static final long OVERVIEW_INTERVAL_MS = 1000;
    /** A comment is sent this often, so proxies and Jetty's idle timeout keep the connection and dead ones are found. */
    static final long HEARTBEAT_SECONDS = 15;
    static final String OVERVIEW = "overview";
    /** A viewer whose one send has not finished in this time is dropped. */
    static final long STALL_SECONDS = 10;

    private final Map<String, Set<LiveViewer>> watchers = new ConcurrentHashMap<>();
    private final Set<String> dirty = ConcurrentHashMap.newKeySet();
    private final Semaphore wake = new Semaphore(0);
    /** When each topic was last rendered (System.nanoTime); read and written by the publisher thread only. */
    private final Map<String, Long> lastRender = new java.util.HashMap<>();
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
        long idle = TimeUnit.SECONDS.toNanos(STALL_SECONDS / 2);
        long wait = idle;
        while (!closed) {
            try {
                // Woken by a change, or by the time a paced topic falls due.
                if (wake.tryAcquire(wait, TimeUnit.NANOSECONDS) || !dirty.isEmpty()) {
                    Thread.sleep(COALESCE_MS);
                    wake.drainPermits();
                    wait = renderDue(idle);
                } else {
                    wait = idle;
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

    /**
     * Renders and sends each changed topic whose pace allows it ({@link #intervalMs}); the others stay marked.
     * Returns how long to wait for the next one to fall due ({@code idle} when none is left).
     */
    private long renderDue(long idle) {
        long wait = idle;
        for (String topic : Set.copyOf(dirty)) {
            long now = System.nanoTime();
            Long last = lastRender.get(topic);
            long early = last == null ? 0 : last + TimeUnit.MILLISECONDS.toNanos(intervalMs(topic)) - now;
            if (early > 0) {
                wait = Math.min(wait, early);
                continue;
            }
            dirty.remove(topic);
            lastRender.put(topic, now);
            send(topic);
        }
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    /** The least time between two renders of a topic: a busy lock page four times a second, the overview once. */
    static long intervalMs(String topic) {
        return topic.equals(OVERVIEW) ? OVERVIEW_INTERVAL_MS : LOCK_PAGE_INTERVAL_MS;
    }

    private void send(String topic) {
        Set<LiveViewer> clients = watchers.get(topic);
        if (clients == null || clients.isEmpty()) {
            lastRender.remove(topic);
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
