package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N clients wait at once on one lock (long-poll acquire with {@code wait_seconds}), each on its own
 * connection (a virtual thread blocked on a plain socket, so 10,000 cost little here). While all wait,
 * the server's heap is read after a full GC. Then the holder releases, and the driver times how long it
 * takes from sending the release until the next waiter's grant arrives; that waiter becomes the holder
 * and is released next, and so on.
 */
final class WaitersLoad {

    static final String LOCK = "bench-wait";

    record Result(int waiters, int queued, double sendSeconds, double enqueueSeconds, Jvm.Heap heap, String histogram, long rssBytes, long osThreads,
                  long openFiles, Cpu.Usage idleCpu, int releases, Samples.Summary releaseToGrant,
                  Samples.Summary releaseCall, Samples.Summary grantBodyBytes, long errors, String firstError,
                  long outOfOrder, long connectionsOpened, String eventTally) {
    }

    private record Grant(int index, int status, long nanos, int bodyBytes, String body) {
    }

    private WaitersLoad() {
    }

    static Result run(String host, int port, String user, String password, int n, int releases, int waitSeconds,
                      double enqueueTimeoutSeconds, long serverPid, Cpu cpu, java.util.function.Consumer<String> progress)
            throws Exception {
        ObjectMapper json = new ObjectMapper();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        long openedBefore = Http1.OPENED.get();
        Http1 control = new Http1(host, port, user, password, 64 * 1024);
        String first = "bench-wait-holder";
        var taken = control.call("POST", "/api/v3/locks/" + LOCK + "/acquire", "{\"holder\":\"" + first + "\",\"wait_seconds\":0}");
        if (taken.status() != 200) {
            throw new IOException("the first holder was not granted " + LOCK + ": HTTP " + taken.status() + " " + taken.text());
        }

        BlockingQueue<Grant> grants = new LinkedBlockingQueue<>();
        ConcurrentLinkedQueue<Http1> connections = new ConcurrentLinkedQueue<>();
        var shuttingDown = new java.util.concurrent.atomic.AtomicBoolean();
        long t0 = System.nanoTime();
        int chunk = 250;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            CountDownLatch sent = new CountDownLatch(to - from);
            for (int i = from; i < to; i++) {
                int index = i;
                Thread.ofVirtual().name("waiter-" + i).start(() -> {
                    Http1 c = new Http1(host, port, user, password, 2048);
                    connections.add(c);
                    try {
                        c.send("POST", "/api/v3/locks/" + LOCK + "/acquire",
                                "{\"holder\":\"" + waiterName(index) + "\",\"wait_seconds\":" + waitSeconds + "}");
                    } catch (IOException e) {
                        error(errors, firstError, "waiter " + index + " could not send: " + e);
                        sent.countDown();
                        return;
                    }
                    sent.countDown();
                    try {
                        var r = c.receive();
                        long at = System.nanoTime();
                        String body = r.text();
                        grants.add(new Grant(index, r.status(), at, r.body().length, body.length() > 300 ? body.substring(0, 300) : body));
                    } catch (IOException e) {
                        if (!shuttingDown.get()) {
                            error(errors, firstError, "waiter " + index + ": " + e);
                        }
                    }
                });
            }
            sent.await();
        }
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        progress.accept(String.format("  %d waiters sent their acquire in %.1f s; waiting until the server has queued them",
                n, (System.nanoTime() - t0) / 1e9));

        // Until the server shows every waiter in the lock's queue.
        long deadline = t0 + (long) (enqueueTimeoutSeconds * 1e9);
        int queued = 0;
        long lastReport = System.nanoTime();
        while (true) {
            try {
                queued = waiterCount(control, json);
            } catch (IOException e) {
                // e.g. 503 while the server's pool is exhausted by the burst: note it, keep polling
                error(errors, firstError, "reading the queue while waiters arrive: " + e.getMessage());
            }
            if (queued >= n || queued + grants.size() >= n || System.nanoTime() > deadline) {
                break;
            }
            if (System.nanoTime() - lastReport > 10e9) {
                progress.accept(String.format("  %d of %d queued after %.0f s", queued, n, (System.nanoTime() - t0) / 1e9));
                lastReport = System.nanoTime();
            }
            Thread.sleep(500);
        }
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        // Anything answered before the first release is a failure to wait (e.g. 503 from an exhausted pool).
        List<Grant> early = new ArrayList<>();
        grants.drainTo(early);
        var earlyByStatus = new java.util.TreeMap<Integer, Integer>();
        early.forEach(g -> earlyByStatus.merge(g.status, 1, Integer::sum));
        if (!early.isEmpty()) {
            errors.addAndGet(early.size() - 1);
            error(errors, firstError, early.size() + " waiters were answered before any release (HTTP status: count "
                    + earlyByStatus + "), first: HTTP " + early.get(0).status + " " + early.get(0).body);
        }
        progress.accept(String.format("  %d of %d waiters queued after %.1f s%s", queued, n, enqueueSeconds,
                queued < n ? " (gave up waiting for the rest; the others are still waiting on their connections)" : ""));

        // The queue order the server shows: grants must follow it (first come, first served).
        List<String> order = new ArrayList<>();
        var shown = control.call("GET", "/api/v3/locks/" + LOCK, null);
        if (shown.status() == 200) {
            json.readTree(shown.body()).path("waiters").forEach(w -> order.add(w.path("holder").asText()));
        }

