package dev.baton.demo;

import dev.baton.auth.Role;
import dev.baton.lock.LockEvent;
import dev.baton.lock.LockView;
import dev.baton.lock.Locks;
import dev.baton.progress.RunReport;
import dev.baton.server.BatonServer;
import dev.baton.server.ServerSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code baton demo}: a server and a dozen simulated hosts, each a real agent process with its own
 * state, rolling through an update two at a time. One host fails in post_update and keeps its slot;
 * the demo shows the wave going on with the one slot left, then an operator releasing the failed
 * host and the host finishing after a fix, and ends with the timeline of the lock's history.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs a rolling update of simulated hosts against a fresh Baton server, live.",
                "Each host is a real baton-agent run (its own process, state file and scripts) in a 2-slot group."},
        footer = {"", "Exit codes: 0 the demo ran to the end; 1 something in it did not behave as shown."})
public final class DemoCommand implements Callable<Integer> {

    private static final String LOCK = "web";

    @Option(names = "--hosts", defaultValue = "12", description = "How many hosts (default: ${DEFAULT-VALUE}).")
    int hostCount;

    @Option(names = "--slots", defaultValue = "2", description = "Hosts updated at once (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--pace", defaultValue = "1.0", description = "Scales every script's sleep; 0.2 runs five times faster (default: ${DEFAULT-VALUE}).")
    double pace;

    @Option(names = "--failing-host", defaultValue = "7", description = "Which host fails in post_update (1-based; 0: none; default: ${DEFAULT-VALUE}).")
    int failingHost;

    @Option(names = "--dir", description = "Where the server's data and the hosts' directories go (default: a new temporary directory).")
    Path dir;

    @Option(names = "--plain", description = "Print changes line by line instead of redrawing a board (the default without a terminal).")
    boolean plain;

    @Spec
    CommandSpec spec;

