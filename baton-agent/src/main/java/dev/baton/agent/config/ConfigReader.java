package dev.baton.agent.config;

import dev.baton.agent.log.Level;
import dev.baton.agent.schedule.DateConstraint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One pass over one file's keys: maps them to their canonical names ({@link KeyAliases}), then reads each setting
 * with its format's default ({@link FormatDefaults}), collecting a problem for every key that is unknown, missing,
 * or does not parse. What each setting means is documented in {@link ConfigLoader}.
 */
final class ConfigReader {

    private static final Pattern FLEETLOCK_GROUP = Pattern.compile("^[a-zA-Z0-9.-]+$");

    private final String name;
    private final Path file;
    private final ConfigFormat format;
    private final List<ConfigProblem> problems;
    private final Settings s;
    /** Keys no alias of the format knows, in file order. */
    private final Set<IniFile.Entry> unknown = new LinkedHashSet<>();

    ConfigReader(Path file, ConfigSource source, List<ConfigProblem> problems) {
        this.name = file.toString();
        this.file = file;
        this.format = source.format();
        this.problems = problems;
        Map<String, String> aliases = KeyAliases.of(format);
        Map<String, IniFile.Entry> canonical = new LinkedHashMap<>();
        Map<String, String> display = new HashMap<>();
        boolean pluginWarned = false;
        for (IniFile.Entry e : source.entries().values()) {
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
                unknown.add(e);
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

    /**
     * @param checkFiles also check what {@code check-config} checks on disk ({@link FileChecks#all})
     */
    AgentConfig read(boolean checkFiles) {
        for (IniFile.Entry e : unknown) {
            problems.add(ConfigProblem.warning(name, e.line(), e.key(), "unknown key; ignored" + KeyAliases.hint(format, e.key())));
        }
        FormatDefaults d = FormatDefaults.of(format, s);
        Level logLevel = logLevel();
        int retention = s.integer("log_retention", d.retention(), 0);
        Path log = s.path("log", d.log());
        Path lock = s.path("lock", d.lock());
        Path state = s.path("state", d.state());
        String lockName = s.required("lock_name", "the name of the lock this host takes");
        boolean noop = s.bool("noop", false);

        URI endpoint = s.url("endpoint");
        LockProtocol protocol = protocol(noop, endpoint);
        String secretId = s.str("secret_id");
        String secret = s.str("secret");
        Path ca = s.path("ca", null);
        Path clientCert = s.path("client_crt", null);
        Path clientKey = s.path("client_key", null);
        credentials(protocol, secretId, secret, clientCert, clientKey);
        String orgId = s.str("org_id");
        String holder = s.str("holder");
        String group = s.str("group", lockName);
        if (protocol == LockProtocol.FLEETLOCK && group != null && !FLEETLOCK_GROUP.matcher(group).matches()) {
            s.error(s.has("group") ? "group" : "lock_name", "\"" + group
                    + "\" is not a FleetLock group (letters, digits, dots and dashes only)");
        }

        boolean wait = s.bool("wait", d.waitForLock());
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
        DateConstraint dateConstraint = dateConstraint();
        var window = WindowSettings.read(s);
        boolean report = s.bool("report", true);

        for (String key : s.unread()) {
            problems.add(ConfigProblem.warning(name, s.line(key), s.name(key), "not used by the " + format.description() + " format; ignored"));
        }
        FileChecks files = new FileChecks(s);
        if (checkFiles) {
            files.all(dirs, ca, clientCert, clientKey, rebootCmd, users, state, log);
        } else {
            files.certificates(ca, clientCert, clientKey);
        }
        return new AgentConfig(file, format, log, logLevel, retention, lock, state, lockName, protocol, endpoint,
                secretId, secret, ca, clientCert, clientKey, orgId, holder, group, wait, waitMax, retryMin, retryMax,
                dirs, rebootCmd, users, scriptTimeout, dateConstraint, window, report);
    }

    private Level logLevel() {
        String lv = s.str("log_level");
        if (lv == null) {
            return Level.INFO;
        }
        Level level = Level.named(lv);
        if (level == null) {
            s.error("log_level", "\"" + lv + "\" is not a log level (DEBUG, INFO, WARNING, ERROR)");
            return Level.INFO;
        }
        return level;
    }

    /** The configured protocol, else {@code none} for noop, Foreman for its format, else from the endpoint's shape. */
    private LockProtocol protocol(boolean noop, URI endpoint) {
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
        return protocol;
    }

    /** The credential keys the protocol needs: a secret for Baton and DLM Engine, a client certificate for Foreman. */
    private void credentials(LockProtocol protocol, String secretId, String secret, Path clientCert, Path clientKey) {
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
    }

    private DateConstraint dateConstraint() {
        String dc = s.str("date_constraint");
        if (dc == null) {
            return null;
        }
        try {
            return DateConstraint.parse(dc);
        } catch (IllegalArgumentException e) {
            s.error("date_constraint", e.getMessage());
            return null;
        }
    }
}
