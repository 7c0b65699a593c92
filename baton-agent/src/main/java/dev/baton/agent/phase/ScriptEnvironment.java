package dev.baton.agent.phase;

import dev.baton.agent.config.Passwd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The clean environment every hook script gets, as DLMEngineUpdater defines it, plus Baton's own variables:
 * {@code DLM_ENGINE_UPDATER_LOCK_NAME}, {@code DLM_ENGINE_UPDATER_PHASE}, a fixed {@code PATH}, {@code USER},
 * {@code LOGNAME}, {@code HOME} (of the user the script runs as), {@code BATON_LOCK_NAME}, {@code BATON_PHASE},
 * {@code BATON_SCRIPT}, {@code BATON_RUN_ID}. Nothing else of the agent's environment leaks in.
 */
public final class ScriptEnvironment {

    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The variable naming the script itself. */
    public static final String SCRIPT_VARIABLE = "BATON_SCRIPT";

    private ScriptEnvironment() {
    }

    /**
     * @param runAs null for the agent's own user
     */
    public static Map<String, String> of(String lockName, String phase, String script, String runId, String runAs) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DLM_ENGINE_UPDATER_LOCK_NAME", lockName == null ? "" : lockName);
        env.put("DLM_ENGINE_UPDATER_PHASE", phase);
        env.put("PATH", PATH);
        String user = runAs != null ? runAs : System.getProperty("user.name");
        String home = runAs != null ? Passwd.lookup(runAs).map(a -> a.home().toString()).orElse("/")
                : System.getProperty("user.home");
        env.put("USER", user);
        env.put("LOGNAME", user);
        env.put("HOME", home);
        env.put("BATON_LOCK_NAME", lockName == null ? "" : lockName);
        env.put("BATON_PHASE", phase);
        env.put(SCRIPT_VARIABLE, script);
        env.put("BATON_RUN_ID", runId == null ? "" : runId);
        return env;
    }
}
