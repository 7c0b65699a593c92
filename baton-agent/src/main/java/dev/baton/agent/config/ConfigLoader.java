package dev.baton.agent.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the agent's configuration from any of the four formats it accepts, unchanged:
 *
 * <ul>
 *   <li><b>foreman_dlm_updater INI</b> ({@code [main]} with {@code foreman_url}): {@code log}, {@code logretention}
 *       (days, default 7), {@code loglevel}, {@code lock}, {@code state}, {@code lock_name}, {@code foreman_url},
 *       {@code client_crt}, {@code client_key}, {@code ca}, the five {@code <phase>.d} directories, {@code reboot_cmd}.</li>
 *   <li><b>DLMEngineUpdater INI</b> ({@code [main]} with {@code endpoint}): {@code log}, {@code log_level},
 *       {@code log_retention}, {@code lock}, {@code state}, {@code endpoint}, {@code secret_id}, {@code secret},
 *       {@code ca}, {@code lock_name}, {@code wait} (default false), {@code wait_max} (seconds, default 3600),
 *       the seven {@code <phase>.d} directories, {@code reboot_cmd}, {@code org_id}, {@code user_script_users}.</li>
 *   <li><b>DLMEngineUpdater 1.0 dotenv</b> ({@code main_*} keys): {@code main_api_endpoint}, {@code main_api_secretid},
 *       {@code main_api_secret}, {@code main_api_lockname} (required), {@code main_api_ca}, {@code main_api_noop},
 *       {@code main_log_level}, {@code main_log_retention}, {@code main_log_file}, {@code main_basedir} (scripts in
 *       {@code <basedir>/<phase>.d}, state {@code <basedir>/state}, local lock {@code <basedir>/lock}), {@code main_wait},
 *       {@code main_waitmax}, {@code main_userscriptusers}; environment variables of the same names (any case)
 *       override the file. {@code plugin_*} keys are accepted and ignored with a warning.</li>
 *   <li><b>Baton's own</b> ({@code [baton]} section): {@code server} (or {@code endpoint}), {@code protocol},
 *       {@code credential_id}, {@code credential_secret}, {@code lock_name}, and every key below.</li>
 * </ul>
 *
 * <p>Baton's extensions, accepted in the {@code [baton]} section, in the seeds' {@code [main]} sections and
 * (prefixed {@code main_}) in the dotenv file:
 * <ul>
 *   <li>{@code protocol}: {@code baton}, {@code dlm-v1}, {@code dlm-v2}, {@code foreman}, {@code fleetlock} or
 *       {@code none}; default: from the endpoint's shape (see {@link LockProtocol#fromEndpoint}).</li>
 *   <li>{@code holder}: the holder id sent to the lock server; default the host's FQDN.</li>
 *   <li>{@code group}: FleetLock group; default the lock name.</li>
 *   <li>{@code retry_min}, {@code retry_max}: seconds between two tries while waiting, chosen at random between
 *       them; default 10 and 60 (the seeds' values).</li>
 *   <li>{@code wait_max}: also accepts {@code forever}.</li>
 *   <li>{@code script_timeout}: seconds a script may run; default 0, no limit. When it is up, the script's whole process
 *       group (its children too) gets {@code SIGTERM}, and {@code SIGKILL} 10 s later if any of it is still alive; the
 *       script has failed. It also bounds how long a run waits for a script a killed run left running (without it,
 *       such a run refuses at once).</li>
 *   <li>{@code reboot.d}: reboot scripts, run when {@code reboot_cmd} is not set.</li>
 *   <li>{@code date_constraint}: as {@code --date_constraint}, which replaces it.</li>
 *   <li>{@code window_days} ({@code Mon,Wed} or {@code Mon-Fri} or {@code *}), {@code window_start} ({@code HH:MM}),
 *       {@code window_length} ({@code 4h}, {@code 90m}), {@code window_zone} (default the system's): a new run starts
 *       only inside this window; a run in progress always resumes.</li>
 *   <li>{@code report}: send progress to the Baton server when it is the endpoint; default true.</li>
 *   <li>{@code base_dir} (Baton format): where the {@code <phase>.d} directories are; default {@code /etc/baton-agent}.</li>
 * </ul>
 *
 * <p>Unknown keys are warnings; missing required keys and values that do not parse are errors naming the key
 * and its line. Loading never throws: a broken file yields problems, never a stack trace.
 */
public final class ConfigLoader {

    /** Where {@code run} looks when {@code --cfg} is not given, in this order. */
    public static final List<Path> DEFAULT_LOCATIONS = List.of(
            Path.of("/etc/baton-agent/agent.ini"),
            Path.of("/etc/dlm_engine_updater/config.ini"),
            Path.of("/etc/dlm_engine_updater/config.env"),
            Path.of("/etc/dlm_engine_updater/.env"),
            Path.of("/etc/foreman_dlm_updater/config.ini"));

    private static final int MAX_PROBLEMS = 50;

    /** The outcome: a config when there are no errors, and every problem found. */
    public record Result(AgentConfig config, ConfigFormat format, List<ConfigProblem> problems) {
        public boolean ok() {
            return config != null;
        }

        public List<ConfigProblem> errors() {
            return problems.stream().filter(ConfigProblem::isError).toList();
        }

        public List<ConfigProblem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }
    }

    private ConfigLoader() {
    }

    /** The first of {@link #DEFAULT_LOCATIONS} that exists, else the first one. */
    public static Path defaultLocation() {
        for (Path p : DEFAULT_LOCATIONS) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return DEFAULT_LOCATIONS.getFirst();
    }

    /**
     * Reads and checks {@code file}.
     *
     * @param env        the process environment (dotenv keys are overridden from it)
     * @param checkFiles also check that directories and certificate files exist (what {@code check-config} does)
     */
    public static Result load(Path file, Map<String, String> env, boolean checkFiles) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigSource source = ConfigSource.read(file, env, problems);
        if (source == null) {
            return new Result(null, null, cap(problems));
        }
        AgentConfig config = new ConfigReader(file, source, problems).read(checkFiles);
        boolean errors = problems.stream().anyMatch(ConfigProblem::isError);
        return new Result(errors ? null : config, source.format(), cap(problems));
    }

    /**
     * The problems in the order of their lines (those of no line, such as a missing key, after them), at most
     * {@link #MAX_PROBLEMS} of them.
     */
    private static List<ConfigProblem> cap(List<ConfigProblem> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        List<ConfigProblem> problems = new ArrayList<>(found);
        // a stable sort: the problems of one line keep the order they were found in
        problems.sort((a, b) -> Integer.compare(sortLine(a), sortLine(b)));
        if (problems.size() <= MAX_PROBLEMS) {
            return List.copyOf(problems);
        }
        List<ConfigProblem> out = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        ConfigProblem last = problems.getLast();
        out.add(ConfigProblem.error(last.file(), 0, null, (problems.size() - MAX_PROBLEMS) + " more problems not shown"));
        return List.copyOf(out);
    }

    private static int sortLine(ConfigProblem p) {
        return p.line() == 0 ? Integer.MAX_VALUE : p.line();
    }
}
