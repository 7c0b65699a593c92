package dev.baton.agent.script;

import dev.baton.agent.log.AgentLog;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs one script at a time, the way the seeds do and a little safer.
 *
 * <ul>
 *   <li>Each script starts in its own session and process group ({@code setsid}), so a time limit kills the
 *       whole group, children and grandchildren included: {@code SIGTERM} to the group, then {@code SIGKILL}
 *       after the grace period.</li>
 *   <li>The environment is exactly the map given (the caller builds a clean one); stdin is {@code /dev/null}.</li>
 *   <li>stdout and stderr are logged line by line, each prefixed with the script's name and cut after
 *       {@link OutputLines#MAX_LINE_BYTES} bytes (saying how many were cut).</li>
 *   <li>Scripts of another user run through {@code sudo -n -u <user> env -i ...}, as DLMEngineUpdater does.</li>
 * </ul>
 *
 * <p>If the agent itself is killed, the script goes on running in its own group; that is deliberate (an
 * interrupted package install is worse than a finished one). Scripts that change the host run through
 * {@link RecordedRunner}, which leaves on disk what the next run needs to find such a script and learn how it ended;
 * the output of a script run here goes through a pipe to the agent and ends with it.
 *
 * <p>{@link #runAll} runs the read-only checks (needs_update, needs_reboot) one after another in a single
 * {@code /bin/sh}: one process per script, as {@code run-parts} does, instead of three (the JVM's
 * {@code jspawnhelper}, {@code setsid}, the script), which on a virtual machine cost nearly as much each as the
 * script itself. See its documentation for what differs.
 */
public final class ScriptRunner {

    private static final String SETSID = findSetsid();
    private static final String SH = Files.isExecutable(Path.of("/bin/sh")) ? "/bin/sh" : null;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final AgentLog log;
    private final Duration timeout;
    private final Duration killGrace;

    /**
     * @param timeout   time limit per script; {@link Duration#ZERO} for none
     * @param killGrace time between {@code SIGTERM} and {@code SIGKILL} on a timeout
     */
    public ScriptRunner(AgentLog log, Duration timeout, Duration killGrace) {
        this.log = log;
        this.timeout = timeout;
        this.killGrace = killGrace;
    }

    private static String findSetsid() {
        for (String p : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return null;
    }

    /** Runs {@code script} with {@code args} and exactly the environment {@code env}; never throws. */
    public ScriptResult run(Script script, List<String> args, Map<String, String> env) {
        return run(script, args, env, timeout);
    }

    /** Like {@link #run(Script, List, Map)} with its own time limit (the rest of a total budget). */
    public ScriptResult run(Script script, List<String> args, Map<String, String> env, Duration limit) {
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID);
        }
        command.addAll(command(script, args, env));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        environment(pb, script, env);
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new ScriptResult(script.label(), 127, false, Duration.ZERO, e.getMessage());
        }
        String label = script.label();
        Thread reader = new Thread(() -> pump(process, label), "output of " + label);
        reader.setDaemon(true);
        reader.start();
        Ended ended = awaitEnd(process, label, limit);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (ended == null) {
            return new ScriptResult(label, 130, false, took, "interrupted");
        }
        try {
            reader.join(ended.timedOut() ? killGrace.toMillis() + 1000 : 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            log.warn(label + ": exited but processes it started in the background still hold its output; no longer logging it");
        }
        return new ScriptResult(label, ended.exit(), ended.timedOut(), took, null);
    }

    /** The script's own command line: through {@code sudo -n -u USER env -i VARS...} for another user's scripts. */
    static List<String> command(Script script, List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        if (script.runAs() != null) {
            command.addAll(List.of("sudo", "-n", "-u", script.runAs(), "/usr/bin/env", "-i"));
            env.forEach((k, v) -> command.add(k + "=" + v));
        }
        command.add(script.path().toString());
        command.addAll(args);
        return command;
    }

    /** Exactly {@code env} (and a PATH for sudo when it has none). */
    static void environment(ProcessBuilder pb, Script script, Map<String, String> env) {
        pb.environment().clear();
        pb.environment().putAll(env);
        if (script.runAs() != null && !env.containsKey("PATH")) {
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
    }

    /** How a process ended: its exit code, and whether the time limit ended it. */
    record Ended(int exit, boolean timedOut) {
    }

    /**
     * Waits for {@code process} (the leader of its own process group) within {@code limit} (none when zero); past it,
     * ends the whole group ({@code SIGTERM}, then {@code SIGKILL} after the grace period). Null when this thread was
     * interrupted (the group is ended too).
     */
    Ended awaitEnd(Process process, String label, Duration limit) {
        try {
            if (limit == null || limit.isZero()) {
                return new Ended(process.waitFor(), false);
            }
            if (limit.isNegative() || !process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                log.error(label + ": time limit of " + limit.toSeconds() + " s exceeded; killing its process group (TERM, then KILL after "
                        + killGrace.toSeconds() + " s)");
                killGroup(process);
                return new Ended(process.waitFor(), true);
            }
            return new Ended(process.exitValue(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killGroup(process);
            return null;
        }
    }

    /** {@code setsid}, when this host has it (util-linux); null when not. */
    static String setsid() {
        return SETSID;
    }

    /** {@code /bin/sh}, when this host has it; null when not. */
    static String shell() {
        return SH;
    }

    Duration timeout() {
        return timeout;
    }

    AgentLog log() {
        return log;
    }

    /** Told about each script of {@link #runAll} as it starts and ends, on the caller's thread, in order. */
    public interface Listener {
        void started(Script script);

        void finished(Script script, ScriptResult result);
    }

    /**
     * Runs {@code scripts} one after another, each with the environment {@code env} plus {@code nameVariable} set to
     * its file name, its output logged line by line with its name, stdin {@code /dev/null}; returns every result, in
     * order, and tells {@code listener} about each as it ends. Never throws.
     *
     * <p>With {@code together} (and when this runner has no time limit, no script runs as another user and
     * {@code /bin/sh} exists), all of them run from one {@code /bin/sh} that the JVM starts once: per script one
     * fork and exec, like {@code run-parts}. The differences from {@link #run}: the scripts share the shell's
     * session and process group instead of each having its own (no time limit needs one), they also see what
     * {@code /bin/sh} exports ({@code PWD}), and the listener learns of a
     * result only after the script ended while the next one may already be running, so the caller must not need to
     * act between two scripts (an {@code ext_notify.d} hook does; its caller passes {@code together = false}).
     * Otherwise, and if the shell cannot be started, each script runs through {@link #run}.
     */
    public List<ScriptResult> runAll(List<Script> scripts, Map<String, String> env, String nameVariable, boolean together,
                                     Listener listener) {
        boolean oneShell = together && SH != null && (timeout == null || timeout.isZero()) && VARIABLE.matcher(nameVariable).matches()
                && scripts.stream().allMatch(s -> s.runAs() == null);
        if (oneShell && !scripts.isEmpty()) {
            List<ScriptResult> results = runInOneShell(scripts, env, nameVariable, listener);
            if (results != null) {
                return results;
            }
        }
        List<ScriptResult> results = new ArrayList<>();
        for (Script s : scripts) {
            listener.started(s);
            Map<String, String> e = new HashMap<>(env);
            e.put(nameVariable, s.name());
            ScriptResult r = run(s, List.of(), e);
            results.add(r);
            listener.finished(s, r);
        }
        return results;
    }

    /** A line of output and when it was read ({@link System#nanoTime()}). */
    private record Line(String text, long at) {
    }

    /** The one-shell way of {@link #runAll}; null when the shell could not be started (nothing ran). */
    private List<ScriptResult> runInOneShell(List<Script> scripts, Map<String, String> env, String nameVariable, Listener listener) {
        // markers on lines of their own, with a random part no script can guess: "<m> S" before, "<m> E <code>" after
        String marker = "\u001ebaton-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        String startLine = marker + " S";
        String endPrefix = marker + " E ";
        String program = "m=$1; shift\nfor p do\n  printf '%s S\\n' \"$m\"\n  " + nameVariable + "=\"${p##*/}\" \"$p\" </dev/null 2>&1\n"
                + "  printf '\\n%s E %d\\n' \"$m\" \"$?\"\ndone\n";
        List<String> command = new ArrayList<>();
        if (SETSID != null) {
            command.add(SETSID); // the shell and its scripts in a session of their own, away from the agent's signals
        }
        command.addAll(List.of(SH, "-c", program, "baton-agent-checks", marker));
        scripts.forEach(s -> command.add(s.path().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(env);
        pb.environment().remove(nameVariable);
        Process shell;
        try {
            shell = pb.start();
        } catch (IOException e) {
            log.debug("cannot start " + SH + " for the checks (" + e.getMessage() + "); running them one by one");
            return null;
        }
        // each line with the time it was read (so a script's duration does not depend on when this thread looks)
        BlockingQueue<Line> lines = new LinkedBlockingQueue<>();
        Line eof = new Line(null, 0);
        Thread reader = new Thread(() -> {
            try {
                read(shell.getInputStream(), l -> lines.add(new Line(l.forLog(), System.nanoTime())));
            } finally {
                lines.add(eof);
            }
        }, "output of checks");
        reader.setDaemon(true);
        reader.start();

        List<ScriptResult> results = new ArrayList<>();
        Script current = null;
        long started = 0;
        boolean blank = false; // an empty line held back: the one before an end marker is the shell's, not the script's
        long exitedAt = 0;
        try {
            while (results.size() < scripts.size()) {
                Line read = lines.poll(200, TimeUnit.MILLISECONDS);
                if (read == null) {
                    // the shell is gone but the output stays open: a background process of a script holds it
                    if (!shell.isAlive()) {
                        exitedAt = exitedAt == 0 ? System.nanoTime() : exitedAt;
                        if (System.nanoTime() - exitedAt > TimeUnit.SECONDS.toNanos(2)) {
                            break;
                        }
                    }
                    continue;
                }
                if (read == eof) {
                    break;
                }
                String line = read.text();
                if (line.equals(startLine) && current == null) {
                    current = scripts.get(results.size());
                    started = read.at();
                    listener.started(current);
                } else if (line.startsWith(endPrefix) && current != null) {
                    blank = false;
                    int code;
                    try {
                        code = Integer.parseInt(line.substring(endPrefix.length()).strip());
                    } catch (NumberFormatException e) {
                        code = 255;
                    }
                    ScriptResult r = new ScriptResult(current.label(), code, false, Duration.ofNanos(read.at() - started), null);
                    results.add(r);
                    listener.finished(current, r);
                    current = null;
                } else {
                    String label = current != null ? current.label() : "checks";
                    if (blank) {
                        log.info("[" + label + "] ");
                        blank = false;
                    }
                    if (line.isEmpty()) {
                        blank = true;
                    } else {
                        log.info("[" + label + "] " + line);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly();
        }
        // whatever did not report an end: the shell ended early (killed) or we were interrupted
        while (results.size() < scripts.size()) {
            Script s = scripts.get(results.size());
            String why = Thread.currentThread().isInterrupted() ? "interrupted" : SH + " running the checks ended before this script did";
            ScriptResult r = new ScriptResult(s.label(), 127, false, Duration.ZERO, why);
            results.add(r);
            if (s != current) {
                listener.started(s);
            }
            listener.finished(s, r);
            current = null;
        }
        try {
            if (!shell.waitFor(2, TimeUnit.SECONDS)) {
                log.warn(SH + " running the checks did not exit; leaving it");
            }
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            log.warn("checks ended but processes they started in the background still hold their output; no longer logging it");
        }
        return results;
    }

    private void pump(Process process, String label) {
        read(process.getInputStream(), l -> log.info("[" + label + "] " + l.forLog()));
    }

    /** Reads {@code in} to its end, line by line, each line capped at {@link OutputLines#MAX_LINE_BYTES}. */
    static void read(InputStream in, java.util.function.Consumer<OutputLines.Line> sink) {
        OutputLines lines = new OutputLines(OutputLines.MAX_LINE_BYTES, sink);
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                lines.feed(buffer, 0, n);
            }
        } catch (IOException e) {
            // the pipe closed: nothing more to read
        }
        lines.finish();
    }

    /** SIGTERM to the process group, then SIGKILL after the grace period (a group that ignores TERM still dies). */
    private void killGroup(Process process) {
        ProcessGroup.terminate(process.pid(), killGrace);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
