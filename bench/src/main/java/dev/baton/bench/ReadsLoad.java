package dev.baton.bench;

import dev.baton.store.testing.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's read benchmark (issue 14). For each store it seeds a fleet ({@link ReadsSeed}: 10,000 hosts, 1,000
 * locks, 1,000,000 events by default), starts the real server on it as its own process, and measures p50/p95/p99 of
 * the read models through the HTTP API: the history at three depths with each filter, host pages (at an offset, with
 * a search, a state filter, each order), host states, lock pages, a lock and its events, CSV exports. Any GET path
 * can be added ({@code --url}), as the admin (HTTP Basic) or, with {@code --console-user}, through a console session
 * (the login form at {@code /login}: username, password and the hidden csrf field; the session cookie after).
 * Last, grant throughput with and without {@code --live-clients} open live pages ({@code --live-path}, polled or
 * read as Server-Sent Events) in the same run: pairs/s without, with, and without again. See bench/README.md.
 */
public final class ReadsLoad {

    private static final String ADMIN = "admin";
    private static final String PASSWORD = "bench-admin-password";
    private static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"csrf\"[^>]*value=\"([^\"]*)\"|<input[^>]*value=\"([^\"]*)\"[^>]*name=\"csrf\"");

    private static final String USAGE = """
            ReadsLoad: the console's read benchmark (see bench/README.md).
            Options (defaults in brackets):
              --jar PATH             the server jar [baton-app/target/baton.jar]
              --stores LIST          embedded,postgres [embedded,postgres]
              --hosts N --locks N --events N    the seeded fleet [10000, 1000, 1000000]
              --data DIR             measure an embedded store already seeded in DIR (no seeding; one store)
              --store URL            measure a PostgreSQL store already seeded (no seeding; one store)
              --requests N           measured requests per URL [200], after --warmup N [20]
              --url PATH             also measure this GET path (repeatable), e.g. /locks/lock-0003 or /history?before=500000
              --console-user U --console-password P   log in at /login and send the session cookie with --url and live pages
              --only-urls            measure only the --url paths (and the grants), not the API's reads
              --live-path PATH       the live endpoint the open pages use [/api/v3/events?limit=50]; repeatable: the
                                     pages take the paths in turn, and {i} in a path counts the pages sharing it
                                     (/live/overview and /live/locks/bench-pair-{i}: 10 overviews, bench-pair-0..9)
              --live-mode MODE       poll (GET every --live-interval s) or sse (one open text/event-stream) [poll]
              --live-clients N       open live pages during the second grant run [20]; 0 skips the grant scenario
              --live-interval S      seconds between polls [1]
              --pair-clients M       clients doing acquire+release pairs [16]
              --grant-latency N      with a console session: time N grants from the API's answer to their message on
                                     the open lock page's stream /live/locks/--latency-lock [300; 0 skips]
              --latency-lock NAME    the lock whose page is watched for --grant-latency [bench-live]
              --pair-seconds S       measured seconds of each grant run [10], after 5 s warm-up
              --server-opts "..."    extra JVM options of the server process
              --work DIR             where data, logs and the report go [bench/target/reads-<time>]
            """;

    public static void main(String[] args) {
        int code;
        try {
            code = new ReadsLoad(Options.parse(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println("ReadsLoad: " + e.getMessage() + "\n\n" + USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println("ReadsLoad: failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    record Options(Path jar, List<String> stores, ReadsSeed.Fleet fleet, Path data, String store, int requests, int warmup,
                   List<String> urls, String consoleUser, String consolePassword, boolean onlyUrls, List<String> livePaths,
                   String liveMode, int grantLatency, String latencyLock, int liveClients, double liveInterval, int pairClients, double pairSeconds,
                   List<String> serverOpts, Path work) {

        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            List<String> urls = new ArrayList<>();
            List<String> livePaths = new ArrayList<>();
            boolean onlyUrls = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.println(USAGE);
                    System.exit(0);
                }
                if (a.equals("--only-urls")) {
                    onlyUrls = true;
                    continue;
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                if (a.equals("--url")) {
                    urls.add(args[++i]);
                    continue;
                }
                if (a.equals("--live-path")) {
                    livePaths.add(args[++i]);
                    continue;
                }
                o.put(a.substring(2), args[++i]);
            }
            List<String> known = List.of("jar", "stores", "hosts", "locks", "events", "data", "store", "requests", "warmup",
                    "console-user", "console-password", "live-mode", "grant-latency", "latency-lock", "live-clients", "live-interval",
                    "pair-clients", "pair-seconds", "server-opts", "work");
            for (String k : o.keySet()) {
                if (!known.contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k);
                }
            }
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            List<String> stores = Arrays.stream(o.getOrDefault("stores", "embedded,postgres").split(","))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
            for (String s : stores) {
                if (!List.of("embedded", "postgres").contains(s)) {
                    throw new IllegalArgumentException("--stores: '" + s + "' is not embedded or postgres");
                }
            }
            if (o.containsKey("data")) {
                stores = List.of("embedded");
            } else if (o.containsKey("store")) {
                stores = List.of("postgres");
            }
            String mode = o.getOrDefault("live-mode", "poll");
            if (!List.of("poll", "sse").contains(mode)) {
                throw new IllegalArgumentException("--live-mode must be poll or sse");
            }
            if (o.containsKey("console-user") != o.containsKey("console-password")) {
                throw new IllegalArgumentException("--console-user and --console-password go together");
            }
            var opts = new Options(Path.of(o.getOrDefault("jar", "baton-app/target/baton.jar")).toAbsolutePath(), stores,
                    new ReadsSeed.Fleet(number(o, "hosts", 10_000, 1), number(o, "locks", 1_000, 1), number(o, "events", 1_000_000, 1)),
                    o.containsKey("data") ? Path.of(o.get("data")).toAbsolutePath() : null, o.get("store"),
                    number(o, "requests", 200, 1), number(o, "warmup", 20, 0), urls, o.get("console-user"),
                    o.get("console-password"), onlyUrls, livePaths.isEmpty() ? List.of("/api/v3/events?limit=50") : livePaths, mode,
                    o.containsKey("console-user") ? number(o, "grant-latency", 300, 0) : 0, o.getOrDefault("latency-lock", "bench-live"),
                    number(o, "live-clients", 20, 0), Double.parseDouble(o.getOrDefault("live-interval", "1")),
                    number(o, "pair-clients", 16, 1), Double.parseDouble(o.getOrDefault("pair-seconds", "10")),
                    o.containsKey("server-opts") ? Arrays.asList(o.get("server-opts").trim().split("\\s+")) : List.of(),
                    Path.of(o.getOrDefault("work", "bench/target/reads-" + stamp)).toAbsolutePath());
            if (!Files.isRegularFile(opts.jar)) {
                throw new IllegalArgumentException("no server jar at " + opts.jar + " (bench/reads.sh builds it)");
            }
            return opts;
        }

        private static int number(Map<String, String> o, String key, int def, int min) {
            try {
                int v = Integer.parseInt(o.getOrDefault(key, Integer.toString(def)));
                if (v < min) {
                    throw new IllegalArgumentException("--" + key + " must be at least " + min);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + key + " must be a whole number");
            }
        }
    }

    private final Options opts;
    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final StringBuilder log = new StringBuilder();
    private long errors;

    private ReadsLoad(Options opts) {
        this.opts = opts;
    }

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
        log.append(line).append('\n');
    }

    private int run() throws Exception {
        Files.createDirectories(opts.work);
        say("Baton console reads, " + LocalDateTime.now().withNano(0) + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, load average " + Cpu.loadAverage() + ", JDK " + Runtime.version());
        say("server: " + java + " -jar " + opts.jar + "; work directory " + opts.work);
        PostgresServer postgres = null;
        try {
            for (String store : opts.stores) {
                say("");
                say("=== " + store + " ===");
                Path data = opts.data != null ? opts.data : opts.work.resolve("data-" + store);
                String url = null;
                if (store.equals("postgres")) {
                    if (opts.store != null) {
                        url = opts.store;
                    } else {
                        postgres = postgres != null ? postgres : PostgresServer.start();
                        url = postgres.createDatabase();
                    }
                }
                if (opts.data == null && opts.store == null) {
                    say("seeding " + opts.fleet + " ...");
                    long t = System.nanoTime();
                    List<String> timings = url != null ? ReadsSeed.seedPostgres(url, opts.fleet) : ReadsSeed.seedEmbedded(data, opts.fleet);
                    timings.forEach(this::say);
                    say(String.format("seeded in %.1f s", (System.nanoTime() - t) / 1e9));
                }
                try (ServerProcess server = ServerProcess.start(java, opts.jar, data, url, PASSWORD, opts.serverOpts,
                        opts.work.resolve("server-" + store + ".log"))) {
                    measure(store, server, url != null ? postgres : null);
                }
            }
        } finally {
            if (postgres != null && opts.store == null) {
                postgres.stop();
            }
        }
        say("");
        say("load average at the end: " + Cpu.loadAverage() + "; errors: " + errors);
        Files.writeString(opts.work.resolve("report.txt"), log);
        return errors == 0 ? 0 : 1;
    }

    private void measure(String store, ServerProcess server, PostgresServer postgres) throws Exception {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        Client admin = Client.basic(base, ADMIN, PASSWORD);
        Client console = opts.consoleUser == null ? admin : Client.console(base, opts.consoleUser, opts.consolePassword);
        if (!opts.onlyUrls) {
            say(String.format("%-58s %8s %8s %8s %8s %9s", "GET (as admin, HTTP Basic)", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes"));
            for (Map.Entry<String, String> read : apiReads(admin).entrySet()) {
                time(admin, read.getKey(), read.getValue());
            }
            for (String export : List.of("/api/v3/events?format=csv&holder=rare-host",
                    "/api/v3/events?format=csv&type=force_release", "/api/v3/events?format=csv&lock=lock-0007")) {
                long t = System.nanoTime();
                HttpResponse<byte[]> r = admin.get(export);
                long lines = new String(r.body(), StandardCharsets.UTF_8).lines().count();
                say(String.format("  export %-50s %d rows in %.1f ms (one request)", export, lines - 1, (System.nanoTime() - t) / 1e6));
            }
        }
        if (!opts.urls.isEmpty()) {
            say(String.format("%-58s %8s %8s %8s %8s %9s", "GET (" + (console == admin ? "as admin" : "console session of "
                    + opts.consoleUser) + ")", "p50 ms", "p95 ms", "p99 ms", "max ms", "bytes"));
            for (String url : opts.urls) {
                time(console, url, url);
            }
        }
        if (opts.grantLatency > 0) {
            grantLatency(store, server, console);
        }
        if (opts.liveClients > 0) {
            grants(store, server, console, postgres);
        }
    }

    /** The API's reads, by a short name: the history at three depths with each filter, hosts, locks. */
    private Map<String, String> apiReads(Client admin) throws Exception {
        String newest = Client.field(admin.get("/api/v3/events?limit=1").body(), "\"id\":");
        long top = Long.parseLong(newest) + 1;
        Instant mid = Instant.now().minus(Duration.ofDays(15));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("none", "");
        filters.put("lock", "&lock=lock-0007");
        filters.put("type", "&type=force_release");
        filters.put("types", "&type=force_release,refuse");
        filters.put("holder", "&holder=host-00042.bench.example.com");
        filters.put("rare holder", "&holder=rare-host");
        filters.put("protocol", "&protocol=foreman");
        filters.put("a day", "&from=" + mid + "&to=" + mid.plus(Duration.ofDays(1)));
        Map<String, String> reads = new LinkedHashMap<>();
        for (Map.Entry<String, String> f : filters.entrySet()) {
            reads.put("events, " + f.getKey() + ", page 1", "/api/v3/events?limit=50" + f.getValue());
            reads.put("events, " + f.getKey() + ", page 100", "/api/v3/events?limit=50&before=" + (top - 100 * 50) + f.getValue());
            reads.put("events, " + f.getKey() + ", page 10,000", "/api/v3/events?limit=50&before=" + Math.max(1, top - 10_000 * 50) + f.getValue());
        }
        reads.put("lock's events, page 1", "/api/v3/locks/lock-0007/events?limit=50");
        reads.put("hosts, page 1", "/api/v3/hosts?limit=50");
        reads.put("hosts, after host 5,000", "/api/v3/hosts?limit=50&after=" + enc("0:host-05000.bench.example.com"));
        reads.put("hosts, after host 9,950", "/api/v3/hosts?limit=50&after=" + enc("0:host-09950.bench.example.com"));
        reads.put("hosts, search 'host-0999'", "/api/v3/hosts?limit=50&query=host-0999");
        reads.put("hosts, search an alias", "/api/v3/hosts?limit=50&query=00000000000000000000000000000abc");
        reads.put("hosts, state failed", "/api/v3/hosts?limit=50&state=failed");
        reads.put("hosts, by last check-in", "/api/v3/hosts?limit=50&sort=last_check_in");
        reads.put("hosts, by state", "/api/v3/hosts?limit=50&sort=state");
        reads.put("host states", "/api/v3/hosts/states");
        reads.put("one host", "/api/v3/hosts/host-00042.bench.example.com");
        reads.put("locks, page 1", "/api/v3/locks?limit=50");
        reads.put("locks, after lock 500", "/api/v3/locks?limit=50&after=" + enc("0:lock-0500"));
        reads.put("locks, held", "/api/v3/locks?limit=50&only=held");
        reads.put("locks, longest queue first", "/api/v3/locks?limit=50&sort=waiters");
        reads.put("locks, search", "/api/v3/locks?limit=50&query=lock-05");
        reads.put("one lock", "/api/v3/locks/lock-0030");
        return reads;
    }

    private void time(Client client, String name, String path) {
        Samples samples = new Samples();
        long bytes = 0;
        try {
            for (int i = 0; i < opts.warmup + opts.requests; i++) {
                long t = System.nanoTime();
                HttpResponse<byte[]> r = client.get(path);
                long took = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    errors++;
                    say("  ERROR " + path + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8)
                            .substring(0, Math.min(300, r.body().length)));
                    return;
                }
                if (i >= opts.warmup) {
                    samples.add(took);
                }
                bytes = r.body().length;
            }
        } catch (IOException | InterruptedException e) {
            errors++;
            say("  ERROR " + path + ": " + e);
            return;
        }
        var s = samples.summary();
        say(String.format("  %-56s %8.2f %8.2f %8.2f %8.2f %9d", name, s.p50(), samples.percentile(0.95), s.p99(), s.max(), bytes));
    }

    /** Lock pairs/s without, with and again without the open live pages, on one server, one after the other. */
    private void grants(String store, ServerProcess server, Client live, PostgresServer postgres) throws Exception {
        say("");
        say("grants: " + opts.pairClients + " clients doing acquire+release pairs (closed loop), "
                + "5 s warm-up + " + opts.pairSeconds + " s each; live pages: " + opts.liveClients + " over " + opts.livePaths
                + " (" + (opts.liveMode.equals("sse") ? "Server-Sent Events" : "polled every " + opts.liveInterval + " s") + ")");
        Map<String, java.util.function.Supplier<List<Long>>> groups = new LinkedHashMap<>();
        groups.put("server", () -> List.of(server.pid()));
        Cpu cpu = new Cpu(groups);
        // A fresh server's JIT compilers take a core for the first tens of seconds of pairs; settle them first, or
        // the first measured run is the slowest whatever it measures.
        pairs(server, cpu, "JIT warm-up, not counted");
        double before = pairs(server, cpu, "without live pages");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong answers = new AtomicLong();
        AtomicLong liveErrors = new AtomicLong();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < opts.liveClients; i++) {
            // "{i}" in a path counts the pages that share it: 0, 1, 2 ...
            String path = opts.livePaths.get(i % opts.livePaths.size()).replace("{i}", Integer.toString(i / opts.livePaths.size()));
            clients.add(Thread.ofVirtual().start(() -> livePage(live, path, stop, answers, liveErrors)));
        }
        double with;
        try {
            Thread.sleep(1000);
            with = pairs(server, cpu, "with " + opts.liveClients + " live pages");
        } finally {
            stop.set(true);
            for (Thread t : clients) {
                t.interrupt();
            }
        }
        say(String.format("  live pages: %d answers (or SSE messages), %d errors", answers.get(), liveErrors.get()));
        if (liveErrors.get() > 0) {
            errors++;
        }
        double after = pairs(server, cpu, "without live pages, again");
        double ratio = with / ((before + after) / 2);
        say(String.format("  [%s] %s: pairs/s with live pages are %.0f %% of those without (mean of before and after); target >= 90 %%",
                ratio >= 0.9 ? "MET " : "MISS", store, ratio * 100));
    }

    /** A grant's way to an open lock page: see {@link LiveLatency}. */
    private void grantLatency(String store, ServerProcess server, Client live) throws Exception {
        say("");
        say("grant -> open lock page: " + opts.grantLatency + " grants on " + opts.latencyLock + " through the API (admin), one at"
                + " a time, while a console session holds /live/locks/" + opts.latencyLock + " open; load " + Cpu.loadAverage());
        LiveLatency.Result r = LiveLatency.run(live, new Http1("127.0.0.1", server.port(), ADMIN, PASSWORD), opts.latencyLock,
                opts.grantLatency, 150);
        var a = r.fromAnswer().summary();
        var q = r.fromRequest().summary();
        say(String.format("  from the acquire's answer to the stream's message: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f ms (%d grants)",
                a.p50(), r.fromAnswer().percentile(0.95), a.p99(), a.max(), a.count()));
        say(String.format("  from the acquire's request:                        p50 %.1f, p95 %.1f, p99 %.1f, max %.1f ms",
                q.p50(), r.fromRequest().percentile(0.95), q.p99(), q.max()));
        if (r.missed() > 0) {
            errors++;
            say("  ERROR " + r.missed() + " grants not shown: " + r.firstError());
        }
        say(String.format("  [%s] %s: a grant shows on an open lock page within 1 s (max %.0f ms, %d missed); load %s",
                r.missed() == 0 && a.max() <= 1000 ? "MET " : "MISS", store, a.max(), r.missed(), Cpu.loadAverage()));
    }

    private double pairs(ServerProcess server, Cpu cpu, String what) throws Exception {
        PairsLoad.Result r = PairsLoad.run("127.0.0.1", server.port(), ADMIN, PASSWORD, opts.pairClients, 0, 5,
                opts.pairSeconds, cpu);
        say(String.format("  %-32s %,8.0f pairs/s, pair p50/p99 %s ms, server CPU %.2f ms per pair, load %s%s",
                what, r.pairsPerSecond(), r.pair().p50p99(), r.cpu().group("server") * 1000 / Math.max(1, r.pairs()),
                Cpu.loadAverage(), r.errors() > 0 ? ", " + r.errors() + " errors: " + r.firstError() : ""));
        errors += r.errors();
        return r.pairsPerSecond();
    }

    private void livePage(Client client, String path, AtomicBoolean stop, AtomicLong answers, AtomicLong failures) {
        while (!stop.get()) {
            try {
                if (opts.liveMode.equals("sse")) {
                    HttpResponse<InputStream> r = client.stream(path);
                    if (r.statusCode() != 200) {
                        r.body().close();
                        failures.incrementAndGet();
                        Thread.sleep(1000);
                        continue;
                    }
                    try (InputStream in = r.body()) {
                        byte[] buffer = new byte[8192];
                        for (int n = in.read(buffer); n >= 0 && !stop.get(); n = in.read(buffer)) {
                            answers.incrementAndGet();
                        }
                    }
                } else {
                    HttpResponse<byte[]> r = client.get(path);
                    if (r.statusCode() == 200) {
                        answers.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                    Thread.sleep((long) (opts.liveInterval * 1000));
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (!stop.get()) {
                    failures.incrementAndGet();
                }
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** GETs over one JDK HTTP client: as the admin (HTTP Basic), or with the cookies of a console login. */
    record Client(HttpClient http, URI base, String authorization) {

        static Client basic(URI base, String user, String password) {
            return new Client(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), base,
                    "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        /** Logs in through the form at /login (username, password, the hidden csrf field) and keeps the session cookie. */
        static Client console(URI base, String user, String password) throws IOException, InterruptedException {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            Client c = new Client(http, base, null);
            HttpResponse<byte[]> form = c.get("/login");
            Matcher m = CSRF.matcher(new String(form.body(), StandardCharsets.UTF_8));
            String csrf = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
            if (form.statusCode() != 200 || csrf == null) {
                throw new IOException("GET /login: HTTP " + form.statusCode() + ", no hidden csrf field in the form");
            }
            String body = "username=" + enc(user) + "&password=" + enc(password) + "&csrf=" + enc(csrf);
            HttpResponse<byte[]> login = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (login.statusCode() / 100 != 3) {
                throw new IOException("POST /login as " + user + ": HTTP " + login.statusCode() + " (expected a redirect)");
            }
            HttpResponse<byte[]> home = c.get("/");
            if (home.statusCode() != 200) {
                throw new IOException("GET / after the login: HTTP " + home.statusCode() + home.headers().firstValue("location")
                        .map(l -> " to " + l).orElse(""));
            }
            return c;
        }

        HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
            return http.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        HttpResponse<InputStream> stream(String path) throws IOException, InterruptedException {
            return http.send(request(path).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
            return authorization == null ? b : b.header("Authorization", authorization);
        }

        /** The number after the first {@code key} in a JSON body. */
        static String field(byte[] body, String key) {
            String text = new String(body, StandardCharsets.UTF_8);
            int at = text.indexOf(key);
            if (at < 0) {
                throw new IllegalStateException("no " + key + " in " + text);
            }
            int from = at + key.length();
            int to = from;
            while (to < text.length() && Character.isDigit(text.charAt(to))) {
                to++;
            }
            return text.substring(from, to);
        }
    }
}
