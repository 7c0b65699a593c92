package dev.baton.agent.config;

import dev.baton.agent.log.Level;
import dev.baton.agent.schedule.DateConstraint;
import dev.baton.agent.schedule.MaintenanceWindow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent needs to know, whichever file format it came from. Built by {@link ConfigLoader};
 * every setting's meaning, default and unit is documented there, next to the key that sets it.
 *
 * @param dirs           script directory per key ({@code needs_update.d}, ..., {@code on_failure.d}); a key
 *                       that is absent means the phase has no scripts
 * @param holder         the holder id sent to the lock server; null means "the host's FQDN"
 * @param group          FleetLock group (defaults to the lock name)
 * @param rebootCmd      the reboot command (run through {@code /bin/sh -c}); null means "run {@code reboot.d}"
 * @param scriptTimeout  per-script time limit; {@link Duration#ZERO} means none
 * @param dateConstraint from the file; the command line's {@code --date_constraint} replaces it; may be null
 * @param window         when a new run may start; null means any time
 */
public record AgentConfig(
        Path file, ConfigFormat format,
        Path log, Level logLevel, int logRetention,
        Path instanceLock, Path state,
        String lockName, LockProtocol protocol, URI endpoint,
        String secretId, String secret,
        Path ca, Path clientCert, Path clientKey,
        String orgId, String holder, String group,
        boolean waitForLock, Duration waitMax, Duration retryMin, Duration retryMax,
        Map<String, Path> dirs, String rebootCmd, List<String> userScriptUsers,
        Duration scriptTimeout, DateConstraint dateConstraint, MaintenanceWindow window,
        boolean report) {

    /** The script directory keys, in workflow order. */
    public static final List<String> DIR_KEYS = List.of("needs_update.d", "pre_update.d", "update.d", "needs_reboot.d",
            "reboot.d", "post_update.d", "ext_notify.d", "on_failure.d");

    public AgentConfig {
        dirs = Map.copyOf(dirs);
        userScriptUsers = List.copyOf(userScriptUsers);
    }

    /** The directory for {@code key} ({@code "update.d"}), or null. */
    public Path dir(String key) {
        return dirs.get(key);
    }

    /** The last-run record kept next to the state file. */
    public Path lastRunFile() {
        return state.resolveSibling(state.getFileName() + ".last-run");
    }

    /** Where a running action script's exit status is recorded when it ends, next to the state file. */
    public Path scriptExitFile() {
        return state.resolveSibling(state.getFileName() + ".script-exit");
    }

    /** Where a running action script's output goes (the agent logs it from there), next to the state file. */
    public Path scriptOutputFile() {
        return state.resolveSibling(state.getFileName() + ".script-output");
    }

    /** Whether progress is reported to a Baton server (the endpoint speaks the native API). */
    public boolean reportsToServer() {
        return report && protocol == LockProtocol.BATON && endpoint != null;
    }
}