    private final Map<String, String> shown = new ConcurrentHashMap<>();
    private Instant start;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean board = !plain && System.console() != null;
        Path root = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("baton-demo-");
        String password = dev.baton.auth.SecretHasher.newSecret();
        try (BatonServer server = BatonServer.start(ServerSettings.defaults().withPort(0)
                .withStore(root.resolve("server-data"), null).withAdminPassword(password))) {
            String url = "http://127.0.0.1:" + server.port();
            Locks locks = server.locks();
            locks.policy().setSlots(LOCK, slots, "demo");
            List<DemoHost> hosts = createHosts(server, root, url);
            start = Instant.now();
            out.printf("Baton demo: server %s, data in %s%n", url, root);
            out.printf("%d hosts, lock '%s' with %d slots; host %s will fail in post_update.%n%n", hosts.size(), LOCK, slots,
                    failingHost > 0 ? hosts.get(failingHost - 1).name : "none");
            out.flush();

            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            Map<DemoHost, Future<Integer>> runs = new LinkedHashMap<>();
            for (DemoHost host : hosts) {
                runs.put(host, pool.submit(() -> updateHost(host)));
                Thread.sleep((long) (500 * pace)); // a little apart, so the queue order is easy to follow
            }
            DemoHost failed = failingHost > 0 ? hosts.get(failingHost - 1) : null;
            watch(out, board, server, hosts, () -> runs.entrySet().stream()
                    .allMatch(e -> e.getValue().isDone() || e.getKey() == failed && isStuck(e.getKey(), locks)));
            boolean ok = true;
            if (failed != null) {
                ok = operatorStep(out, board, server, hosts, failed, runs.get(failed));
            }
            for (var e : runs.entrySet()) {
                // The failing host's first run exits 1 by design; its rerun is checked in operatorStep.
                ok &= e.getKey() == failed || e.getValue().get() == 0;
            }
            pool.shutdown();
            render(out, board, server, hosts);
            timeline(out, locks);
            ok &= locks.reader().show(LOCK).map(v -> v.holders().isEmpty()).orElse(false);
            out.println(ok ? "\nEvery host is updated and the lock is free." : "\nThe demo did not end as expected; see above.");
            return ok ? 0 : 1;
        }
    }

    private List<DemoHost> createHosts(BatonServer server, Path root, String url) {
        List<DemoHost> hosts = new ArrayList<>();
        for (int i = 1; i <= hostCount; i++) {
            String name = String.format("web-%02d.demo", i);
            var host = new DemoHost(name, root.resolve("hosts").resolve(name), i == failingHost);
            var credential = server.auth().createCredential(name, Role.HOST, Set.of(name));
            host.create(url, credential.credential().id(), credential.secret(), LOCK, pace);
            hosts.add(host);
        }
        return hosts;
    }

    /** One host's update: an agent run, and after a reboot the boot-time run, as systemd would start them. */
    private int updateHost(DemoHost host) throws IOException, InterruptedException {
        int code = agent(host, "run");
        if (code == 0 && host.rebooted() && host.nextPhase().equals("post_update")) {
            Thread.sleep((long) (400 * pace)); // the reboot
            code = agent(host, "run", "--after_reboot");
        }
        return code;
    }

    private int agent(DemoHost host, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "dev.baton.agent.AgentMain"));
        command.addAll(List.of(args));
        command.addAll(List.of("--cfg", host.dir.resolve("agent.ini").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(host.dir.resolve("agent.out").toFile())).start();
        int code = process.waitFor();
        synchronized (host.runs) {
            host.runs.add(String.join(" ", args) + " -> exit " + code);
        }
        return code;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private boolean isStuck(DemoHost host, Locks locks) {
        return host.lastRunFailed() && host.nextPhase().equals("post_update")
                && locks.reader().show(LOCK).map(v -> v.isHeldBy(host.name)).orElse(false);
    }

    private interface Condition {
        boolean met();
    }

    private void watch(PrintWriter out, boolean board, BatonServer server, List<DemoHost> hosts, Condition done)
            throws InterruptedException {
        while (!done.met()) {
            render(out, board, server, hosts);
            Thread.sleep(300);
        }
        render(out, board, server, hosts);
    }

    private boolean operatorStep(PrintWriter out, boolean board, BatonServer server, List<DemoHost> hosts,
                                 DemoHost failed, Future<Integer> firstRun) throws Exception {
        Locks locks = server.locks();
        LockView view = locks.reader().show(LOCK).orElseThrow();
        out.printf("%n%s failed in post_update and KEEPS its slot: %d of %d slots are blocked, so the wave cannot%n"
                        + "spread the failure. (With every slot blocked it stops entirely.)%n", failed.name,
                view.holders().size(), view.slots());
        out.printf("%nThe operator looks at the host, fixes it, and releases the slot:%n");
        out.printf("    ./baton lock force-release %s --holder %s --reason 'post_update health check failed; fixed by hand'%n", LOCK, failed.name);
        out.flush();
        firstRun.get();
        failed.fix();
        var released = locks.service().forceRelease(LOCK, failed.name, "operator", "post_update health check failed; fixed by hand");
        out.printf("    -> %s%n", released.released() ? "released" : released.status());
        out.printf("Then reruns the agent on %s: as its slot was released, it first takes one again (waiting behind the%n"
                + "others if need be), then resumes at post_update and finishes.%n%n", failed.name);
        out.flush();
        int code = agent(failed, "run");
        render(out, board, server, hosts);
        return released.released() && code == 0 && failed.nextPhase().equals("done");
    }

    private void render(PrintWriter out, boolean board, BatonServer server, List<DemoHost> hosts) {
        LockView lock = server.locks().reader().show(LOCK).orElseThrow();
        Map<String, RunReport> latest = new LinkedHashMap<>();
        server.progress().fleet().forEach(r -> latest.put(r.host(), r));
        List<String> lines = new ArrayList<>();
        for (DemoHost host : hosts) {
            String state;
            if (lock.isHeldBy(host.name)) {
                RunReport r = latest.get(host.name);
                state = (host.lastRunFailed() ? "FAILED, keeps its slot  " : "holds a slot  ") + describe(r);
            } else if (lock.waiters().stream().anyMatch(w -> w.holder().equals(host.name))) {
                int position = lock.waiters().stream().filter(w -> w.holder().equals(host.name)).findFirst().orElseThrow().position();
                state = "waiting (#" + position + " in the queue)";
            } else if (host.nextPhase().equals("done") && !host.runs.isEmpty()) {
                state = "done";
            } else {
                state = latest.containsKey(host.name) ? describe(latest.get(host.name)) : "starting";
            }
            lines.add(String.format("  %-13s %s", host.name, state));
        }
        String header = String.format("  lock %s: %d/%d slots held, %d waiting   [+%.1fs]", LOCK, lock.holders().size(),
                lock.slots(), lock.waiters().size(), Duration.between(start, Instant.now()).toMillis() / 1000.0);
        if (board) {
            out.print("\033[H\033[2J");
            out.println(header);
            lines.forEach(out::println);
        } else {
            for (int i = 0; i < hosts.size(); i++) {
                String name = hosts.get(i).name;
                String line = lines.get(i);
                if (!line.equals(shown.put(name, line))) {
                    out.printf("[+%5.1fs] %s%n", Duration.between(start, Instant.now()).toMillis() / 1000.0, line.strip());
                }
            }
        }
        out.flush();
    }

    private static String describe(RunReport r) {
        if (r == null) {
            return "";
        }
        return r.phase() + (r.script() != null ? " " + r.script() : "") + ": " + r.status();
    }

    private void timeline(PrintWriter out, Locks locks) {
        List<LockEvent> events = new ArrayList<>(locks.reader().events(LOCK, null, 1000).events());
        events.sort(Comparator.comparingLong(LockEvent::id));
        out.println();
        out.println("Timeline of lock '" + LOCK + "' (from its history):");
        for (LockEvent e : events) {
            out.printf("  +%6.1fs  %-13s %-14s %s%n", Math.max(0, Duration.between(start, e.at()).toMillis() / 1000.0),
                    e.type().wireName(), e.holder() == null ? "" : e.holder(),
                    (e.reason() == null ? "" : e.reason()) + (e.actor().equals(e.holder()) ? "" : "  (by " + e.actor() + ")"));
        }
    }
}
