package dev.baton.agent.script;

import dev.baton.agent.log.AgentLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Runs the scripts of the action phases (pre_update, update, post_update) so that each survives the agent and leaves
 * what the next run needs to know on disk. A killed agent ({@code kill -9}, {@code systemctl stop} with
 * {@code KillMode=process}, the OOM killer) leaves its script running in its own session; the next run must find it
 * rather than start it again beside it, and learn how it ended.
 *
 * <p>Each script runs under a small {@code /bin/sh} wrapper, the leader of a new session and process group
 * ({@code setsid}), that
 * <ol>
 *   <li>waits for the agent's go on its stdin; the agent gives it only after {@link Recorder#started} has recorded
 *       the group (its id and the wrapper's start time) in the state file, so no script runs unrecorded: if the agent
 *       dies before, the wrapper reads end-of-file and exits without starting the script;</li>
 *   <li>runs the script with stdin {@code /dev/null} and its output appended to {@link Records#outputFile}, not a pipe
 *       to the agent, so a script that prints after the agent died does not die of {@code SIGPIPE}; the agent follows
 *       the file and logs it line by line;</li>
 *   <li>writes "{@code <pgid> <exit status>}" to {@link Records#exitFile} (a temporary file renamed over it, so a
 *       reader sees all of it or nothing) when the script ends, whether the agent is there or not.</li>
 * </ol>
 * The time limit ends the whole group as {@link ScriptRunner#run} does. Without {@code setsid} or {@code /bin/sh}
 * scripts run through {@link ScriptRunner#run}, unrecorded.
 */
public final class RecordedRunner {

    /** The wrapper: {@code $1} the exit file, {@code $2} the output file, then the script's command line. */
    private static final String WRAPPER = """
            e=$1; o=$2; shift 2
            read -r go || exit 125
            exec </dev/null >>"$o" 2>&1
            "$@"
            rc=$?
            printf '%s %s\\n' "$$" "$rc" >"$e.tmp" && MV -f "$e.tmp" "$e"
            exit "$rc"
            """.replace("MV", Files.isExecutable(Path.of("/bin/mv")) ? "/bin/mv" : Files.isExecutable(Path.of("/usr/bin/mv")) ? "/usr/bin/mv" : "mv");

    /** Where a recorded script's exit status and output go: next to the state file, one script at a time. */
    public record Records(Path exitFile, Path outputFile) {

        /**
         * The exit status the wrapper of group {@code pgid} recorded; empty when it recorded none (it is still running,
         * was killed, or never started the script) or the file belongs to another group.
         */
        public OptionalInt exitStatus(long pgid) {
            try {
                String[] f = Files.readString(exitFile).strip().split(" ");
                if (f.length == 2 && Long.parseLong(f[0]) == pgid) {
                    return OptionalInt.of(Integer.parseInt(f[1]));
                }
            } catch (NoSuchFileException e) {
                return OptionalInt.empty();
            } catch (IOException | RuntimeException e) {
                return OptionalInt.empty();
            }
            return OptionalInt.empty();
        }
    }

    /** Records a started script's process group before the script may start. */
    @FunctionalInterface
    public interface Recorder {
        /**
         * @param pgid       the group's id (the wrapper's pid)
         * @param startTicks the wrapper's start time, clock ticks since boot; -1 when {@code /proc} does not say
         * @throws IOException when it cannot be recorded: then the script does not start
         */
        void started(long pgid, long startTicks) throws IOException;
    }

    private final ScriptRunner runner;

    public RecordedRunner(ScriptRunner runner) {
        this.runner = runner;
    }

    /** Runs {@code script} recorded as described above; never throws. */
    public ScriptResult run(Script script, List<String> args, Map<String, String> env, Records records, Recorder recorder) {
        AgentLog log = runner.log();
        String label = script.label();
        if (ScriptRunner.setsid() == null || ScriptRunner.shell() == null) {
            log.debug("no setsid or /bin/sh: " + label + " runs unrecorded");
            return runner.run(script, args, env);
        }
        try {
            Files.deleteIfExists(records.exitFile());
            Files.deleteIfExists(records.outputFile());
            Files.createFile(records.outputFile(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            return new ScriptResult(label, 127, false, Duration.ZERO, "cannot prepare " + records.outputFile() + ": " + e.getMessage());
        }
        List<String> command = new ArrayList<>(List.of(ScriptRunner.setsid(), ScriptRunner.shell(), "-c", WRAPPER, "baton-agent-script",
                records.exitFile().toString(), records.outputFile().toString()));
        command.addAll(ScriptRunner.command(script, args, env));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        ScriptRunner.environment(pb, script, env);
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new ScriptResult(label, 127, false, Duration.ZERO, e.getMessage());
        }
        long pgid = process.pid();
        try (OutputStream go = process.getOutputStream()) {
            OptionalLong ticks = ProcessTable.startTicks(pgid);
            try {
                recorder.started(pgid, ticks.orElse(-1));
            } catch (IOException e) {
                go.close(); // end-of-file: the wrapper exits without starting the script
                process.waitFor();
                return new ScriptResult(label, 127, false, Duration.ZERO, "not started: it could not be recorded (" + e.getMessage() + ")");
            }
            go.write("go\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the wrapper is gone already: its exit code says why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return new ScriptResult(label, 130, false, Duration.ZERO, "interrupted");
        }
        OutputTail tail = new OutputTail(records.outputFile(), 0, l -> log.info("[" + label + "] " + l.forLog())).start("output of " + label);
        ScriptRunner.Ended ended = runner.awaitEnd(process, label, runner.timeout());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        tail.stop();
        if (ended == null) {
            return new ScriptResult(label, 130, false, took, "interrupted");
        }
        int exit = records.exitStatus(pgid).orElse(ended.exit());
        try {
            Files.deleteIfExists(records.outputFile()); // logged; the exit file stays until the state has the result
        } catch (IOException e) {
            log.debug("cannot remove " + records.outputFile() + ": " + e.getMessage());
        }
        return new ScriptResult(label, exit, ended.timedOut(), took, null);
    }
}
