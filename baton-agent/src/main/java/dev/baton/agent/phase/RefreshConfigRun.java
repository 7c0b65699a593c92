package dev.baton.agent.phase;

import dev.baton.agent.host.ExitCodes;
import dev.baton.agent.log.AgentLog;
import dev.baton.agent.script.Script;
import dev.baton.agent.script.ScriptResult;
import dev.baton.agent.script.ScriptRunner;
import dev.baton.agent.script.ScriptScan;
import dev.baton.agent.script.ScriptScanner;
import dev.baton.agent.script.SkippedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * os-refresh-config (seed 002) on the agent's phase engine: the phases {@code pre-configure}, {@code configure},
 * {@code post-configure}, {@code migration} run from {@code <base>/<phase>.d} with dib-run-parts' rules
 * ({@link ScriptScanner.Rules#RUN_PARTS}); {@code <base>/environment.d/*} is sourced before each script when it
 * exists. The first failing script stops the run: the scripts of {@code error.d} then run with
 * {@code BATON_FAILED_PHASE}, {@code BATON_FAILED_SCRIPT} and {@code BATON_FAILED_EXIT_CODE} in their environment
 * (the original told them nothing), and the exit code is 1. A total time limit, when given, kills the running
 * script's process group and counts as a failure of that script.
 */
public final class RefreshConfigRun {

    public static final List<String> PHASES = List.of("pre-configure", "configure", "post-configure", "migration");
    public static final Path DEFAULT_BASE = Path.of("/usr/libexec/os-refresh-config");
    public static final Path OLD_BASE = Path.of("/opt/stack/os-config-refresh");

    private final Path base;
    private final AgentLog log;
    private final Map<String, String> env;
    private final Duration timeout;
    private final String runId;
    private final ScriptScanner scanner = new ScriptScanner(ScriptScanner.currentUid());
    private final ScriptRunner runner;

    /**
     * @param env     the environment scripts inherit (os-refresh-config passes its own on)
     * @param timeout for the whole run; zero for none
     */
    public RefreshConfigRun(Path base, AgentLog log, Map<String, String> env, Duration timeout, String runId) {
        this.base = base;
        this.log = log;
        this.env = env;
        this.timeout = timeout;
        this.runId = runId;
        this.runner = new ScriptRunner(log, Duration.ZERO, Duration.ofSeconds(5));
    }

    /** The base directory: {@code OS_REFRESH_CONFIG_BASE_DIR}, else the default, else the old default if only it exists. */
    public static Path base(Map<String, String> env) {
        String b = env.get("OS_REFRESH_CONFIG_BASE_DIR");
        if (b != null && !b.isBlank()) {
            return Path.of(b);
        }
        if (!Files.isDirectory(DEFAULT_BASE) && Files.isDirectory(OLD_BASE)) {
            return OLD_BASE;
        }
        return DEFAULT_BASE;
    }

    public ScriptScan scan(String phase) {
        return scanner.scan(base.resolve(phase + ".d"), ScriptScanner.Rules.RUN_PARTS);
    }

    public int run() {
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        for (String phase : PHASES) {
            ScriptScan scan = scan(phase);
            logSkipped(scan);
            if (scan.missing()) {
                log.debug(phase + ": " + scan.dir() + " does not exist");
                continue;
            }
            log.info("phase " + phase + ": " + scan.scripts().size() + " scripts");
            for (Script s : scan.scripts()) {
                Duration limit = Duration.ZERO;
                if (deadline != Long.MAX_VALUE) {
                    limit = Duration.ofNanos(deadline - System.nanoTime());
                    if (limit.isNegative() || limit.isZero()) {
                        log.error(phase + ": the time limit of " + timeout.toSeconds() + " s ran out before " + s.name());
                        return failed(phase, s.name(), 124);
                    }
                }
                log.info(phase + ": running " + s.name());
                ScriptResult r = runWithEnvironment(s, environment(phase, s.name(), null), limit);
                if (!r.ok()) {
                    log.error(phase + ": " + s.name() + " " + r.describe());
                    return failed(phase, s.name(), r.timedOut() ? 124 : r.exitCode());
                }
            }
        }
        log.info("all phases done");
        return ExitCodes.OK;
    }

    private int failed(String phase, String script, int exitCode) {
        ScriptScan errors = scan("error");
        logSkipped(errors);
        Map<String, String> failed = new LinkedHashMap<>();
        failed.put("BATON_FAILED_PHASE", phase);
        failed.put("BATON_FAILED_SCRIPT", script);
        failed.put("BATON_FAILED_EXIT_CODE", Integer.toString(exitCode));
        for (Script s : errors.scripts()) {
            log.info("error: running " + s.name());
            ScriptResult r = runWithEnvironment(s, environment("error", s.name(), failed), Duration.ZERO);
            if (!r.ok()) {
                log.warn("error handler " + s.name() + " " + r.describe());
            }
        }
        return ExitCodes.FAILURE;
    }

    private Map<String, String> environment(String phase, String script, Map<String, String> extra) {
        Map<String, String> e = new LinkedHashMap<>(env);
        e.put("BATON_PHASE", phase);
        e.put("BATON_SCRIPT", script);
        e.put("BATON_RUN_ID", runId);
        if (extra != null) {
            e.putAll(extra);
        }
        return e;
    }

    /** Sources {@code <base>/environment.d/*} in a shell first (dib-run-parts does), when that directory exists. */
    private ScriptResult runWithEnvironment(Script s, Map<String, String> environment, Duration limit) {
        Path envDir = base.resolve("environment.d");
        if (!Files.isDirectory(envDir)) {
            return runner.run(s, List.of(), environment, limit);
        }
        Script wrapped = new Script(Path.of("/bin/sh"), s.name(), null);
        List<String> args = new ArrayList<>(List.of("-c",
                "for f in \"$1\"/*; do [ -f \"$f\" ] && . \"$f\"; done; shift; exec \"$@\"", "sh", envDir.toString(), s.path().toString()));
        return runner.run(wrapped, args, environment, limit);
    }

    private void logSkipped(ScriptScan scan) {
        for (SkippedFile f : scan.skipped()) {
            log.warn("skipping " + f);
        }
    }
}
