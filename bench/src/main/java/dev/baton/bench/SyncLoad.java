package dev.baton.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.pipeline.signing.RpmSigner;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.signing.KeySigner;
import dev.baton.pipeline.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mirroring (issue 15): the real Baton server syncs remotes served by {@link StaticFileServer} on loopback. See
 * bench/README.md, "Mirroring a remote (issue 15)". Three scenarios, each on a fresh server (embedded store) started
 * with {@code -Xmx256m} and a GC log:
 * <ul>
 *   <li>{@code throughput}: a full sync of N packages against parallel curl fetching the same files from the same
 *       server (one curl per file, and 32 files per curl with keep-alive), in the same run, alternating;</li>
 *   <li>{@code resync}: a remote of 10,000 packages synced once, then synced again unchanged: the remote-sync job
 *       from submit to done, and the CLI's {@code baton remote sync} wall time;</li>
 *   <li>{@code heap}: a full sync of a remote whose primary lists 50,000 packages, in a server with
 *       {@code -Xmx256m}: it must succeed; the peak heap is the largest occupancy the GC log shows before a
 *       collection.</li>
 * </ul>
 * The packages are distinct signed RPMs made by {@link RpmVariants}; the upstream repositories live in
 * {@code --repos} (tmpfs by default, kept for the next run), their metadata by {@code createrepo_c}.
 */
