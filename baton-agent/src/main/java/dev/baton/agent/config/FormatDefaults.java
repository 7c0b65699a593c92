package dev.baton.agent.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each format assumes when a key is absent, taken from the seeds' example files: where the log, the local
 * lock, the state and the script directories are, how many days of log are kept, and whether to wait for the lock.
 *
 * @param dirs script directory per key; a key without one has no directory unless the file names it
 */
record FormatDefaults(Path log, int retention, Path lock, Path state, boolean waitForLock, Map<String, Path> dirs) {

    Path dir(String key) {
        return dirs.get(key);
    }

    /** The defaults of {@code format}; dotenv and Baton's format put everything under their {@code base_dir}. */
    static FormatDefaults of(ConfigFormat format, Settings s) {
        return switch (format) {
            case FOREMAN_INI -> new FormatDefaults(Path.of("/var/log/foreman_dlm_updater.log"), 7,
                    Path.of("/etc/foreman_dlm_updater/file.lock"), Path.of("/etc/foreman_dlm_updater/state"), true,
                    under(Path.of("/etc/foreman_dlm_updater"), KeyAliases.PHASE_DIRS_FOREMAN));
            case DLM_ENGINE_INI -> new FormatDefaults(Path.of("/var/log/dlm_engine_updater.log"), 30,
                    Path.of("/var/run/dlm_engine_updater.lock"), Path.of("/var/lib/dlm_engine_updater/state"), false,
                    under(Path.of("/etc/dlm_engine_updater"), KeyAliases.PHASE_DIRS_DLM));
            case DLM_ENGINE_DOTENV -> {
                Path base = s.path("base_dir", Path.of("/etc/dlm_engine_updater"));
                yield new FormatDefaults(Path.of("/var/log/dlm_engine_updater.log"), 30, base.resolve("lock"), base.resolve("state"),
                        false, under(base, AgentConfig.DIR_KEYS));
            }
            case BATON -> {
                Path base = s.path("base_dir", Path.of("/etc/baton-agent"));
                yield new FormatDefaults(Path.of("/var/log/baton-agent.log"), 14, Path.of("/run/baton-agent.lock"),
                        Path.of("/var/lib/baton-agent/state"), true, under(base, AgentConfig.DIR_KEYS));
            }
        };
    }

    private static Map<String, Path> under(Path base, List<String> keys) {
        Map<String, Path> m = new HashMap<>();
        keys.forEach(k -> m.put(k, base.resolve(k)));
        return m;
    }
}
