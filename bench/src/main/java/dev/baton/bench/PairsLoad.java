package dev.baton.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * M clients, each on its own keep-alive connection and its own thread, doing acquire + release pairs
 * back to back (no think time) against the native API or the FleetLock door ({@link Kind}).
 *
 * <p>Lock layout ({@code locks}): 0 (the default) gives every client its own lock {@code bench-pair-<i>}
 * with the default single slot, as hosts in their own groups; K > 0 spreads the clients over K locks
 * {@code bench-shared-<j>} whose slots are set to ceil(M/K) first, so no pair ever queues but clients
 * share lock rows (their updates of one lock are serialised by the store's compare-and-set). Either way
 * every acquire must be granted (200) and every release must release: anything else is an error.
 */
final class PairsLoad {

    record Result(int clients, int locks, double seconds, long pairs, Samples.Summary pair, Samples.Summary acquire,
                  Samples.Summary release, long errors, String firstError, long connectionsOpened, Cpu.Usage cpu,
                  double worstSecondSteal) {
        double pairsPerSecond() {
            return pairs / seconds;
        }
    }

    /** What one "pair" is: the requests a client repeats. */
    enum Kind {
        /** {@code POST /api/v3/locks/{lock}/acquire} then {@code .../release}, as the native API's clients do. */
        NATIVE,
        /**
         * Two {@code GET /api/v3/whoami}: authenticated requests that touch no lock and no store, so their cost is
         * what the HTTP stack and auth alone cost (the HTTP floor).
         */
        WHOAMI,
        /**
         * {@code POST /v1/pre-reboot} then {@code /v1/steady-state} with the body and header Zincati sends (pretty JSON,
         * a 32-hex client id, the lock as the group), through the FleetLock door: no credential, as Zincati has none.
         */
        FLEETLOCK
    }

    private PairsLoad() {
    }

    static Result run(String host, int port, String user, String password, int clients, int locks,
                      double warmupSeconds, double seconds, Cpu cpu) throws Exception {
        return run(host, port, user, password, clients, locks, warmupSeconds, seconds, cpu, Kind.NATIVE, 0);
    }

    static Result run(String host, int port, String user, String password, int clients, int locks,
                      double warmupSeconds, double seconds, Cpu cpu, Kind kind) throws Exception {
        return run(host, port, user, password, clients, locks, warmupSeconds, seconds, cpu, kind, 0);
    }

    /**
     * With {@code rate} > 0 (pairs/s over all clients) the clients are paced: client i starts its k-th pair
     * at a fixed schedule (every clients/rate seconds, staggered), and a pair's latency counts from its
     * scheduled start, so a server that falls behind shows it in the percentiles (no coordinated omission).
     * With 0 they go as fast as they can (closed loop): pairs/s is then the capacity, and latency is
     * mostly queueing (Little's law: mean pair = clients / pairs/s).
     */
    static Result run(String host, int port, String user, String password, int clients, int locks,
                      double warmupSeconds, double seconds, Cpu cpu, Kind kind, double rate) throws Exception {
        long intervalNanos = rate > 0 ? (long) (clients / rate * 1e9) : 0;
        long openedBefore = Http1.OPENED.get();
        List<Samples> pairs = new ArrayList<>();
        List<Samples> acquires = new ArrayList<>();
        List<Samples> releases = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[3];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String lock = locks > 0 ? "bench-shared-" + (i % locks) : "bench-pair-" + i;
            String holder = holder(i);
            String acquirePath;
            String releasePath;
            String acquireBody;
            String releaseBody;
            switch (kind) {
                case NATIVE -> {
                    acquirePath = "/api/v3/locks/" + lock + "/acquire";
                    releasePath = "/api/v3/locks/" + lock + "/release";
                    acquireBody = "{\"holder\":\"" + holder + "\",\"wait_seconds\":0}";
                    releaseBody = "{\"holder\":\"" + holder + "\"}";
                }
                case WHOAMI -> {
                    acquirePath = releasePath = "/api/v3/whoami";
                    acquireBody = releaseBody = null;
                }
                default -> {
                    acquirePath = "/v1/pre-reboot";
                    releasePath = "/v1/steady-state";
                    acquireBody = releaseBody = "{\n  \"client_params\": {\n    \"id\": \"" + String.format("%032x", i)
                            + "\",\n    \"group\": \"" + lock + "\"\n  }\n}";
                }
            }
            String acquireMethod = kind == Kind.WHOAMI ? "GET" : "POST";
            Samples pair = new Samples();
            Samples acquire = new Samples();
            Samples release = new Samples();
            pairs.add(pair);
            acquires.add(acquire);
            releases.add(release);
            int index = i;
            threads.add(Thread.ofPlatform().name("client-" + i).start(() -> {
                Http1 c = kind == Kind.FLEETLOCK
                        ? new Http1(host, port, "nobody", "none").withHeader("fleet-lock-protocol", "true")
                        : new Http1(host, port, user, password);
                try {
                    c.connect();
                } catch (IOException e) {
                    error(errors, firstError, "connect: " + e);
                }
                connected.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long next = window[2] + (intervalNanos > 0 ? intervalNanos * index / clients : 0);
                while (true) {
                    long t0 = System.nanoTime();
                    if (intervalNanos > 0) {
                        try {
                            sleepUntil(next);
                        } catch (InterruptedException e) {
                            break;
                        }
                        t0 = next;
                        next += intervalNanos;
                    }
                    if (t0 >= window[1]) {
                        break;
                    }
                    try {
                        var a = c.call(acquireMethod, acquirePath, acquireBody);
                        long t1 = System.nanoTime();
                        var r = c.call(acquireMethod, releasePath, releaseBody);
                        long t2 = System.nanoTime();
                        if (a.status() != 200) {
                            error(errors, firstError, "acquire " + lock + " as " + holder + ": HTTP " + a.status() + " " + a.text());
                            continue;
                        }
                        if (r.status() != 200 || kind == Kind.NATIVE && !r.text().contains("\"released\":true")) {
                            error(errors, firstError, "release " + lock + " as " + holder + ": HTTP " + r.status() + " " + r.text());
                            continue;
                        }
                        if (t0 >= window[0] && t2 <= window[1]) {
                            pair.add(t2 - t0);
                            acquire.add(t1 - t0);
                            release.add(t2 - t1);
                        }
                    } catch (IOException e) {
                        error(errors, firstError, "on " + lock + ": " + e);
                        c.close();
                        sleepQuietly(100);
                    }
                }
                c.close();
            }));
        }
        connected.await();
        long start = System.nanoTime();
        window[2] = start;
        window[0] = start + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (seconds * 1e9);
        go.countDown();
        sleepUntil(window[0]);
        Cpu.Snapshot before = cpu.snapshot();
        // Steal comes in bursts of a second or two, which a window's mean hides; the slow pairs come with them.
        double worstSecondSteal = 0;
        Cpu.Snapshot last = before;
        while (System.nanoTime() < window[1]) {
            sleepUntil(Math.min(System.nanoTime() + 1_000_000_000L, window[1]));
            Cpu.Snapshot now = cpu.snapshot();
            worstSecondSteal = Math.max(worstSecondSteal, Cpu.between(last, now).stealShare());
            last = now;
        }
        Cpu.Snapshot after = last;
        for (Thread t : threads) {
            t.join();
        }
        Samples all = Samples.merge(pairs);
        return new Result(clients, locks, seconds, all.size(), all.summary(), Samples.merge(acquires).summary(),
                Samples.merge(releases).summary(), errors.get(), firstError.get(), Http1.OPENED.get() - openedBefore,
                Cpu.between(before, after), worstSecondSteal);
    }

    /** Gives each of the K shared locks ceil(M/K) slots (as an admin), so that no pair queues. */
    static void prepareSharedLocks(String host, int port, String user, String password, int clients, int locks)
            throws IOException {
        {
            int slots = (clients + locks - 1) / locks;
            try (Http1 admin = new Http1(host, port, user, password)) {
                for (int j = 0; j < locks; j++) {
                    var r = admin.call("PATCH", "/api/v3/locks/bench-shared-" + j, "{\"slots\":" + slots + "}");
                    if (r.status() != 200) {
                        throw new IOException("setting slots of bench-shared-" + j + ": HTTP " + r.status() + " " + r.text());
                    }
                }
            }
        }
    }

    static String holder(int i) {
        return "bench-host-" + i;
    }

    private static void error(AtomicLong errors, AtomicReference<String> first, String message) {
        errors.incrementAndGet();
        first.compareAndSet(null, message.length() > 500 ? message.substring(0, 500) + "..." : message);
    }

    /**
     * Sleeps until {@code nanoTime} to within the timer's slack (tens of µs). A paced pair's latency counts from
     * its scheduled start, so sleeping in whole milliseconds would add up to 1 ms of the driver's own lateness.
     */
    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
