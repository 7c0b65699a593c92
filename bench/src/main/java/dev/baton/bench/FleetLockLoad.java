package dev.baton.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * FleetLock load (issue 3): M clients, as Zincati does, POST {@code /v1/pre-reboot} then
 * {@code /v1/steady-state} on G groups of S slots each, over keep-alive HTTP against the real server
 * process on the embedded store. Reports pairs/s, p50/p99 of a granted pair, refusals (409), and
 * over-grants, which must be 0: a client counts itself into its group after a 200 and out before it
 * gives the slot back, so any moment with more than S counted is a certain over-grant; a monitor also
 * checks the server's own holder list of every group throughout.
 *
 * <p>Usage: {@code bench/run.sh} builds; then {@code java -cp ... dev.baton.bench.FleetLockLoad JAR
 * [clients=64] [groups=4] [slots=5] [seconds=20]}.
 */
public final class FleetLockLoad {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int groups = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int slots = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String password = "bench-admin-password";
        Path work = Files.createTempDirectory("fleetlock-load-");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        int exitCode;
        try (ServerProcess server = ServerProcess.start(java, jar, work.resolve("data"), null, password, List.of(),
                work.resolve("server.log"))) {
            int port = server.port();
            try (Http1 admin = new Http1("127.0.0.1", port, "admin", password)) {
                for (int g = 0; g < groups; g++) {
                    var r = admin.call("PATCH", "/api/v3/locks/group-" + g, "{\"slots\":" + slots + "}");
                    if (r.status() != 200) {
                        throw new IllegalStateException("setting slots: HTTP " + r.status() + " " + r.text());
                    }
                }
            }
            AtomicInteger[] counted = new AtomicInteger[groups];
            for (int g = 0; g < groups; g++) {
                counted[g] = new AtomicInteger();
            }
            AtomicLong pairs = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong overGrants = new AtomicLong();
            AtomicLong serverOverGrants = new AtomicLong();
            AtomicBoolean measuring = new AtomicBoolean(false);
            AtomicBoolean stop = new AtomicBoolean(false);
            List<Samples> samples = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                int group = i % groups;
                String body = "{\n  \"client_params\": {\n    \"id\": \"" + String.format("%032x", i) + "\",\n    \"group\": \"group-"
                        + group + "\"\n  }\n}";
                Samples mine = new Samples();
                samples.add(mine);
                Thread.ofVirtual().start(() -> {
                    try (Http1 c = new Http1("127.0.0.1", port, "nobody", "none").withHeader("fleet-lock-protocol", "true")) {
                        while (!stop.get()) {
                            long start = System.nanoTime();
                            var lock = c.call("POST", "/v1/pre-reboot", body);
                            if (lock.status() == 200) {
                                if (counted[group].incrementAndGet() > slots) {
                                    overGrants.incrementAndGet();
                                }
                                Thread.sleep(1); // "reboots": holds the slot a moment, so holds overlap
                                counted[group].decrementAndGet();
                                var unlock = c.call("POST", "/v1/steady-state", body);
                                if (unlock.status() != 200) {
                                    errors.incrementAndGet();
                                } else if (measuring.get()) {
                                    pairs.incrementAndGet();
                                    mine.add(System.nanoTime() - start);
                                }
                            } else if (lock.status() == 409) {
                                if (measuring.get()) {
                                    refused.incrementAndGet();
                                }
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
            }
            Thread monitor = Thread.ofPlatform().daemon().start(() -> {
                try (Http1 admin = new Http1("127.0.0.1", port, "admin", password)) {
                    while (!stop.get()) {
                        for (int g = 0; g < groups; g++) {
                            String text = admin.call("GET", "/api/v3/locks/group-" + g, null).text();
                            int holders = text.split("\"holder\":", -1).length - 1;
                            if (holders > slots) {
                                serverOverGrants.incrementAndGet();
                            }
                        }
                        Thread.sleep(50);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            });
            Thread.sleep(Duration.ofSeconds(5));
            measuring.set(true);
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofSeconds(seconds));
            measuring.set(false);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            done.await();
            monitor.join();
            var s = Samples.merge(samples).summary();
            System.out.printf("FleetLock: %d clients, %d groups x %d slots, %d s measured (embedded store)%n", clients, groups, slots, seconds);
            System.out.printf("  pairs/s                 %.0f%n", pairs.get() / elapsed);
            System.out.printf("  granted pair p50 / p99  %s ms%n", s.p50p99());
            System.out.printf("  refusals (409)/s        %.0f%n", refused.get() / elapsed);
            System.out.printf("  over-grants             %d counted by clients, %d seen in the server's holder lists%n",
                    overGrants.get(), serverOverGrants.get());
            System.out.printf("  errors                  %d%n", errors.get());
            exitCode = overGrants.get() + serverOverGrants.get() + errors.get() == 0 ? 0 : 1;
        }
        // Only now: System.exit inside the try would leave the server process running.
        System.exit(exitCode);
    }
}
