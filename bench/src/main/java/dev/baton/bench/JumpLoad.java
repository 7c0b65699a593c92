package dev.baton.bench;

import dev.baton.jobs.Jobs;
import dev.baton.jobs.JobsSettings;
import dev.baton.jump.run.JumpRun;
import dev.baton.jump.run.JumpRunHandler;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpSettings;
import dev.baton.jump.run.RunState;
import dev.baton.jump.run.StandardHostTools;
import dev.baton.jump.testhosts.TestHost;
import dev.baton.jump.testhosts.TestHosts;
import dev.baton.lock.Locks;
import dev.baton.store.Database;
import dev.baton.store.SqlJobStore;
import dev.baton.store.SqlJumpStore;
import dev.baton.store.SqlLockStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Orchestration overhead of a jump run (issue 16): a recipe of {@code --lines} trivial {@code remote} lines on
 * {@code --hosts} logical hosts (names of one real sshd on loopback), {@code --slots} at a time, run by Baton's fleet
 * runner (the real lock service, store and durable job, the embedded store with fsync) against the same commands run
 * by a plain {@code ssh} loop with the same parallelism ({@code ssh HOST true} once per line, as a shell loop over a
 * host's lines does), measured in the same run, alternating. Also the heap per host in flight: the used heap after
 * a full GC while the run is at full parallelism, less the same before the run, divided by the hosts in flight.
 */
public final class JumpLoad {

    private int hosts = 200;
    private int lines = 20;
    private int slots = 20;
    private int rounds = 2;
    private Path dir = Path.of("bench/target/jump-" + System.currentTimeMillis());

    public static void main(String[] args) throws Exception {
        JumpLoad load = new JumpLoad();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hosts" -> load.hosts = Integer.parseInt(args[++i]);
                case "--lines" -> load.lines = Integer.parseInt(args[++i]);
                case "--slots" -> load.slots = Integer.parseInt(args[++i]);
                case "--rounds" -> load.rounds = Integer.parseInt(args[++i]);
                case "--dir" -> load.dir = Path.of(args[++i]);
                case "--help" -> {
                    System.out.println("JumpLoad [--hosts 200] [--lines 20] [--slots 20] [--rounds 2] [--dir DIR]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see --help");
            }
        }
        load.run();
    }

    private void run() throws Exception {
        dir = Files.createDirectories(dir).toAbsolutePath(); // a run's directory must be absolute
        try (TestHosts testHosts = TestHosts.start(1, dir.resolve("hosts"))) {
            TestHost host = testHosts.hosts().getFirst();
            List<String> addresses = new ArrayList<>();
            for (int i = 1; i <= hosts; i++) {
                addresses.add("h" + i + "=root@127.0.0.1:" + host.port());
            }
            Path recipe = dir.resolve("trivial.cfg");
            Files.writeString(recipe, "remote true\n".repeat(lines));
            System.out.printf("jump load: %d logical hosts (one sshd), %d remote lines each, %d at a time, %d rounds, %d cores%n",
                    hosts, lines, slots, rounds, Runtime.getRuntime().availableProcessors());
            List<Double> baton = new ArrayList<>();
            List<Double> ssh = new ArrayList<>();
            double heapPerHost = 0;
            for (int round = 1; round <= rounds; round++) {
                double s = sshLoop(testHosts);
                ssh.add(s);
                double[] b = batonRun(testHosts, recipe, addresses, round);
                baton.add(b[0]);
                heapPerHost = Math.max(heapPerHost, b[1]);
                System.out.printf("round %d: ssh loop %.1f s, Baton %.1f s (%.2fx), heap per host in flight %.0f KiB%n",
                        round, s, b[0], b[0] / s, b[1] / 1024);
            }
            double bestBaton = baton.stream().mapToDouble(d -> d).min().orElseThrow();
            double bestSsh = ssh.stream().mapToDouble(d -> d).min().orElseThrow();
            System.out.printf("best: ssh loop %.1f s, Baton %.1f s: %.2fx (target <= 1.3x); heap per host in flight at most"
                    + " %.0f KiB (target <= 2048 KiB)%n", bestSsh, bestBaton, bestBaton / bestSsh, heapPerHost / 1024);
        }
    }

    /** {@code slots} workers, each taking the next host and running {@code ssh HOST true} once per line. */
    private double sshLoop(TestHosts testHosts) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(slots)) {
            List<Future<?>> done = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                done.add(pool.submit(() -> {
                    for (int l = 0; l < lines; l++) {
                        Process p = new ProcessBuilder("ssh", "-F", testHosts.sshConfig().toString(), "host1", "true")
                                .redirectErrorStream(true).start();
                        p.getInputStream().readAllBytes();
                        if (p.waitFor() != 0) {
                            throw new IllegalStateException("ssh failed");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The run's time in seconds and the heap per host in flight in bytes. */
    private double[] batonRun(TestHosts testHosts, Path recipe, List<String> addresses, int round) throws Exception {
        try (Database db = Database.embedded(dir.resolve("data-" + round), true)) {
            Locks locks = new Locks(new SqlLockStore(db, InstantSource.system()));
            SqlJumpStore store = new SqlJumpStore(db);
            try (Jobs jobs = new Jobs(new SqlJobStore(db), locks, JobsSettings.defaults()
                    .withPollInterval(Duration.ofMillis(200)), InstantSource.system())) {
                JumpSettings settings = JumpSettings.of(dir.resolve("logs-" + round), testHosts.settings())
                        .withPollInterval(Duration.ofMillis(200));
                jobs.register(JumpRunHandler.KIND, new JumpRunHandler(store, locks, settings, new StandardHostTools(),
                        InstantSource.system()));
                JumpRuns runs = new JumpRuns(store, jobs, null, InstantSource.system());
                long before = usedAfterGc();
                long start = System.nanoTime();
                jobs.start();
                runs.start(new JumpRuns.StartRequest("bench-" + round, recipe.toString(), Files.readString(recipe),
                        recipe.getParent().toString(), addresses, slots, 0), "bench");
                long inFlight = 0;
                while (true) {
                    JumpRun run = runs.get("bench-" + round).orElseThrow();
                    if (!run.state().active()) {
                        if (run.state() != RunState.FINISHED) {
                            throw new IllegalStateException("the run ended " + run.state() + ": " + run.message());
                        }
                        break;
                    }
                    if (inFlight == 0 && System.nanoTime() - start > 3_000_000_000L) {
                        long running = locks.reader().show(run.lockName()).map(l -> (long) l.holders().size()).orElse(0L);
                        if (running == slots) {
                            inFlight = usedAfterGc() - before;
                            inFlight = Math.max(1, inFlight) / running;
                        }
                    }
                    Thread.sleep(20);
                }
                return new double[] {(System.nanoTime() - start) / 1e9, inFlight};
            }
        }
    }

    private static long usedAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
