package dev.baton.app.agent;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A simulated host for end-to-end tests: its own directory with the phase directories, state file, local lock and
 * log, a configuration file, and {@code baton-agent} run as a real process (a child JVM running
 * {@code dev.baton.agent.AgentMain}, the installed program's main class, with the start-up flags of the launcher).
 * Every script it is given appends "{@code <host> <phase>/<script> <epoch-ns>}" to a journal shared by all hosts
 * of a test, so a test can see who ran what, in which order.
 */
final class AgentHost {

    /** Scripts a test writes are executable by their owner and writable by nobody else, as the agent requires. */
    private static final Set<java.nio.file.attribute.PosixFilePermission> SCRIPT = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "agent-reaper"));
    }

    /** Phase directories of the seeds' formats, in workflow order. */
    static final List<String> FOREMAN_DIRS = List.of("needs_update.d", "pre_update.d", "update.d", "needs_reboot.d", "post_update.d");
    static final List<String> DLM_DIRS = List.of("needs_update.d", "pre_update.d", "update.d", "needs_reboot.d", "post_update.d",
            "ext_notify.d", "on_failure.d");

    /** What one agent run did. */
    record Result(int exit, String out, String err, Duration took) {
        @Override
        public String toString() {
            return "exit " + exit + " after " + took.toMillis() + " ms\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    final String name;
    final Path dir;
    final Path journal;
    final Path config;
    private final AtomicInteger runs = new AtomicInteger();

    /**
     * @param name    the host's name: its holder id (and certificate CN)
     * @param journal the journal its scripts append to
     */
    AgentHost(Path root, String name, Path journal) {
        this.name = name;
        this.dir = root.resolve(name);
        this.journal = journal;
        this.config = dir.resolve("agent.ini");
        try {
            // the phase directories, as an install makes them: a run fails in a phase whose directory is missing
            for (String d : FOREMAN_DIRS) {
                Files.createDirectories(dir.resolve(d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path state() {
        return dir.resolve("state");
    }

    /** The first line of the state file (the next phase), or "" when there is none. */
    String nextPhase() {
        return Files.exists(state()) ? read(state()).lines().findFirst().orElse("") : "";
    }

    String log() {
        return read(dir.resolve("agent.log"));
    }

    /** The config lines every format shares: where this host keeps its state, local lock and log. */
    String localFiles() {
        return "state = " + state() + "\nlock = " + dir.resolve("agent.lock") + "\nlog = " + dir.resolve("agent.log") + "\n";
    }

    /** Config lines naming each phase directory explicitly (the seeds' INI formats have no base_dir). */
    String phaseDirs(List<String> keys) {
        StringBuilder b = new StringBuilder();
        keys.forEach(k -> b.append(k).append(" = ").append(dir.resolve(k)).append('\n'));
        return b.toString();
    }

    /** Baton's own format for this host, plus {@code extra} lines. */
    AgentHost batonConfig(String server, String lock, String extra) {
        return writeConfig("[baton]\nserver = " + server + "\nlock_name = " + lock + "\nholder = " + name + "\nbase_dir = " + dir + "\n"
                + localFiles() + "reboot_cmd = " + rebootRecorder() + "\n" + extra);
    }

    AgentHost writeConfig(String text) {
        write(config, text);
        return this;
    }

    /** A reboot command that records the reboot in the journal and exits 0, as if the host went down now. */
    String rebootRecorder() {
        return "echo \"" + name + " reboot/reboot_cmd $(date +%s%N)\" >> " + journal;
    }

    /** A script that records itself in the journal and exits {@code exit}. */
    Path script(String phase, String script, int exit) {
        return script(phase, script, "exit " + exit);
    }

    /** A script that records itself in the journal, then runs {@code body}. */
    Path script(String phase, String script, String body) {
        return rawScript(phase, script, "echo \"" + name + " $BATON_PHASE/" + script + " $(date +%s%N)\" >> " + journal + "\n" + body);
    }

    /** A script with exactly this body (after {@code #!/bin/sh}). */
    Path rawScript(String phase, String script, String body) {
        Path file = dir.resolve(phase + ".d").resolve(script);
        write(file, "#!/bin/sh\n" + body + "\n");
        try {
            Files.setPosixFilePermissions(file, SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Runs {@code baton-agent <command> --cfg <config> args} to its end. */
    Result run(String command, String... args) {
        return start(command, args).join();
    }

    /** Starts {@code baton-agent <command> --cfg <config> args}; completes when it exits (killed after 120 s). */
    CompletableFuture<Result> start(String command, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(FAST_START);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.baton.agent.AgentMain");
        cmd.add(command);
        cmd.add("--cfg");
        cmd.add(config.toString());
        cmd.addAll(List.of(args));
        int n = runs.incrementAndGet();
        File out = dir.resolve("run-" + n + ".out").toFile();
        File err = dir.resolve("run-" + n + ".err").toFile();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // nothing of this JVM's environment that would change what the agent does (dotenv overrides)
        pb.environment().keySet().removeIf(k -> k.startsWith("BATON_") || k.toLowerCase().startsWith("main_")
                || k.toLowerCase().startsWith("plugin_"));
        long started = System.nanoTime();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LIVE.add(p);
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError(name + ": baton-agent " + command + " did not finish within 120 s\n"
                            + read(out.toPath()) + read(err.toPath()));
                }
                Result r = new Result(p.exitValue(), read(out.toPath()), read(err.toPath()), Duration.ofNanos(System.nanoTime() - started));
                // for the test report (target/surefire-reports/*-output.txt): what each run did
                System.out.println("=== " + name + ": baton-agent " + command + " " + String.join(" ", args) + ": " + r);
                return r;
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } finally {
                LIVE.remove(p);
            }
        }, task -> Thread.ofPlatform().daemon().name("agent-" + name).start(task));
    }

    /** What this host's scripts ran, in order, as "phase/script". */
    List<String> ran() {
        return entries(journal).stream().filter(e -> e.startsWith(name + " ")).map(e -> e.substring(name.length() + 1)).toList();
    }

    /** When this host's script "phase/script" first ran, in epoch nanoseconds. */
    long when(String entry) {
        return when(journal, name + " " + entry);
    }

    /** The journal's entries "host phase/script" (time stamps dropped), in order. */
    static List<String> entries(Path journal) {
        return lines(journal).stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList();
    }

    /** The journal's lines, each "host phase/script epoch-ns". */
    static List<String> lines(Path journal) {
        return Files.exists(journal) ? read(journal).lines().toList() : List.of();
    }

    /** When the first journal entry starting with {@code prefix} was written, in epoch nanoseconds. */
    static long when(Path journal, String prefix) {
        return lines(journal).stream().filter(l -> l.startsWith(prefix + " ")).findFirst()
                .map(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)))
                .orElseThrow(() -> new AssertionError("no journal entry " + prefix + " in " + lines(journal)));
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
