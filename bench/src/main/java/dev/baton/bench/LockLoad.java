package dev.baton.bench;

import dev.baton.store.testing.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The lock server's load driver (issue 2, Performance). For each store (embedded SQLite with fsync,
 * then a real PostgreSQL started by the test fixture) it measures, in one run:
 * <ol>
 *   <li>the store's raw durable commit rate (single-row UPDATE transactions, 1 and M connections);</li>
 *   <li>M clients doing acquire + release pairs over keep-alive HTTP against the real server started as
 *       a separate process ({@code java -jar baton.jar server}): pairs/s, p50/p99 of a pair and of an acquire;</li>
 *   <li>N clients waiting at once on one lock: the server's heap after GC while they wait, and the time
 *       from each release to the next waiter's answer.</li>
 * </ol>
 * Prints a table and which targets were met. Exits 0 when every scenario ran without errors (missed
 * targets are reported, not failures), 1 on errors, 2 on bad options. See bench/README.md.
 */
public final class LockLoad {

    private static final String HOST = "127.0.0.1";
    private static final String ADMIN = "admin";
    private static final String PASSWORD = "bench-admin-password";

    private static final String USAGE = """
            LockLoad: load driver of the Baton lock server (see bench/README.md).
            Options (defaults in brackets):
              --jar PATH             the server jar [baton-app/target/baton.jar]
              --stores LIST          embedded,postgres [embedded,postgres]
              --scenarios LIST       raw,service,pairs,waiters [raw,service,pairs,waiters]
                                     (service: the same pairs on LockService in this JVM, no HTTP: diagnosis)
              --clients M            concurrent pair clients and raw-commit connections [64]
              --locks K              0: each client on its own lock; K: clients spread over K locks of ceil(M/K) slots [0]
              --auth WHO             credential: the clients use an API credential (role host for the pairs, bound to
                                     their holder names; role operator for the waiters), as hosts do;
                                     admin: the admin user's password (HTTP Basic) [credential]
              --warmup S             pair warm-up seconds, after the JIT compilers settled [15]
              --seconds S            pair measured seconds [15]
              --rate R               after the closed loop, the same clients paced at R pairs/s in all, for the
                                     p99 target (latency from each pair's scheduled start); 0: skip [2000]
              --paced-seconds S      measured seconds of the paced run [30]
              --raw-seconds S        measured seconds of each raw commit run (after 1 s warm-up) [5]
              --waiters N            clients waiting at once on one lock [10000]
              --releases R           releases timed in the waiters scenario [200]
              --wait-seconds S       the waiters' wait_seconds [900]
              --enqueue-timeout S    give up waiting for all N to be queued after S seconds (then measure anyway) [90]
              --waiter-stores LIST   stores the waiters scenario runs on [embedded,postgres]
              --server-opts "..."    extra JVM options of the server process
              --jfr                  record a JFR profile of each server process into the work directory
              --work DIR             where data, logs and the report go [bench/target/lockload-<time>]
            """;