public final class SyncLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-admin-password";
    private static final Pattern GC = Pattern.compile("\\[([0-9.]+)s].* (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private int packages = 600;
    /** Packages of the warm-up remote a server syncs before the measured sync (distinct files, the same mix). */
    private int warmupPackages = 200;
    private int resyncPackages = 10_000;
    private int heapPackages = 50_000;
    private int heapSeconds;
    private int rounds = 2;
    private int parallel = 8;
    private String xmx = "256m";
    private boolean jfr;
    private List<String> scenarios = List.of("throughput", "resync", "heap");
    private Path repos = Path.of("/dev/shm/baton-bench-sync");
    private Path dir = Path.of("bench/target/sync-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    private Path jar = Path.of("baton-app/target/baton.jar");

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> summary = new ArrayList<>();
    private boolean met = true;
    private String vendorKey;
    private int filePort;
    private long filePid;

    public static void main(String[] args) throws Exception {
        SyncLoad load = new SyncLoad();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--packages" -> load.packages = Integer.parseInt(args[++i]);
                case "--resync-packages" -> load.resyncPackages = Integer.parseInt(args[++i]);
                case "--heap-packages" -> load.heapPackages = Integer.parseInt(args[++i]);
                case "--heap-seconds" -> load.heapSeconds = Integer.parseInt(args[++i]);
                case "--rounds" -> load.rounds = Integer.parseInt(args[++i]);
                case "--warmup-packages" -> load.warmupPackages = Integer.parseInt(args[++i]);
                case "--parallel" -> load.parallel = Integer.parseInt(args[++i]);
                case "--xmx" -> load.xmx = args[++i];
                case "--scenarios" -> load.scenarios = List.of(args[++i].split(","));
                case "--repos" -> load.repos = Path.of(args[++i]);
                case "--dir" -> load.dir = Path.of(args[++i]);
                case "--jar" -> load.jar = Path.of(args[++i]);
                case "--jfr" -> load.jfr = true;
                case "--help" -> {
                    System.out.println("bench/sync.sh [--scenarios throughput,resync,heap] [--packages 600] "
                            + "[--warmup-packages 200] [--resync-packages 10000] [--heap-packages 50000] [--heap-seconds 0 (no limit)] [--rounds 2] [--parallel 8] "
                            + "[--xmx 256m] [--repos /dev/shm/baton-bench-sync] [--dir DIR] [--jar baton.jar] [--jfr]");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
            }
        }
        System.exit(load.run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        Files.createDirectories(dir);
        System.out.printf("sync load: scenarios %s, %d CPUs, load average %s%n", scenarios,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        prepareRepositories();
        Process files = startFileServer();
        try {
            if (scenarios.contains("throughput")) {
                throughput();
            }
            if (scenarios.contains("resync")) {
                resync();
            }
            if (scenarios.contains("heap")) {
                heap();
            }
        } finally {
            files.destroy();
        }
        System.out.printf("%nload average at the end: %s%n", loadAverage());
        summary.forEach(System.out::println);
        return met;
    }

    // ------------------------------------------------------------------------------------------- the repositories

    /** Makes the upstream repositories unless {@code repos} holds them from an earlier run with the same counts. */
    private void prepareRepositories() throws Exception {
        Path marker = repos.resolve("complete-" + packages + "-" + warmupPackages + "-"
                + Math.max(resyncPackages, heapPackages));
        if (Files.exists(marker)) {
            vendorKey = Files.readString(repos.resolve("vendor.asc"));
            System.out.println("upstream repositories: " + repos + " (made by an earlier run)");
            return;
        }
        if (Files.exists(repos)) {
            ProcessRunner.run(null, Map.of(), List.of("rm", "-rf", repos.toString()));
        }
        Files.createDirectories(repos);
        SigningKeys keys = new SigningKeys(new MemorySigningKeyStore(), "bench".toCharArray(), InstantSource.system());
        keys.create("vendor", SigningKey.Algorithm.EDDSA, "Bench Vendor <vendor@example.org>", "bench");
        KeySigner key = keys.forSigning("vendor");
        vendorKey = keys.exportPublic("vendor");
        Path templates = Files.createDirectories(dir.resolve("templates"));
        long start = System.nanoTime();
        // Throughput: per ten packages six of 64 KiB, three of 512 KiB and one of 4 MiB of base64 text.
        RpmVariants small = RpmVariants.build(templates, "s", 64 << 10, 1);
        RpmVariants medium = RpmVariants.build(templates, "m", 512 << 10, 2);
        RpmVariants large = RpmVariants.build(templates, "l", 4 << 20, 3);
        RpmVariants tiny = RpmVariants.build(templates, "t", 512, 4);
        Path throughput = Files.createDirectories(repos.resolve("throughput/Packages"));
        List<Variant> todo = new ArrayList<>();
        for (int i = 0; i < packages; i++) {
            int k = i % 10;
            todo.add(new Variant(k < 6 ? small : k < 9 ? medium : large, i, throughput));
        }
        // The warm-up remote: the same mix under other indexes, so no file of it is one of the measured remote's.
        Path warmup = Files.createDirectories(repos.resolve("warmup/Packages"));
        for (int i = 0; i < warmupPackages; i++) {
            int k = i % 10;
            todo.add(new Variant(k < 6 ? small : k < 9 ? medium : large, packages + i, warmup));
        }
        Path many = Files.createDirectories(repos.resolve("many"));
        int manyCount = Math.max(resyncPackages, heapPackages);
        for (int i = 0; i < manyCount; i++) {
            todo.add(new Variant(tiny, i, many));
        }
        writeVariants(key, todo);
        // The heap remote lists all of them, the resync remote the first resyncPackages (hard links, one copy).
        Path heap = Files.createDirectories(repos.resolve("heap/Packages"));
        Path resync = Files.createDirectories(repos.resolve("resync/Packages"));
        for (int i = 0; i < manyCount; i++) {
            Path f = many.resolve(tiny.fileName(i));
            if (i < heapPackages) {
                Files.createLink(heap.resolve(f.getFileName()), f);
            }
            if (i < resyncPackages) {
                Files.createLink(resync.resolve(f.getFileName()), f);
            }
        }
        System.out.printf("made %d signed packages in %.1f s; createrepo_c...%n", todo.size(),
                (System.nanoTime() - start) / 1e9);
        for (String repo : List.of("throughput", "warmup", "resync", "heap")) {
            ProcessRunner.run(repos.resolve(repo), Map.of(), List.of("createrepo_c", "--quiet", "--no-database", "."));
        }
        checkWithRpmkeys(List.of(throughput.resolve(small.fileName(0)), throughput.resolve(large.fileName(9)),
                resync.resolve(tiny.fileName(resyncPackages - 1))));
        Files.writeString(repos.resolve("vendor.asc"), vendorKey);
        Files.writeString(marker, "");
        System.out.printf("upstream repositories ready in %.1f s: %s%n", (System.nanoTime() - start) / 1e9, repos);
    }

    private record Variant(RpmVariants template, int index, Path dir) {
    }

    private void writeVariants(KeySigner key, List<Variant> todo) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        Path scratch = Files.createDirectories(repos.resolve("scratch"));
        RpmSigner signer = new RpmSigner();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                jobs.add(pool.submit(() -> {
                    Path work = scratch.resolve("variant-" + first + ".rpm");
                    for (int i = first; i < todo.size(); i += threads) {
                        Variant v = todo.get(i);
                        v.template().write(v.index(), key, signer, work, v.dir());
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        }
        ProcessRunner.run(null, Map.of(), List.of("rm", "-rf", scratch.toString()));
    }

    /** rpm itself accepts the made packages: their digests and the vendor's signature. */
    private void checkWithRpmkeys(List<Path> rpms) throws IOException {
        Path db = Files.createDirectories(dir.resolve("rpmdb"));
        Path asc = Files.writeString(dir.resolve("vendor.asc"), vendorKey);
        ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", db.toAbsolutePath().toString(), "--import",
                asc.toString()));
        for (Path rpm : rpms) {
            ProcessRunner.run(null, Map.of(), List.of("rpmkeys", "--dbpath", db.toAbsolutePath().toString(),
                    "--checksig", rpm.toString()));
        }
        System.out.println("rpmkeys --checksig accepts the made packages (" + rpms.size() + " checked)");
    }

    private Process startFileServer() throws IOException {
        String cp = System.getProperty("java.class.path");
        Process p = new ProcessBuilder(javaBin().toString(), "-cp", cp, StaticFileServer.class.getName(),
                repos.toString()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        // Logback may print its own status first (several logback-test.xml on the bench's class path).
        StringBuilder before = new StringBuilder();
        String line = out.readLine();
        while (line != null && !line.startsWith("listening on port ")) {
            before.append(line).append('\n');
            line = out.readLine();
        }
        if (line == null) {
            p.destroyForcibly();
            throw new IOException("the static file server did not start:\n" + before);
        }
        filePort = Integer.parseInt(line.substring("listening on port ".length()).strip());
        filePid = p.pid();
        Thread.ofVirtual().start(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException ignored) {
                // it stopped
            }
        });
        System.out.println("static file server (JDK HttpServer, virtual threads) on 127.0.0.1:" + filePort);
        return p;
    }

    // --------------------------------------------------------------------------------------------- the scenarios

    private void throughput() throws Exception {
        Path repo = repos.resolve("throughput");
        List<Path> rpms;
        try (Stream<Path> s = Files.list(repo.resolve("Packages"))) {
            rpms = s.sorted().toList();
        }
        long bytes = 0;
        for (Path p : rpms) {
            bytes += Files.size(p);
        }
        Path urls = dir.resolve("urls.txt");
        Files.write(urls, rpms.stream().map(p -> "http://127.0.0.1:" + filePort + "/throughput/Packages/"
                + p.getFileName()).toList());
        System.out.printf("%nthroughput: %d packages, %.1f MiB, %d at a time (Baton's RemoteSync.PARALLEL is 8)%n",
                rpms.size(), bytes / 1048576.0, parallel);
        curl(urls, 32, bytes, rpms.size(), "warm-up (not counted): curl");
        List<Double> curlEach = new ArrayList<>();
        List<Double> curlBatch = new ArrayList<>();
        List<Double> baton = new ArrayList<>();
        List<Double> batonFresh = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            curlBatch.add(curl(urls, 32, bytes, rpms.size(), "curl, 32 files per process"));
            baton.add(fullSync(rpms.size(), bytes, r, true));
            curlEach.add(curl(urls, 1, bytes, rpms.size(), "curl, 1 file per process"));
            batonFresh.add(fullSync(rpms.size(), bytes, r, false));
        }
        double ours = median(baton);
        double reference = Math.max(median(curlEach), median(curlBatch));
        double ratio = ours / reference;
        boolean ok = ratio >= 0.70;
        met &= ok;
        summary.add(String.format("[%s] full sync: Baton %.1f MiB/s = %.0f %% of parallel curl's %.1f MiB/s "
                + "(the faster curl: 1 file per process %.1f, 32 per process %.1f MiB/s; target >= 70 %%)",
                ok ? "MET " : "MISS", ours, ratio * 100, reference, median(curlEach), median(curlBatch)));
        summary.add(String.format("[REF ] full sync by a server just started (its JIT compiles during the sync): "
                + "%.1f MiB/s = %.0f %% of parallel curl", median(batonFresh), median(batonFresh) / reference * 100));
    }

    /**
     * xargs -P parallel curl fetching every URL into a fresh directory; answers MiB/s. Prints the CPU seconds curl
     * used (the shell's waited-for children: xargs and every curl) and the file server's, beside the machine's.
     */
    private double curl(Path urls, int perProcess, long bytes, int count, String what) throws Exception {
        Path out = dir.resolve("curl");
        if (Files.exists(out)) {
            ProcessRunner.run(null, Map.of(), List.of("rm", "-rf", out.toString()));
        }
        Files.createDirectories(out);
        Cpu cpu = cpu(null);
        Cpu.Snapshot before = cpu.snapshot();
        long start = System.nanoTime();
        String stat = ProcessRunner.run(out, Map.of(), List.of("sh", "-c", "xargs -P " + parallel + " -n " + perProcess
                + " curl -s --fail --remote-name-all < " + urls.toAbsolutePath() + "; cat /proc/$$/stat"));
        double seconds = (System.nanoTime() - start) / 1e9;
        Cpu.Usage usage = Cpu.between(before, cpu.snapshot());
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
        double curlUser = Long.parseLong(f[13]) / 100.0;
        double curlSystem = Long.parseLong(f[14]) / 100.0;
        long got;
        try (Stream<Path> s = Files.list(out)) {
            got = s.count();
        }
        if (got != count) {
            throw new IllegalStateException(what + " fetched " + got + " files, not " + count);
        }
        double mibs = bytes / 1048576.0 / seconds;
        System.out.printf("  %-40s %6.2f s  %7.1f MiB/s  (load %s)%n", what, seconds, mibs, loadAverage());
        System.out.printf("  %-40s CPU s: curl %.2f (user %.2f, system %.2f), file server %.2f; machine busy %.2f of %.2f%n",
                "", curlUser + curlSystem, curlUser, curlSystem, usage.group("files"), usage.machineBusySeconds(),
                usage.seconds() * usage.cores());
        return mibs;
    }

    /** CPU accounting of the file server and, when given, a Baton server. */
    private Cpu cpu(Server server) {
        Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
        groups.put("files", () -> List.of(filePid));
        if (server != null) {
            groups.put("server", () -> List.of(server.pid()));
        }
        return new Cpu(groups);
    }

    /**
     * A fresh server syncs the measured remote; {@code warm}: after syncing the warm-up remote first, as a server
     * that has been running does (its JIT compiled the sync's code), which the curl side gets by its warm-up pass.
     */
    private double fullSync(int count, long bytes, int round, boolean warm) throws Exception {
        try (Server server = Server.start(this, "throughput-" + round + (warm ? "-warm" : "-fresh"))) {
            if (warm) {
                server.addRemote("warmup");
                server.sync("warmup", Duration.ofMinutes(30)).requireOk(warmupPackages, warmupPackages);
            }
            server.addRemote("throughput");
            Cpu cpu = cpu(server);
            Cpu.Snapshot before = cpu.snapshot();
            double jitBefore = Cpu.compilerSeconds(server.pid());
            Map<String, Long> threadsBefore = threadTicks(server.pid());
            SyncRun run = server.sync("throughput", Duration.ofMinutes(30));
            Cpu.Usage usage = Cpu.between(before, cpu.snapshot());
            Map<String, Long> threads = threadTicks(server.pid());
            threadsBefore.forEach((name, ticks) -> threads.merge(name, -ticks, Long::sum));
            run.requireOk(count, count);
            double mibs = bytes / 1048576.0 / run.jobSeconds();
            System.out.printf("  %-40s %6.2f s  %7.1f MiB/s  (job created -> finished; seen by the driver in %.2f s; "
                    + "load %s)%n", warm ? "Baton remote-sync, warm server" : "Baton remote-sync, fresh server", run.jobSeconds(), mibs, run.wallSeconds(), loadAverage());
            System.out.printf("  %-40s CPU s: server %.2f (system %.2f, JIT compiler threads %.2f), file server %.2f; "
                    + "machine busy %.2f of %.2f%n", "", usage.group("server"), usage.system("server"),
                    Cpu.compilerSeconds(server.pid()) - jitBefore, usage.group("files"), usage.machineBusySeconds(),
                    usage.seconds() * usage.cores());
            StringBuilder top = new StringBuilder();
            threads.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .forEach(e -> top.append(top.isEmpty() ? "" : ", ").append(e.getKey())
                            .append(String.format(Locale.ROOT, " %.2f", e.getValue() / 100.0)));
            System.out.printf("  %-40s server threads, CPU s: %s%n", "", top);
            return mibs;
        }
    }

    /** CPU ticks of a process's threads so far, by thread name with its numbers left out (the pool, not the worker). */
    private static Map<String, Long> threadTicks(long pid) throws IOException {
        Map<String, Long> ticks = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    private void resync() throws Exception {
        System.out.printf("%nre-sync of an unchanged remote of %d packages%n", resyncPackages);
        try (Server server = Server.start(this, "resync")) {
            server.addRemote("resync");
            SyncRun first = server.sync("resync", Duration.ofMinutes(60));
            first.requireOk(resyncPackages, resyncPackages);
            System.out.printf("  first sync (fetches all): %.1f s, %.1f packages/s (load %s)%n", first.jobSeconds(),
                    resyncPackages / first.jobSeconds(), loadAverage());
            double[] job = new double[7];
            double[] wall = new double[job.length];
            for (int i = 0; i < job.length; i++) {
                SyncRun again = server.sync("resync", Duration.ofMinutes(5));
                if (!again.message().equals("unchanged")) {
                    throw new IllegalStateException("the re-sync did not find the remote unchanged: " + again.message());
                }
                job[i] = again.jobSeconds();
                wall[i] = again.wallSeconds();
            }
            System.out.printf("  re-sync, unchanged: job created -> finished %s s; submit -> done seen by the "
                    + "driver %s s (load %s)%n", list(job), list(wall), loadAverage());
            double[] cli = new double[3];
            for (int i = 0; i < cli.length; i++) {
                long start = System.nanoTime();
                ProcessRunner.run(null, Map.of("BATON_ADMIN_PASSWORD", PASSWORD), List.of(javaBin().toString(),
                        "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "remote", "sync", "resync",
                        "--server", "http://127.0.0.1:" + server.port()));
                cli[i] = (System.nanoTime() - start) / 1e9;
            }
            double[] floor = new double[cli.length];
            for (int i = 0; i < floor.length; i++) {
                long start = System.nanoTime();
                ProcessRunner.run(null, Map.of(), List.of(javaBin().toString(), "--enable-native-access=ALL-UNNAMED",
                        "-jar", jar.toString(), "--version"));
                floor[i] = (System.nanoTime() - start) / 1e9;
            }
            System.out.printf("  re-sync through the CLI (java -jar baton.jar remote sync, JVM start included): %s s; "
                    + "the CLI's start alone (java -jar baton.jar --version): %s s%n", list(cli), list(floor));
            double worst = Arrays.stream(wall).max().orElseThrow();
            boolean ok = worst <= 1.0;
            met &= ok;
            summary.add(String.format("[%s] re-sync of an unchanged %d-package remote: submit -> done median %.3f s, "
                    + "worst %.3f s (job record: median %.3f s); CLI %.2f s median, of which its start %.2f s (target <= 1 s)",
                    ok ? "MET " : "MISS", resyncPackages, median(wall), worst, median(job), median(cli), median(floor)));
        }
    }

    private void heap() throws Exception {
        System.out.printf("%nheap: a sync of a remote whose primary lists %d packages, server -Xmx%s%s%n", heapPackages,
                xmx, heapSeconds > 0 ? ", stopped (job cancel) after " + heapSeconds + " s" : "");
        try (Server server = Server.start(this, "heap")) {
            server.addRemote("heap");
            SyncRun run = server.sync("heap", heapSeconds > 0 ? Duration.ofSeconds(heapSeconds) : Duration.ofMinutes(90),
                    heapSeconds > 0);
            String fetched;
            if (heapSeconds > 0 && run.job().path("state").asText().equals("cancelled")) {
                fetched = run.job().path("progress").path("done").asLong() + " of " + heapPackages
                        + " packages done when stopped (all listed, checked against the content store and queued)";
            } else {
                run.requireOk(heapPackages, heapPackages);
                fetched = "all " + heapPackages + " packages fetched";
            }
            String after = Jvm.jcmd(server.pid(), "GC.heap_info");
            long peak = 0;
            int collections = 0;
            for (String line : Files.readAllLines(server.gcLog())) {
                Matcher m = GC.matcher(line);
                if (m.find()) {
                    collections++;
                    peak = Math.max(peak, Long.parseLong(m.group(2)));
                }
            }
            System.out.printf("  %s in %.1f s; %d collections; peak heap used (largest before a collection) %d MiB; "
                    + "load %s%n  after: %s%n", fetched, run.jobSeconds(), collections, peak, loadAverage(),
                    after.lines().filter(l -> l.contains("used")).findFirst().orElse("?").strip());
            boolean ok = peak <= 256;
            met &= ok;
            summary.add(String.format("[%s] heap while syncing a %d-package remote (%s): peak %d MiB used before a "
                    + "collection, server -Xmx%s (target <= 256 MiB)", ok ? "MET " : "MISS", heapPackages, fetched,
                    peak, xmx));
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** A fresh Baton server with its own data directory, -Xmx and a GC log. */
    private record Server(SyncLoad load, ServerProcess process, Path gcLog, Path data) implements AutoCloseable {

        static Server start(SyncLoad load, String name) throws IOException {
            Path data = load.dir.resolve("data-" + name);
            Path gc = load.dir.resolve("gc-" + name + ".log");
            List<String> options = new ArrayList<>(List.of("-Xmx" + load.xmx, "-Xlog:gc:file=" + gc.toAbsolutePath()));
            if (load.jfr) {
                options.add("-XX:StartFlightRecording=settings=profile,jdk.ExecutionSample#period=2ms,jdk.Compilation#threshold=0ms,filename="
                        + load.dir.resolve("server-" + name + ".jfr").toAbsolutePath());
            }
            ServerProcess p = ServerProcess.start(javaBin(), load.jar, data, null, PASSWORD, options,
                    load.dir.resolve("server-" + name + ".log"));
            return new Server(load, p, gc, data);
        }

        int port() {
            return process.port();
        }

        long pid() {
            return process.pid();
        }

        void addRemote(String repo) throws Exception {
            var body = JSON.createObjectNode().put("name", repo)
                    .put("url", "http://127.0.0.1:" + load.filePort + "/" + repo + "/").put("keys", load.vendorKey)
                    .put("repo_gpgcheck", false);
            load.call(port(), "POST", "api/v3/remotes", body.toString(), 201);
        }

        SyncRun sync(String remote, Duration timeout) throws Exception {
            return sync(remote, timeout, false);
        }

        /** Submits the remote's sync and polls its job until it ends; at the timeout cancels it or fails. */
        SyncRun sync(String remote, Duration timeout, boolean cancelAtTimeout) throws Exception {
            long start = System.nanoTime();
            JsonNode job = load.call(port(), "POST", "api/v3/remotes/" + remote + "/sync", "{}", 202);
            long deadline = start + timeout.toNanos();
            while (true) {
                job = load.call(port(), "GET", "api/v3/jobs/" + job.path("id").asLong(), null, 200);
                String state = job.path("state").asText();
                if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                    return new SyncRun(job, (System.nanoTime() - start) / 1e9);
                }
                if (System.nanoTime() > deadline && cancelAtTimeout) {
                    load.call(port(), "POST", "api/v3/jobs/" + job.path("id").asLong() + "/cancel", "{}", 200);
                    cancelAtTimeout = false;
                    deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                } else if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the sync of " + remote + " did not end within " + timeout + ": " + job);
                }
                Thread.sleep(job.path("started_at").isNull() ? 5 : 50);
            }
        }

        @Override
        public void close() throws IOException {
            process.stop(30);
            ProcessRunner.run(null, Map.of(), List.of("rm", "-rf", data.toString()));
        }
    }

    private record SyncRun(JsonNode job, double wallSeconds) {
        double jobSeconds() {
            return Duration.between(Instant.parse(job.path("created_at").asText()),
                    Instant.parse(job.path("finished_at").asText())).toNanos() / 1e9;
        }

        String message() {
            return job.path("progress").path("message").asText();
        }

        void requireOk(int listed, int fetched) {
            String expected = "ok: " + listed + " packages listed, " + fetched + " fetched, 0 test failed";
            if (!job.path("state").asText().equals("succeeded") || !message().startsWith(expected)) {
                throw new IllegalStateException("the sync did not end as expected (" + expected + "): " + job);
            }
        }
    }

    private JsonNode call(int port, String method, String path, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String list(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(s.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return s.toString();
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
