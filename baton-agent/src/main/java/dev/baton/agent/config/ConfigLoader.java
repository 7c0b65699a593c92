package dev.baton.agent.config;

import dev.baton.agent.log.Level;
import dev.baton.agent.schedule.DateConstraint;
import dev.baton.agent.schedule.MaintenanceWindow;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
 *   <li>{@code script_timeout}: seconds a script may run before its whole process group is killed; default 0, no limit.</li>
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
    private static final Pattern FLEETLOCK_GROUP = Pattern.compile("^[a-zA-Z0-9.-]+$");
    private static final Pattern DOTENV_LINE = Pattern.compile("(?im)^\\s*(export\\s+)?main_\\w+\\s*=");

    private static final List<String> PHASE_DIRS_FOREMAN = List.of("needs_update.d", "pre_update.d", "update.d",
            "needs_reboot.d", "post_update.d");
    private static final List<String> PHASE_DIRS_DLM = List.of("needs_update.d", "pre_update.d", "update.d",
            "needs_reboot.d", "post_update.d", "ext_notify.d", "on_failure.d");
    private static final List<String> EXTENSIONS = List.of("protocol", "holder", "group", "retry_min", "retry_max",
            "script_timeout", "reboot.d", "date_constraint", "window_days", "window_start", "window_length", "window_zone", "report");

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
        String name = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            problems.add(ConfigProblem.error(name, 0, null, "the configuration file does not exist (give another one with --cfg)"));
            return new Result(null, null, problems);
        } catch (CharacterCodingException e) {
            problems.add(ConfigProblem.error(name, 0, null, "not a text file (it is not valid UTF-8)"));
            return new Result(null, null, problems);
        } catch (IOException e) {
            problems.add(ConfigProblem.error(name, 0, null, "cannot be read: " + describe(e)));
            return new Result(null, null, problems);
        }
        if (text.indexOf('\0') >= 0) {
            problems.add(ConfigProblem.error(name, 0, null, "not a text file (it contains NUL bytes)"));
            return new Result(null, null, problems);
        }
        ConfigFormat format;
        Map<String, IniFile.Entry> raw;
        int mainLine;
        if (looksLikeDotenv(file, text)) {
            DotenvFile dotenv = DotenvFile.parse(name, text);
            problems.addAll(dotenv.problems());
            format = ConfigFormat.DLM_ENGINE_DOTENV;
            raw = new LinkedHashMap<>(dotenv.entries());
            overrideFromEnvironment(raw, env);
            mainLine = 0;
        } else {
            IniFile ini = IniFile.parse(name, text);
            problems.addAll(ini.problems());
            String section;
            if (ini.hasSection("baton")) {
                format = ConfigFormat.BATON;
                section = "baton";
            } else if (ini.hasSection("main")) {
                section = "main";
                format = ini.section("main").containsKey("foreman_url") ? ConfigFormat.FOREMAN_INI : ConfigFormat.DLM_ENGINE_INI;
            } else {
                problems.add(ConfigProblem.error(name, 0, null, "no [baton] or [main] section: this is not a baton-agent, "
                        + "DLMEngineUpdater or foreman_dlm_updater configuration"));
                return new Result(null, null, cap(problems));
            }
            for (String other : ini.sectionNames()) {
                if (!other.equals(section)) {
                    problems.add(ConfigProblem.warning(name, ini.sectionLine(other), null, "section [" + other + "] is not used; ignored"));
                }
            }
            raw = ini.section(section);
            mainLine = ini.sectionLine(section);
        }
        AgentConfig config = new ConfigLoader.Reader(name, format, raw, problems, file, checkFiles, mainLine).read();
        boolean errors = problems.stream().anyMatch(ConfigProblem::isError);
        return new Result(errors ? null : config, format, cap(problems));
    }

    private static List<ConfigProblem> cap(List<ConfigProblem> problems) {
        if (problems.size() <= MAX_PROBLEMS) {
            return List.copyOf(problems);
        }
        List<ConfigProblem> out = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
        ConfigProblem last = problems.getLast();
        out.add(ConfigProblem.error(last.file(), 0, null, (problems.size() - MAX_PROBLEMS) + " more problems not shown"));
        return List.copyOf(out);
    }

    private static boolean looksLikeDotenv(Path file, String text) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString();
        if (n.endsWith(".env") || n.equals(".env")) {
            return true;
        }
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("[")) {
                return false;
            }
        }
        return DOTENV_LINE.matcher(text).find();
    }

    private static void overrideFromEnvironment(Map<String, IniFile.Entry> raw, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey().toLowerCase(Locale.ROOT);
            if (key.startsWith("main_") || key.startsWith("plugin_")) {
                raw.put(key, new IniFile.Entry(key, e.getValue(), 0));
            }
        }
    }

    static String describe(Exception e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    /** One pass over one file: maps its keys to canonical names, then reads each setting. */
    private static final class Reader {
        private final String name;
        private final ConfigFormat format;
        private final Path file;
        private final boolean checkFiles;
        private final List<ConfigProblem> problems;
        private final Settings s;
        private final Set<String> unknown = new LinkedHashSet<>();
        private final Map<String, IniFile.Entry> byFileKey;

        Reader(String name, ConfigFormat format, Map<String, IniFile.Entry> raw, List<ConfigProblem> problems, Path file,
               boolean checkFiles, int sectionLine) {
            this.name = name;
            this.format = format;
            this.file = file;
            this.checkFiles = checkFiles;
            this.problems = problems;
            this.byFileKey = raw;
            Map<String, String> aliases = aliases(format);
            Map<String, IniFile.Entry> canonical = new LinkedHashMap<>();
            Map<String, String> display = new HashMap<>();
            boolean pluginWarned = false;
            for (IniFile.Entry e : raw.values()) {
                String canon = aliases.get(e.key());
                if (canon == null) {
                    if (format == ConfigFormat.DLM_ENGINE_DOTENV && e.key().startsWith("plugin_")) {
                        if (!pluginWarned) {
                            problems.add(ConfigProblem.warning(name, e.line(), e.key(),
                                    "plugins (plugin_* keys) are not supported by baton-agent; ignored"));
                            pluginWarned = true;
                        }
                        continue;
                    }
                    unknown.add(e.key());
                    continue;
                }
                canonical.put(canon, new IniFile.Entry(canon, e.value(), e.line()));
                display.put(canon, e.key());
            }
            // keys never present keep the name the format would use, for "missing" messages
            for (Map.Entry<String, String> a : aliases.entrySet()) {
                display.putIfAbsent(a.getValue(), a.getKey());
            }
            this.s = new Settings(name, canonical, display, problems);
        }

        AgentConfig read() {
            for (String key : unknown) {
                IniFile.Entry e = byFileKey.get(key);
                problems.add(ConfigProblem.warning(name, e.line(), key, "unknown key; ignored" + hint(key)));
            }
            Defaults d = Defaults.of(format, s);
            Level logLevel = Level.INFO;
            String lv = s.str("log_level");
            if (lv != null) {
                logLevel = Level.named(lv);
                if (logLevel == null) {
                    s.error("log_level", "\"" + lv + "\" is not a log level (DEBUG, INFO, WARNING, ERROR)");
                    logLevel = Level.INFO;
                }
            }
            int retention = s.integer("log_retention", d.retention, 0);
            Path log = s.path("log", d.log);
            Path lock = s.path("lock", d.lock);
            Path state = s.path("state", d.state);
            String lockName = s.required("lock_name", "the name of the lock this host takes");
            boolean noop = s.bool("noop", false);

            URI endpoint = s.url("endpoint");
            LockProtocol protocol = null;
            String p = s.str("protocol");
            if (p != null) {
                protocol = LockProtocol.named(p);
                if (protocol == null) {
                    s.error("protocol", "\"" + p + "\" is not a protocol (baton, dlm-v1, dlm-v2, foreman, fleetlock, none)");
                }
            }
            if (protocol == null) {
                if (noop) {
                    protocol = LockProtocol.NONE;
                } else if (format == ConfigFormat.FOREMAN_INI) {
                    protocol = LockProtocol.FOREMAN;
                } else if (endpoint != null) {
                    protocol = LockProtocol.fromEndpoint(endpoint);
                }
            }
            if (protocol != LockProtocol.NONE && endpoint == null && s.str("endpoint") == null) {
                s.missing("endpoint", "the lock server's URL");
            }
            String secretId = s.str("secret_id");
            String secret = s.str("secret");
            Path ca = s.path("ca", null);
            Path clientCert = s.path("client_crt", null);
            Path clientKey = s.path("client_key", null);
            if (protocol == LockProtocol.DLM_V1 || protocol == LockProtocol.DLM_V2 || protocol == LockProtocol.BATON) {
                if (secretId == null) {
                    s.missing("secret_id", "the credential id for " + protocol);
                }
                if (secret == null) {
                    s.missing("secret", "the credential secret for " + protocol);
                }
            }
            if (protocol == LockProtocol.FOREMAN) {
                if (clientCert == null) {
                    s.missing("client_crt", "the host's TLS client certificate (PEM)");
                }
                if (clientKey == null) {
                    s.missing("client_key", "the private key of the client certificate (PEM)");
                }
            }
            String orgId = s.str("org_id");
            String holder = s.str("holder");
            String group = s.str("group", lockName);
            if (protocol == LockProtocol.FLEETLOCK && group != null && !FLEETLOCK_GROUP.matcher(group).matches()) {
                s.error(s.has("group") ? "group" : "lock_name", "\"" + group
                        + "\" is not a FleetLock group (letters, digits, dots and dashes only)");
            }

            boolean wait = s.bool("wait", d.waitForLock);
            Duration waitMax = s.seconds("wait_max", Duration.ofSeconds(3600), true);
            Duration retryMin = s.seconds("retry_min", Duration.ofSeconds(10), false);
            Duration retryMax = s.seconds("retry_max", Duration.ofSeconds(60), false);
            if (retryMax.compareTo(retryMin) < 0) {
                s.error("retry_max", "is smaller than retry_min (" + retryMin.toSeconds() + " s)");
            }

            Map<String, Path> dirs = new LinkedHashMap<>();
            for (String key : AgentConfig.DIR_KEYS) {
                Path dir = s.path(key, d.dir(key));
                if (dir != null) {
                    dirs.put(key, dir);
                }
            }
            String rebootCmd = s.str("reboot_cmd");
            if (rebootCmd == null && dirs.get("reboot.d") == null) {
                s.missing("reboot_cmd", "the command that reboots the host, or set reboot.d");
            }
            List<String> users = s.list("user_script_users");
            Duration scriptTimeout = s.seconds("script_timeout", Duration.ZERO, false);

            DateConstraint dateConstraint = null;
            String dc = s.str("date_constraint");
            if (dc != null) {
                try {
                    dateConstraint = DateConstraint.parse(dc);
                } catch (IllegalArgumentException e) {
                    s.error("date_constraint", e.getMessage());
                }
            }
            MaintenanceWindow window = window();
            boolean report = s.bool("report", true);

            for (String key : s.unread()) {
                problems.add(ConfigProblem.warning(name, s.line(key), s.name(key), "not used by the " + format.description() + " format; ignored"));
            }
            if (checkFiles) {
                checkFiles(dirs, ca, clientCert, clientKey, rebootCmd, users, state, log);
            } else {
                for (Path f : new Path[] {ca, clientCert, clientKey}) {
                    if (f != null && !Files.isReadable(f)) {
                        String key = f == ca ? "ca" : f == clientCert ? "client_crt" : "client_key";
                        s.error(key, f + ": " + (Files.exists(f) ? "cannot be read" : "no such file"));
                    }
                }
            }
            return new AgentConfig(file, format, log, logLevel, retention, lock, state, lockName, protocol, endpoint,
                    secretId, secret, ca, clientCert, clientKey, orgId, holder, group, wait, waitMax, retryMin, retryMax,
                    dirs, rebootCmd, users, scriptTimeout, dateConstraint, window, report);
        }

        private MaintenanceWindow window() {
            String days = s.str("window_days");
            String start = s.str("window_start");
            String length = s.str("window_length");
            String zone = s.str("window_zone");
            if (days == null && start == null && length == null && zone == null) {
                return null;
            }
            boolean ok = true;
            if (days == null) {
                s.missing("window_days", "a window needs its days, e.g. Sat,Sun or Mon-Fri");
                ok = false;
            }
            if (start == null) {
                s.missing("window_start", "a window needs its start time, e.g. 22:00");
                ok = false;
            }
            if (length == null) {
                s.missing("window_length", "a window needs its length, e.g. 4h");
                ok = false;
            }
            var parsedDays = (java.util.Set<java.time.DayOfWeek>) null;
            java.time.LocalTime parsedStart = null;
            Duration parsedLength = null;
            ZoneId parsedZone = ZoneId.systemDefault();
            try {
                parsedDays = days == null ? null : MaintenanceWindow.parseDays(days);
            } catch (IllegalArgumentException e) {
                s.error("window_days", e.getMessage());
                ok = false;
            }
            try {
                parsedStart = start == null ? null : MaintenanceWindow.parseStart(start);
            } catch (IllegalArgumentException e) {
                s.error("window_start", e.getMessage());
                ok = false;
            }
            try {
                parsedLength = length == null ? null : MaintenanceWindow.parseLength(length);
                if (parsedLength != null && parsedLength.isZero()) {
                    s.error("window_length", "must be longer than zero");
                    ok = false;
                }
            } catch (IllegalArgumentException e) {
                s.error("window_length", e.getMessage());
                ok = false;
            }
            if (zone != null) {
                try {
                    parsedZone = ZoneId.of(zone);
                } catch (DateTimeException e) {
                    s.error("window_zone", "\"" + zone + "\" is not a time zone (e.g. Europe/Berlin, UTC)");
                    ok = false;
                }
            }
            return ok ? new MaintenanceWindow(parsedDays, parsedStart, parsedLength, parsedZone) : null;
        }

        private void checkFiles(Map<String, Path> dirs, Path ca, Path cert, Path key, String rebootCmd, List<String> users,
                                Path state, Path log) {
            for (Map.Entry<String, Path> e : dirs.entrySet()) {
                Path dir = e.getValue();
                if (!Files.isDirectory(dir)) {
                    String consequence = switch (e.getKey()) {
                        case "needs_update.d" -> "no updates will ever be found";
                        case "needs_reboot.d" -> "every update ends with a reboot (as the seeds do when there are no scripts)";
                        case "reboot.d" -> rebootCmd != null ? "not used, reboot_cmd is set" : "the reboot phase has nothing to run";
                        default -> "the phase runs no scripts";
                    };
                    if (e.getKey().equals("reboot.d") && rebootCmd != null) {
                        continue;
                    }
                    s.warning(e.getKey(), dir + (Files.exists(dir) ? " is not a directory" : " does not exist") + ": " + consequence);
                }
            }
            if (ca != null) {
                checkReadable("ca", ca);
            }
            if (cert != null) {
                checkReadable("client_crt", cert);
            }
            if (key != null) {
                checkReadable("client_key", key);
            }
            for (String user : users) {
                if (!Passwd.exists(user)) {
                    s.warning("user_script_users", "user \"" + user + "\" does not exist on this host");
                }
            }
            checkParent("state", state);
            checkParent("log", log);
        }

        private void checkReadable(String keyName, Path f) {
            if (!Files.exists(f)) {
                s.error(keyName, f + ": no such file");
            } else if (!Files.isReadable(f)) {
                s.error(keyName, f + ": cannot be read (permission denied)");
            }
        }

        private void checkParent(String keyName, Path f) {
            Path parent = f.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent != null && !Files.isWritable(parent)) {
                s.warning(keyName, f + ": " + parent + " is not writable by this user");
            }
        }

        private String hint(String key) {
            for (String known : aliases(format).keySet()) {
                if (levenshtein(known, key) <= 2) {
                    return " (did you mean " + known + "?)";
                }
            }
            return "";
        }
    }

    /** File key to canonical key, per format. */
    static Map<String, String> aliases(ConfigFormat format) {
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

    /** Per-format defaults, taken from the seeds' example files. */
    private record Defaults(Path log, int retention, Path lock, Path state, boolean waitForLock, Map<String, Path> dirs) {
        Path dir(String key) {
            return dirs.get(key);
        }

        static Defaults of(ConfigFormat format, Settings s) {
            return switch (format) {
                case FOREMAN_INI -> new Defaults(Path.of("/var/log/foreman_dlm_updater.log"), 7,
                        Path.of("/etc/foreman_dlm_updater/file.lock"), Path.of("/etc/foreman_dlm_updater/state"), true,
                        under(Path.of("/etc/foreman_dlm_updater"), PHASE_DIRS_FOREMAN));
                case DLM_ENGINE_INI -> new Defaults(Path.of("/var/log/dlm_engine_updater.log"), 30,
                        Path.of("/var/run/dlm_engine_updater.lock"), Path.of("/var/lib/dlm_engine_updater/state"), false,
                        under(Path.of("/etc/dlm_engine_updater"), PHASE_DIRS_DLM));
                case DLM_ENGINE_DOTENV -> {
                    Path base = s.path("base_dir", Path.of("/etc/dlm_engine_updater"));
                    yield new Defaults(Path.of("/var/log/dlm_engine_updater.log"), 30, base.resolve("lock"), base.resolve("state"),
                            false, under(base, AgentConfig.DIR_KEYS));
                }
                case BATON -> {
                    Path base = s.path("base_dir", Path.of("/etc/baton-agent"));
                    yield new Defaults(Path.of("/var/log/baton-agent.log"), 14, Path.of("/run/baton-agent.lock"),
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
}
