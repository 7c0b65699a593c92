package dev.baton.agent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names each format gives the settings: the file's key to the canonical key the agent reads
 * ({@code foreman_url} and {@code main_api_endpoint} are both {@code endpoint}), and a "did you mean" for keys
 * that are none of them.
 */
final class KeyAliases {

    static final List<String> PHASE_DIRS_FOREMAN = List.of("needs_update.d", "pre_update.d", "update.d",
            "needs_reboot.d", "post_update.d");
    static final List<String> PHASE_DIRS_DLM = List.of("needs_update.d", "pre_update.d", "update.d",
            "needs_reboot.d", "post_update.d", "ext_notify.d", "on_failure.d");
    /** Baton's keys, accepted in every format (prefixed {@code main_} in dotenv). */
    private static final List<String> EXTENSIONS = List.of("protocol", "holder", "group", "retry_min", "retry_max",
            "script_timeout", "reboot.d", "date_constraint", "window_days", "window_start", "window_length", "window_zone", "report");

    private KeyAliases() {
    }

    /** File key to canonical key, for {@code format}. */
    static Map<String, String> of(ConfigFormat format) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (format) {
            case FOREMAN_INI -> {
                for (String k : List.of("log", "lock", "state", "lock_name", "ca", "client_crt", "client_key", "reboot_cmd")) {
                    m.put(k, k);
                }
                m.put("logretention", "log_retention");
                m.put("loglevel", "log_level");
                m.put("foreman_url", "endpoint");
                PHASE_DIRS_FOREMAN.forEach(k -> m.put(k, k));
                extensions(m, "");
                m.put("wait", "wait");
                m.put("wait_max", "wait_max");
            }
            case DLM_ENGINE_INI -> {
                for (String k : List.of("log", "log_level", "log_retention", "lock", "state", "endpoint", "secret_id", "secret",
                        "ca", "lock_name", "wait", "wait_max", "reboot_cmd", "org_id", "user_script_users")) {
                    m.put(k, k);
                }
                PHASE_DIRS_DLM.forEach(k -> m.put(k, k));
                extensions(m, "");
            }
            case DLM_ENGINE_DOTENV -> {
                m.put("main_api_endpoint", "endpoint");
                m.put("main_api_secretid", "secret_id");
                m.put("main_api_secret", "secret");
                m.put("main_api_lockname", "lock_name");
                m.put("main_api_ca", "ca");
                m.put("main_api_noop", "noop");
                m.put("main_log_level", "log_level");
                m.put("main_log_retention", "log_retention");
                m.put("main_log_file", "log");
                m.put("main_basedir", "base_dir");
                m.put("main_wait", "wait");
                m.put("main_waitmax", "wait_max");
                m.put("main_userscriptusers", "user_script_users");
                m.put("main_reboot_cmd", "reboot_cmd");
                m.put("main_state", "state");
                m.put("main_lock", "lock");
                extensions(m, "main_");
            }
            case BATON -> {
                for (String k : List.of("lock_name", "ca", "client_crt", "client_key", "org_id", "wait", "wait_max", "base_dir",
                        "state", "lock", "log", "log_level", "log_retention", "reboot_cmd", "user_script_users", "endpoint")) {
                    m.put(k, k);
                }
                m.put("server", "endpoint");
                m.put("credential_id", "secret_id");
                m.put("credential_secret", "secret");
                AgentConfig.DIR_KEYS.forEach(k -> m.put(k, k));
                extensions(m, "");
            }
        }
        return m;
    }

    private static void extensions(Map<String, String> m, String prefix) {
        for (String k : EXTENSIONS) {
            m.put(prefix + k, k);
        }
    }

    /** " (did you mean wait_max?)" when a key of {@code format} is within two edits of {@code key}, else "". */
    static String hint(ConfigFormat format, String key) {
        for (String known : of(format).keySet()) {
            if (levenshtein(known, key) <= 2) {
                return " (did you mean " + known + "?)";
            }
        }
        return "";
    }

    private static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