    public static void main(String[] args) {
        int code;
        try {
            code = new LockLoad(Options.parse(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println("LockLoad: " + e.getMessage() + "\n\n" + USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("LockLoad: failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    record Options(Path jar, List<String> stores, List<String> scenarios, int clients, int locks, double warmup,
                   double seconds, double rawSeconds, int waiters, int releases, int waitSeconds,
                   double enqueueTimeout, List<String> waiterStores, List<String> serverOpts, boolean jfr, Path work,
                   String auth, double rate, int pacedSeconds) {

        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            boolean jfr = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (a.equals("--jfr")) {
                    jfr = true;
                    continue;
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                o.put(a.substring(2), args[++i]);
            }
            List<String> known = List.of("jar", "stores", "scenarios", "clients", "locks", "warmup", "seconds",
                    "raw-seconds", "waiters", "releases", "wait-seconds", "enqueue-timeout", "waiter-stores",
                    "server-opts", "work", "auth", "rate", "paced-seconds");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            var opts = new Options(
                    Path.of(o.getOrDefault("jar", "baton-app/target/baton.jar")).toAbsolutePath(),
                    list(o.getOrDefault("stores", "embedded,postgres"), List.of("embedded", "postgres")),
                    list(o.getOrDefault("scenarios", "raw,service,pairs,waiters"), List.of("raw", "service", "pairs", "waiters")),
                    positive(o, "clients", "64"), (int) number(o, "locks", "0", 0),
                    number(o, "warmup", "15", 0), number(o, "seconds", "15", 1), number(o, "raw-seconds", "5", 1),
                    positive(o, "waiters", "10000"), positive(o, "releases", "200"), positive(o, "wait-seconds", "900"),
                    number(o, "enqueue-timeout", "90", 1),
                    list(o.getOrDefault("waiter-stores", "embedded,postgres"), List.of("embedded", "postgres")),
                    o.containsKey("server-opts") ? Arrays.asList(o.get("server-opts").trim().split("\\s+")) : List.of(),
                    jfr, Path.of(o.getOrDefault("work", "bench/target/lockload-" + stamp)).toAbsolutePath(),
                    o.getOrDefault("auth", "credential"), number(o, "rate", "2000", 0), positive(o, "paced-seconds", "30"));
            if (!List.of("credential", "admin").contains(opts.auth)) {
                throw new IllegalArgumentException("--auth must be credential or admin");
            }
            if (!Files.isRegularFile(opts.jar)) {
                throw new IllegalArgumentException("no server jar at " + opts.jar + " (build it: bench/run.sh builds it)");
            }
            return opts;
        }

        private static List<String> list(String value, List<String> allowed) {
            List<String> items = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String s : items) {
                if (!allowed.contains(s)) {
                    throw new IllegalArgumentException("'" + s + "' is not one of " + allowed);
                }
            }
            return items;
        }

        private static double number(Map<String, String> o, String key, String def, double min) {
            try {
                double v = Double.parseDouble(o.getOrDefault(key, def));
                if (v < min) {
                    throw new IllegalArgumentException("--" + key + " must be at least " + min);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a number");
            }
        }

        private static int positive(Map<String, String> o, String key, String def) {
            return (int) number(o, key, def, 1);
        }
    }

    private final Options opts;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final StringBuilder log = new StringBuilder();
    private long errors;
    private PostgresServer postgres;
    private int serverCount;
    private final Map<String, PairsLoad.Result> floors = new LinkedHashMap<>();
    private final Map<String, PairsLoad.Result> fleetLocks = new LinkedHashMap<>();
    private final Map<String, PairsLoad.Result> paced = new LinkedHashMap<>();
    private final Map<String, ServiceLoad.Result> services = new LinkedHashMap<>();

    private LockLoad(Options opts) {
        this.opts = opts;
    }

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
        log.append(line).append('\n');
    }

    private int run() throws Exception {
        Files.createDirectories(opts.work);
        long started = System.nanoTime();
        say("Baton lock load, " + LocalDateTime.now().withNano(0) + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load average " + Cpu.loadAverage() + ", JDK " + Runtime.version() + ", nice " + Cpu.niceness());
        say("server: " + java + " -jar " + opts.jar + (opts.serverOpts.isEmpty() ? "" : " " + String.join(" ", opts.serverOpts)));
        say("work directory: " + opts.work + "; clients authenticate with "
                + (opts.auth.equals("admin") ? "the admin user's password" : "API credentials (host / operator)"));
        Report report = new Report(opts.stores);
        Map<String, RawCommits.Result[]> raw = new LinkedHashMap<>();
        Map<String, PairsLoad.Result> pairs = new LinkedHashMap<>();
        Map<String, WaitersLoad.Result> waiters = new LinkedHashMap<>();
        try {
            for (String store : opts.stores) {
                say("");
                say("=== " + store + " ===");
                if (opts.scenarios.contains("raw")) {
                    raw.put(store, attempt("raw commits on " + store, () -> rawCommits(store)));
                }
                if (opts.scenarios.contains("service")) {
                    services.put(store, attempt("in-process service on " + store, () -> service(store)));
                }
                if (opts.scenarios.contains("pairs")) {
                    pairs.put(store, attempt("pairs on " + store, () -> pairs(store)));
                    RawCommits.Result[] before = raw.get(store);
                    if (before != null) {
                        // The machine's speed drifts (other tenants): the ceiling is measured on both sides of the pairs.
                        RawCommits.Result[] both = attempt("raw commits after the pairs on " + store, () -> rawAgain(store, before));
                        if (both != null) {
                            raw.put(store, both);
                        }
                    }
                }
                if (opts.scenarios.contains("waiters") && opts.waiterStores.contains(store)) {
                    waiters.put(store, attempt("waiters on " + store, () -> waiters(store)));
                }
            }
        } finally {
            if (postgres != null) {
                postgres.stop();
            }
        }
        fill(report, raw, pairs, waiters);
        say("");
        say(String.format(Locale.ROOT, "Finished in %.0f s; load average now %s.", (System.nanoTime() - started) / 1e9,
                Cpu.loadAverage()));
        say("");
        say(report.render());
        if (errors > 0) {
            say("ERRORS: " + errors + " (see above); exit code 1");
        }
        Files.writeString(opts.work.resolve("report.txt"), log, StandardCharsets.UTF_8);
        System.out.println("(report saved in " + opts.work.resolve("report.txt") + ")");
        return errors > 0 ? 1 : 0;
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Runs one scenario; a failure is reported and counted, and the run goes on with the next one. */
    private <T> T attempt(String what, Step<T> step) {
        try {
            return step.run();
        } catch (Exception e) {
            errors++;
            say("ERROR in " + what + ": " + e);
            StringBuilder trace = new StringBuilder();
            for (StackTraceElement el : e.getStackTrace()) {
                trace.append("    at ").append(el).append('\n');
            }
            log.append(trace);
            return null;
        } finally {
            WaitersLoad.closeAll();
        }
    }

    // ------------------------------------------------------------------------------------ scenarios

    private PostgresServer postgres() {
        if (postgres == null) {
            say("starting PostgreSQL (test fixture, fsync=on)...");
            postgres = PostgresServer.start();
            say("PostgreSQL on 127.0.0.1:" + postgres.port() + ", data " + postgres.dataDirectory());
        }
        return postgres;
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(postgres.dataDirectory().resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private RawCommits.Result[] rawCommits(String store) throws Exception {
        RawCommits.Result one;
        RawCommits.Result many;
        if (store.equals("embedded")) {
            Path dir = opts.work.resolve("raw-sqlite");
            one = RawCommits.sqlite(dir, 1, 1, opts.rawSeconds);
            many = RawCommits.sqlite(dir, opts.clients, 1, opts.rawSeconds);
        } else {
            String url = postgres().createDatabase();
            one = RawCommits.postgres(url, 1, 1, opts.rawSeconds);
            many = RawCommits.postgres(url, opts.clients, 1, opts.rawSeconds);
        }
        say("raw commits (" + one.settings() + "):");
        for (var r : List.of(one, many)) {
            say(String.format(Locale.ROOT, "  %3d connection(s): %,8.0f commits/s, commit p50 %s ms, p99 %s ms",
                    r.connections(), r.commitsPerSecond(), Report.ms(r.latency().p50()), Report.ms(r.latency().p99())));
        }
        return new RawCommits.Result[] {one, many};
    }

    /** The M-connection raw run once more, after the pairs: {@code before} plus it as the third element. */
    private RawCommits.Result[] rawAgain(String store, RawCommits.Result[] before) throws Exception {
        RawCommits.Result after = store.equals("embedded")
                ? RawCommits.sqlite(opts.work.resolve("raw-sqlite-after"), opts.clients, 1, opts.rawSeconds)
                : RawCommits.postgres(postgres().createDatabase(), opts.clients, 1, opts.rawSeconds);
        say(String.format(Locale.ROOT, "raw commits again, after the pairs: %3d connection(s): %,8.0f commits/s, commit p50 %s ms, p99 %s ms",
                after.connections(), after.commitsPerSecond(), Report.ms(after.latency().p50()), Report.ms(after.latency().p99())));
        return new RawCommits.Result[] {before[0], before[1], after};
    }

    /** The raw M-connection rate the pairs are compared with: the mean of the runs before and after them. */
    private static double ceiling(RawCommits.Result[] raw) {
        return raw.length > 2 ? (raw[1].commitsPerSecond() + raw[2].commitsPerSecond()) / 2 : raw[1].commitsPerSecond();
    }

    private ServiceLoad.Result service(String store) throws Exception {
        say(String.format(Locale.ROOT, "in-process LockService (no HTTP, diagnosis): %d virtual threads, own lock each, 5 s warm-up + 8 s...",
                opts.clients));
        dev.baton.store.Database db = store.equals("embedded")
                ? dev.baton.store.Database.embedded(opts.work.resolve("service-sqlite"), true)
                : dev.baton.store.Database.postgres(postgres().createDatabase());
        try {
            var r = ServiceLoad.run(store, db, opts.clients, 5, 8);
            say(String.format(Locale.ROOT, "  %,.0f pairs/s; pair p50 %s p99 %s ms; this JVM %.2f ms CPU/pair%s",
                    r.pairsPerSecond(), Report.ms(r.pair().p50()), Report.ms(r.pair().p99()),
                    r.processCpuSeconds() * 1000 / Math.max(1, r.pairs()),
                    Double.isNaN(r.writerCpuSeconds()) ? "" : String.format(Locale.ROOT,
                            "; writer thread %.0f %% busy on CPU, %.3f ms CPU per transaction",
                            r.writerCpuSeconds() / r.seconds() * 100, r.writerCpuSeconds() * 1000 / Math.max(1, 2 * r.pairs()))));
            if (r.failures() > 0) {
                errors += r.failures();
                say("  " + r.failures() + " calls failed with StoreUnavailableException (HTTP 503 in the server), first: " + r.firstFailure());
            }
            return r;
        } finally {
            db.close();
        }
    }

    private ServerProcess startServer(String store) throws IOException {
        int n = ++serverCount;
        String url = store.equals("postgres") ? postgres().createDatabase() : null;
        List<String> jvm = new ArrayList<>(opts.serverOpts);
        if (opts.jfr) {
            jvm.add("-XX:StartFlightRecording=filename=" + opts.work.resolve("server-" + n + "-" + store + ".jfr")
                    + ",settings=profile,dumponexit=true,jdk.ExecutionSample#period=2ms,jdbi.statement#enabled=false");
        }
        ServerProcess server = ServerProcess.start(java, opts.jar, opts.work.resolve("data-" + n + "-" + store), url,
                PASSWORD, jvm, opts.work.resolve("server-" + n + "-" + store + ".log"));
        say("server " + n + " (pid " + server.pid() + ") listening on " + HOST + ":" + server.port() + ", log " + server.log());
        // One authenticated call first: it pays the slow password hash once, and the server caches it.
        try (Http1 c = new Http1(HOST, server.port(), ADMIN, PASSWORD)) {
            var r = c.call("GET", "/api/v3/whoami", null);
            if (r.status() != 200) {
                throw new IOException("whoami: HTTP " + r.status() + " " + r.text());
            }
        }
        return server;
    }

    /** Who the clients are: {id, secret} of a new API credential, or the admin user and password. */
    private String[] clientLogin(ServerProcess server, String role, List<String> holders) throws IOException {
        if (opts.auth.equals("admin")) {
            return new String[] {ADMIN, PASSWORD};
        }
        var body = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("name", "bench-" + role).put("role", role);
        var array = body.putArray("holders");
        holders.forEach(array::add);
        String[] login;
        try (Http1 c = new Http1(HOST, server.port(), ADMIN, PASSWORD)) {
            var r = c.call("POST", "/api/v3/credentials", body.toString());
            if (r.status() != 201) {
                throw new IOException("creating a " + role + " credential: HTTP " + r.status() + " " + r.text());
            }
            var created = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            login = new String[] {created.path("id").asText(), created.path("secret").asText()};
        }
        // Its first use pays the slow hash; the server then caches the verification.
        try (Http1 c = new Http1(HOST, server.port(), login[0], login[1])) {
            var r = c.call("GET", "/api/v3/whoami", null);
            if (r.status() != 200) {
                throw new IOException("whoami as the new credential: HTTP " + r.status() + " " + r.text());
            }
        }
        return login;
    }

    private Cpu cpuOf(ServerProcess server, String store) {
        Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
        groups.put("server", () -> List.of(server.pid()));
        groups.put("driver", () -> List.of(ProcessHandle.current().pid()));
        if (store.equals("postgres")) {
            long pm = postmasterPid();
            groups.put("postgres", () -> Cpu.tree(pm));
        }
        return new Cpu(groups);
    }

    /** The JIT compilers of a fresh server count as settled below this share of a core. */
    private static final double SETTLED_COMPILERS = 0.10;
    /** Pairs run at most this long waiting for the compilers to settle, then the measurement starts anyway. */
    private static final long SETTLE_LIMIT_NANOS = 90_000_000_000L;

    /**
     * Runs closed-loop pairs in rounds of 5 s, before the warm-up, until the server's JIT compilers use under
     * {@link #SETTLED_COMPILERS} of a core. On two cores the compilers of a fresh server take a third to a half of a
     * core for 20-40 s under this load, longer than a fixed warm-up allowed for: that CPU came out of the measured
     * window, and the targets are about a server that has been running.
     */
    private void settleCompilers(ServerProcess server, String store, String[] login) throws Exception {
        long started = System.nanoTime();
        double share;
        do {
            double before = Cpu.compilerSeconds(server.pid());
            long roundStart = System.nanoTime();
            var round = PairsLoad.run(HOST, server.port(), login[0], login[1], opts.clients, opts.locks, 0, 5,
                    cpuOf(server, store));
            if (round.errors() > 0) {
                errors += round.errors();
                say("  first error while the compilers settle: " + round.firstError());
            }
            share = Math.max(0, Cpu.compilerSeconds(server.pid()) - before) / ((System.nanoTime() - roundStart) / 1e9);
        } while (share >= SETTLED_COMPILERS && System.nanoTime() - started < SETTLE_LIMIT_NANOS);
        say(String.format(Locale.ROOT, "  JIT compilers %s after %.0f s of pairs (%.0f %% of a core in the last 5 s)",
                share < SETTLED_COMPILERS ? "settled" : "still busy, measuring anyway,", (System.nanoTime() - started) / 1e9,
                share * 100));
    }

    private PairsLoad.Result pairs(String store) throws Exception {
        try (ServerProcess server = startServer(store)) {
            say(String.format(Locale.ROOT, "pairs: %d clients, %s, %.0f s warm-up + %.0f s measured...", opts.clients,
                    opts.locks == 0 ? "each on its own lock" : "over " + opts.locks + " locks", opts.warmup, opts.seconds));
            List<String> holders = new ArrayList<>();
            for (int i = 0; i < opts.clients; i++) {
                holders.add(PairsLoad.holder(i));
            }
            String[] login = clientLogin(server, "host", holders);
            if (opts.locks > 0) {
                PairsLoad.prepareSharedLocks(HOST, server.port(), ADMIN, PASSWORD, opts.clients, opts.locks);
            }
            settleCompilers(server, store, login);
            var r = PairsLoad.run(HOST, server.port(), login[0], login[1], opts.clients, opts.locks, opts.warmup,
                    opts.seconds, cpuOf(server, store));
            say(String.format(Locale.ROOT, "  %,.0f pairs/s; pair p50 %s p99 %s ms; acquire p50 %s p99 %s ms; "
                            + "%d connections for %d clients; %d errors", r.pairsPerSecond(), Report.ms(r.pair().p50()),
                    Report.ms(r.pair().p99()), Report.ms(r.acquire().p50()), Report.ms(r.acquire().p99()),
                    r.connectionsOpened(), r.clients(), r.errors()));
            say("  CPU in the measured interval: " + describe(r.cpu(), r.pairs()));
            if (r.errors() > 0) {
                errors += r.errors();
                say("  first error: " + r.firstError());
            }
            if (!server.alive()) {
                throw new IOException("the server died; its log ends with:\n" + server.logTail());
            }
            // The same clients, locks and server, through the FleetLock door as Zincati speaks it: what that door
            // costs beside the native API (a few seconds' warm-up for its own code paths).
            var fl = PairsLoad.run(HOST, server.port(), login[0], login[1], opts.clients, opts.locks, 5, opts.seconds,
                    cpuOf(server, store), PairsLoad.Kind.FLEETLOCK);
            fleetLocks.put(store, fl);
            say(String.format(Locale.ROOT, "  FleetLock (pre-reboot + steady-state, %.0f s): %,.0f pairs/s; pair p50 %s p99 %s ms; %s",
                    opts.seconds, fl.pairsPerSecond(), Report.ms(fl.pair().p50()), Report.ms(fl.pair().p99()),
                    describe(fl.cpu(), fl.pairs())));
            if (fl.errors() > 0) {
                errors += fl.errors();
                say("  first error: " + fl.firstError());
            }
            // The same clients and server, doing two authenticated GET /api/v3/whoami per "pair" instead:
            // what HTTP and auth cost without the lock service and the store.
            var f = PairsLoad.run(HOST, server.port(), login[0], login[1], opts.clients, opts.locks, 3, 8,
                    cpuOf(server, store), PairsLoad.Kind.WHOAMI);
            floors.put(store, f);
            if (opts.rate > 0) {
                var p = PairsLoad.run(HOST, server.port(), login[0], login[1], opts.clients, opts.locks, 3, opts.pacedSeconds,
                        cpuOf(server, store), PairsLoad.Kind.NATIVE, opts.rate);
                paced.put(store, p);
                say(String.format(Locale.ROOT, "  paced at %,.0f pairs/s (%d s): %,.0f pairs/s done; pair p50 %s p99 %s max %s ms "
                                + "(from the scheduled start); acquire p99 %s ms; %s", opts.rate, opts.pacedSeconds, p.pairsPerSecond(),
                        Report.ms(p.pair().p50()), Report.ms(p.pair().p99()), Report.ms(p.pair().max()),
                        Report.ms(p.acquire().p99()), describe(p.cpu(), p.pairs())));
                if (p.errors() > 0) {
                    errors += p.errors();
                    say("  first error: " + p.firstError());
                }
            }
            say(String.format(Locale.ROOT, "  HTTP floor (2 x GET whoami instead of a pair, 8 s): %,.0f pairs/s, p50 %s p99 %s ms; %s",
                    f.pairsPerSecond(), Report.ms(f.pair().p50()), Report.ms(f.pair().p99()), describe(f.cpu(), f.pairs())));
            if (f.errors() > 0) {
                errors += f.errors();
                say("  first error: " + f.firstError());
            }
            return r;
        }
    }

    private WaitersLoad.Result waiters(String store) throws Exception {
        ServerProcess server = startServer(store);
        try {
            say(String.format(Locale.ROOT, "waiters: %d clients wait on one lock (wait_seconds=%d), then %d releases...",
                    opts.waiters, opts.waitSeconds, opts.releases));
            String[] login = clientLogin(server, "operator", List.of());
            var r = WaitersLoad.run(HOST, server.port(), login[0], login[1], opts.waiters, opts.releases, opts.waitSeconds,
                    opts.enqueueTimeout, server.pid(), cpuOf(server, store), this::say);
            say(String.format(Locale.ROOT, "  heap after full GC %s (committed %s), RSS %s, %d OS threads, %d open files",
                    Report.mib(r.heap().usedBytes()), Report.mib(r.heap().committedBytes()), Report.mib(r.rssBytes()),
                    r.osThreads(), r.openFiles()));
            say("  largest classes on the server heap (jcmd GC.class_histogram):\n" + r.histogram().stripTrailing().indent(4).stripTrailing());
            say("  CPU while all wait (5 s, no releases): " + describe(r.idleCpu(), 0));
            say(String.format(Locale.ROOT, "  %d releases: release -> next waiter answered p50 %s p99 %s max %s ms; "
                            + "release call p50 %s p99 %s ms; grant answer %,.0f bytes; %d grants out of queue order; %d errors",
                    r.releases(), Report.ms(r.releaseToGrant().p50()), Report.ms(r.releaseToGrant().p99()),
                    Report.ms(r.releaseToGrant().max()), Report.ms(r.releaseCall().p50()), Report.ms(r.releaseCall().p99()),
                    r.grantBodyBytes().p50(), r.outOfOrder(), r.errors()));
            say("  events of the lock during the scenario, by type and reason:\n" + r.eventTally().stripTrailing().indent(4).stripTrailing());
            if (r.errors() > 0 || r.outOfOrder() > 0) {
                errors += r.errors() + r.outOfOrder();
                say("  first error: " + r.firstError());
            }
            return r;
        } finally {
            // Stop the server before the 10,000 sockets close, so it does not process 10,000 departures.
            server.stop(20);
        }
    }

    /**
     * A second in which the hypervisor took this much of the CPU disturbs the paced run: at 2,000 pairs/s the machine
     * is about 75 % busy, so the server falls behind and the pairs of that second queue.
     */
    private static final double DISTURBING_STEAL = 0.10;

    /** The hypervisor's CPU steal over a run, mean and worst second, and a warning when it disturbed the run. */
    private static String steal(PairsLoad.Result r) {
        String steal = Report.pct(r.cpu().stealShare()) + " mean / " + Report.pct(r.worstSecondSteal()) + " worst second";
        return r.worstSecondSteal() < DISTURBING_STEAL ? steal
                : steal + "; disturbed by the hypervisor, repeat the run when the machine is quieter";
    }

    private static String describe(Cpu.Usage u, long pairs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "machine %.0f %% busy of %d cores (%.0f %% stolen by the hypervisor)",
                u.machineBusyShare() * 100, u.cores(), u.stealShare() * 100));
        u.groupSeconds().forEach((name, s) -> {
            sb.append(String.format(Locale.ROOT, "; %s %.0f %% of a core (%.0f %% in the kernel)", name,
                    s / u.seconds() * 100, s > 0 ? u.system(name) / s * 100 : 0));
            if (pairs > 0) {
                sb.append(String.format(Locale.ROOT, " (%.2f ms/pair)", s * 1000 / pairs));
            }
        });
        sb.append(String.format(Locale.ROOT, "; others (not this run) %.0f %% of a core", u.foreignSeconds() / u.seconds() * 100));
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------ the table

    private void fill(Report report, Map<String, RawCommits.Result[]> raw, Map<String, PairsLoad.Result> pairs,
                      Map<String, WaitersLoad.Result> waiters) {
        int m = opts.clients;
        report.section("Raw durable commits (single-row UPDATE, autocommit)");
        raw.forEach((store, r) -> {
            if (r != null) {
                report.put("commits/s, 1 connection", store, Report.num(r[0].commitsPerSecond()));
                report.put("commit p50 / p99 ms, 1 conn", store, r[0].latency().p50p99());
                report.put("commits/s, " + m + " connections", store, Report.num(r[1].commitsPerSecond()));
                report.put("commit p50 / p99 ms, " + m + " conns", store, r[1].latency().p50p99());
                if (r.length > 2) {
                    report.put("commits/s, " + m + " conns, after the pairs", store, Report.num(r[2].commitsPerSecond()));
                }
            }
        });
        report.section("In-process LockService, no HTTP (diagnosis), " + m + " threads, own lock each");
        services.forEach((store, r) -> {
            if (r != null) {
                report.put("service pairs/s", store, Report.num(r.pairsPerSecond()));
                report.put("service pair p50 / p99 ms", store, r.pair().p50p99());
                report.put("service store failures (503)", store, Long.toString(r.failures()));
                report.put("service CPU ms per pair", store, Report.ms(r.processCpuSeconds() * 1000 / Math.max(1, r.pairs())));
                if (!Double.isNaN(r.writerCpuSeconds())) {
                    report.put("writer thread CPU ms per txn", store, String.format(Locale.ROOT, "%.3f",
                            r.writerCpuSeconds() * 1000 / Math.max(1, 2 * r.pairs())));
                    report.put("writer thread on CPU", store, Report.pct(r.writerCpuSeconds() / r.seconds()));
                }
            }
        });
        report.section("Acquire + release pairs, " + m + " clients, keep-alive HTTP ("
                + (opts.locks == 0 ? "own lock each" : opts.locks + " shared locks") + ")");
        pairs.forEach((store, r) -> {
            if (r != null) {
                report.put("pairs/s", store, Report.num(r.pairsPerSecond()));
                report.put("pair p50 / p99 ms", store, r.pair().p50p99());
                report.put("acquire p50 / p99 ms", store, r.acquire().p50p99());
                report.put("release p50 / p99 ms", store, r.release().p50p99());
                report.put("pair max ms", store, Report.ms(r.pair().max()));
                report.put("transactions/s (2 per pair)", store, Report.num(2 * r.pairsPerSecond()));
                RawCommits.Result[] rc = raw.get(store);
                if (rc != null) {
                    report.put("transactions/s vs raw " + m + " conns", store, Report.pct(2 * r.pairsPerSecond() / ceiling(rc)));
                    report.put("pairs/s vs raw " + m + " conns", store, Report.pct(r.pairsPerSecond() / ceiling(rc)));
                }
                report.put("server CPU ms per pair", store, Report.ms(r.cpu().group("server") * 1000 / Math.max(1, r.pairs())));
                if (r.cpu().groupSeconds().containsKey("postgres")) {
                    report.put("postgres CPU ms per pair", store, Report.ms(r.cpu().group("postgres") * 1000 / Math.max(1, r.pairs())));
                }
                report.put("driver CPU ms per pair", store, Report.ms(r.cpu().group("driver") * 1000 / Math.max(1, r.pairs())));
                report.put("machine busy / others' share", store, Report.pct(r.cpu().machineBusyShare()) + " / "
                        + Report.pct(r.cpu().foreignSeconds() / (r.cpu().seconds() * r.cpu().cores())));
                report.put("TCP connections opened", store, Long.toString(r.connectionsOpened()));
                PairsLoad.Result pc = paced.get(store);
                if (pc != null) {
                    report.put("paced " + Report.num(opts.rate) + "/s: pairs/s done", store, Report.num(pc.pairsPerSecond()));
                    report.put("paced: pair p50 / p99 ms", store, pc.pair().p50p99());
                    report.put("paced: server CPU ms / pair", store, Report.ms(pc.cpu().group("server") * 1000 / Math.max(1, pc.pairs())));
                    report.put("paced: CPU steal, mean / worst second", store,
                            Report.pct(pc.cpu().stealShare()) + " / " + Report.pct(pc.worstSecondSteal()));
                }
                PairsLoad.Result fl = fleetLocks.get(store);
                if (fl != null) {
                    report.put("FleetLock pairs/s (pre-reboot + steady-state)", store, Report.num(fl.pairsPerSecond()));
                    report.put("FleetLock pair p50 / p99 ms", store, fl.pair().p50p99());
                    report.put("FleetLock server CPU ms / pair", store, Report.ms(fl.cpu().group("server") * 1000 / Math.max(1, fl.pairs())));
                }
                PairsLoad.Result f = floors.get(store);
                if (f != null) {
                    report.put("HTTP floor: 2 x whoami, pairs/s", store, Report.num(f.pairsPerSecond()));
                    report.put("HTTP floor: server CPU ms / pair", store, Report.ms(f.cpu().group("server") * 1000 / Math.max(1, f.pairs())));
                }
                report.put("pair errors", store, Long.toString(r.errors()));
            }
        });
        report.section("Waiters: " + opts.waiters + " clients waiting at once on one lock");
        waiters.forEach((store, r) -> {
            if (r != null) {
                report.put("time to send all acquires", store, String.format(Locale.ROOT, "%.1f s", r.sendSeconds()));
                report.put("in the queue / after", store, r.queued() + " / " + String.format(Locale.ROOT, "%.1f s", r.enqueueSeconds()));
                report.put("server heap after full GC", store, Report.mib(r.heap().usedBytes()));
                report.put("server RSS", store, Report.mib(r.rssBytes()));
                report.put("server CPU, all idle-waiting", store, Report.pct(r.idleCpu().group("server") / r.idleCpu().seconds()) + " of a core");
                report.put("release -> next answered p50/p99", store, r.releaseToGrant().p50p99() + " ms");
                report.put("release call p50 / p99 ms", store, r.releaseCall().p50p99());
                report.put("releases timed", store, Integer.toString(r.releases()));
                report.put("grant answer size", store, Report.num(r.grantBodyBytes().p50()) + " B");
                report.put("grants out of FIFO order", store, Long.toString(r.outOfOrder()));
                report.put("waiter errors", store, Long.toString(r.errors()));
            }
        });

        // Targets
        PairsLoad.Result e = pairs.get("embedded");
        if (opts.stores.contains("embedded") && opts.scenarios.contains("pairs")) {
            if (e == null) {
                report.targetUnknown("embedded, " + m + " clients: >= 2,000 pairs/s, p99 <= 25 ms (scenario failed)");
            } else {
                report.target(e.pairsPerSecond() >= 2000 && m >= 64,
                        "embedded, " + m + " clients: >= 2,000 pairs/s: " + Report.num(e.pairsPerSecond()) + " pairs/s");
                PairsLoad.Result ep = paced.get("embedded");
                if (ep != null) {
                    report.target(ep.pair().p99() <= 25 && ep.pairsPerSecond() >= 0.95 * opts.rate, "embedded, " + m
                            + " clients paced at " + Report.num(opts.rate) + " pairs/s: pair p99 <= 25 ms: "
                            + Report.ms(ep.pair().p99()) + " ms (" + Report.num(ep.pairsPerSecond()) + " pairs/s done; CPU steal "
                            + steal(ep) + ")");
                }
                report.reference("embedded, " + m + " clients flat out (closed loop), not the target (the paced run is): "
                        + "pair p99 " + Report.ms(e.pair().p99()) + " ms" + (e.pair().p99() <= 25 ? " (<= 25)" : " (> 25)")
                        + "; Little's law: mean pair = " + m + " / pairs/s = " + Report.ms(m * 1000.0 / e.pairsPerSecond()) + " ms");
            }
        }
        PairsLoad.Result p = pairs.get("postgres");
        RawCommits.Result[] pr = raw.get("postgres");
        if (opts.stores.contains("postgres") && opts.scenarios.contains("pairs")) {
            if (p == null || pr == null) {
                report.targetUnknown("postgres: >= 50 % of the raw commit rate (needs both raw and pairs)");
            } else {
                double tx = 2 * p.pairsPerSecond() / ceiling(pr);
                double strict = p.pairsPerSecond() / ceiling(pr);
                report.target(tx >= 0.5, "postgres: lock transactions/s >= 50 % of raw commits/s (" + m + " conns): "
                        + Report.pct(tx) + " (" + Report.num(2 * p.pairsPerSecond()) + " vs " + Report.num(ceiling(pr))
                        + (pr.length > 2 ? ", the mean of the raw runs before and after the pairs" : "")
                        + "); counting a pair as one: " + Report.pct(strict));
            }
        }
        waiters.forEach((store, r) -> {
            if (r == null) {
                report.targetUnknown(store + ", " + opts.waiters + " waiters: scenario failed");
                return;
            }
            boolean all = r.queued() >= opts.waiters;
            report.target(all && r.heap().usedBytes() <= 512L * 1024 * 1024, store + ", " + r.queued() + " of " + opts.waiters
                    + " waiting: heap after GC <= 512 MiB: " + Report.mib(r.heap().usedBytes()));
            report.target(all && r.releases() >= opts.releases && r.releaseToGrant().p99() <= 50, store + ", "
                    + r.queued() + " waiting: next waiter answered <= 50 ms p99 after release: "
                    + Report.ms(r.releaseToGrant().p99()) + " ms over " + r.releases() + " releases");
        });
    }
}