        // The heap while they all wait, and what the server spends on idle waiters.
        Jvm.Heap heap = Jvm.heapAfterGc(serverPid);
        String histogram = Jvm.histogram(serverPid, 12);
        long rss = Jvm.procStatus(serverPid, "VmRSS");
        long threads = Jvm.procStatus(serverPid, "Threads");
        long files = Jvm.openFiles(serverPid);
        Cpu.Snapshot idleBefore = cpu.snapshot();
        Thread.sleep(5_000);
        Cpu.Usage idle = Cpu.between(idleBefore, cpu.snapshot());

        // Release, and time until the next waiter is answered.
        Samples releaseToGrant = new Samples();
        Samples releaseCall = new Samples();
        Samples grantBytes = new Samples();
        String holder = first;
        long outOfOrder = 0;
        int done = 0;
        for (int r = 0; r < releases && queued > 0; r++) {
            long start = System.nanoTime();
            var released = control.call("POST", "/api/v3/locks/" + LOCK + "/release", "{\"holder\":\"" + holder + "\"}");
            long releasedAt = System.nanoTime();
            if (released.status() != 200 || !released.text().contains("\"released\":true")) {
                error(errors, firstError, "release of " + holder + ": HTTP " + released.status() + " "
                        + released.text().substring(0, Math.min(300, released.text().length())));
                break;
            }
            Grant g = grants.poll(20, TimeUnit.SECONDS);
            if (g == null) {
                error(errors, firstError, "no waiter was answered within 20 s of release " + (r + 1));
                break;
            }
            if (g.status != 200 || !g.body.contains("\"granted\":true")) {
                error(errors, firstError, "waiter " + g.index + " was answered HTTP " + g.status + " " + g.body);
                break;
            }
            releaseToGrant.add(g.nanos - start);
            releaseCall.add(releasedAt - start);
            grantBytes.add(g.bodyBytes * 1_000_000L); // kept in "ms" units of Samples: shown as bytes
            if (r < order.size() && !order.get(r).equals(waiterName(g.index))) {
                outOfOrder++;
            }
            holder = waiterName(g.index);
            done++;
            if (done % 50 == 0) {
                progress.accept(String.format("  %d releases, release -> next grant p50 %.1f ms", done, releaseToGrant.summary().p50()));
            }
        }
        String tally = eventTally(control, json);
        shuttingDown.set(true);
        control.close();
        Result result = new Result(n, queued, sendSeconds, enqueueSeconds, heap, histogram, rss, threads, files, idle, done,
                releaseToGrant.summary(), releaseCall.summary(), grantBytes.summary(), errors.get(), firstError.get(),
                outOfOrder, Http1.OPENED.get() - openedBefore, tally);
        closeAllLater(connections);
        return result;
    }

    /** The waiters' sockets, closed after the server is stopped (so it does not process 10,000 departures). */
    private static final List<ConcurrentLinkedQueue<Http1>> PENDING = new ArrayList<>();

    private static synchronized void closeAllLater(ConcurrentLinkedQueue<Http1> connections) {
        PENDING.add(connections);
    }

    static synchronized void closeAll() {
        PENDING.forEach(q -> q.forEach(Http1::close));
        PENDING.clear();
    }

    static String waiterName(int index) {
        return "bench-waiter-" + index;
    }

    /**
     * The lock's events by type and reason (digits masked), newest 20,000 at most: shows whether waiters
     * left the queue (refusals with a reason) while the driver kept them all waiting.
     */
    private static String eventTally(Http1 control, ObjectMapper json) {
        var counts = new java.util.TreeMap<String, Integer>();
        try {
            String before = "";
            for (int page = 0; page < 20; page++) {
                var r = control.call("GET", "/api/v3/locks/" + LOCK + "/events?limit=1000" + before, null);
                if (r.status() != 200) {
                    return "(events: HTTP " + r.status() + ")";
                }
                JsonNode node = json.readTree(r.body());
                for (JsonNode e : node.path("events")) {
                    String reason = e.path("reason").isNull() ? "" : e.path("reason").asText().replaceAll("\\d+", "N");
                    counts.merge(e.path("type").asText() + (reason.isEmpty() ? "" : ": " + reason), 1, Integer::sum);
                }
                if (node.path("next_before").isNull() || node.path("next_before").isMissingNode()) {
                    break;
                }
                before = "&before=" + node.path("next_before").asText();
            }
        } catch (IOException e) {
            return "(events: " + e + ")";
        }
        StringBuilder sb = new StringBuilder();
        counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .forEach(e -> sb.append(String.format("%7d  %s%n", e.getValue(), e.getKey())));
        return sb.toString();
    }

    private static int waiterCount(Http1 control, ObjectMapper json) throws IOException {
        var r = control.call("GET", "/api/v3/locks/" + LOCK, null);
        if (r.status() != 200) {
            throw new IOException("GET " + LOCK + ": HTTP " + r.status() + " " + r.text());
        }
        JsonNode node = json.readTree(r.body());
        return node.path("waiters").size();
    }

    private static void error(AtomicLong errors, AtomicReference<String> first, String message) {
        errors.incrementAndGet();
        first.compareAndSet(null, message);
    }
}
