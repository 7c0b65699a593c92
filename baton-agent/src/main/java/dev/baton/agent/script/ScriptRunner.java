package dev.baton.agent.script;

import dev.baton.agent.log.AgentLog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one script at a time, the way the seeds do and a little safer.
 *
 * <ul>
 *   <li>Each script starts in its own session and process group ({@code setsid}), so a time limit kills the
 *       whole group, children and grandchildren included: {@code SIGTERM} to the group, then {@code SIGKILL}
 *       after the grace period.</li>
 *   <li>The environment is exactly the map given (the caller builds a clean one); stdin is {@code /dev/null}.</li>
 *   <li>stdout and stderr are logged line by line, each prefixed with the script's name.</li>
 *   <li>Scripts of another user run through {@code sudo -n -u <user> env -i ...}, as DLMEngineUpdater does.</li>
 * </ul>
 *
 * <p>If the agent itself is killed, the script goes on running in its own group; that is deliberate (an
 * interrupted package install is worse than a finished one), and the next run of the phase starts after it.
 */
public final class ScriptRunner {

    private static final String SETSID = findSetsid();

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
        if (script.runAs() != null) {
            command.addAll(List.of("sudo", "-n", "-u", script.runAs(), "/usr/bin/env", "-i"));
            env.forEach((k, v) -> command.add(k + "=" + v));
        }
        command.add(script.path().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(env);
        if (script.runAs() != null && !env.containsKey("PATH")) {
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        }
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
        boolean timedOut = false;
        int exit;
        try {
            if (limit == null || limit.isZero()) {
                exit = process.waitFor();
            } else if (limit.isNegative() || !process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
                timedOut = true;
                log.error(label + ": time limit of " + limit.toSeconds() + " s exceeded; killing its process group");
                killGroup(process);
                exit = process.waitFor();
            } else {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killGroup(process);
            return new ScriptResult(label, 130, false, Duration.ofNanos(System.nanoTime() - started), "interrupted");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        try {
            reader.join(timedOut ? killGrace.toMillis() + 1000 : 2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reader.isAlive()) {
            log.warn(label + ": exited but processes it started in the background still hold its output; no longer logging it");
        }
        return new ScriptResult(label, exit, timedOut, took, null);
    }

    private void pump(Process process, String label) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.info("[" + label + "] " + line);
            }
        } catch (IOException e) {
            // the pipe closed: nothing more to log
        }
    }

    /** SIGTERM to the process group, then SIGKILL after the grace period (a group that ignores TERM still dies). */
    private void killGroup(Process process) {
        long pgid = process.pid();
        signalGroup("TERM", pgid);
        long deadline = System.nanoTime() + killGrace.toNanos();
        while (System.nanoTime() < deadline && groupAlive(pgid)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (groupAlive(pgid)) {
            signalGroup("KILL", pgid);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** Sends a signal to every process of group {@code pgid}; true when kill(1) succeeded. */
    static boolean signalGroup(String signal, long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any process of group {@code pgid} is still alive ({@code kill -0}). */
    static boolean groupAlive(long pgid) {
        return signalGroup("0", pgid);
    }
}
