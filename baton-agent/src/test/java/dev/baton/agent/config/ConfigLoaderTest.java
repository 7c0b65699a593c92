package dev.baton.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.TestFiles;
import dev.baton.agent.log.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigLoader.Result load(String name, String text) {
        return load(name, text, Map.of());
    }

    private ConfigLoader.Result load(String name, String text, Map<String, String> env) {
        Path f = dir.resolve(name);
        TestFiles.write(f, text);
        return ConfigLoader.load(f, env, false);
    }

    private static List<String> messages(ConfigLoader.Result r) {
        return r.problems().stream().map(ConfigProblem::toString).toList();
    }

    // ------------------------------------------------------------ the four formats, unchanged

    @Test
    void readsTheForemanDlmUpdaterExampleUnchanged() {
        Path crt = TestFiles.file(dir, "host.pem", "x", "rw-r--r--");
        Path key = TestFiles.file(dir, "key.pem", "x", "rw-------");
        Path ca = TestFiles.file(dir, "ca.crt", "x", "rw-r--r--");
        ConfigLoader.Result r = load("config.ini", """
                [main]
                log = /var/log/foreman_dlm_updater.log
                logretention = 7
                loglevel = DEBUG

                # prevents the script from running twice on the same host
                lock = /etc/foreman_dlm_updater/file.lock

                # this file keeps the state of the script (what is the next task to be executed)
                state = /etc/foreman_dlm_updater/state

                # the dlm lock that will be acquired
                lock_name = this_is_the_lock_name
                foreman_url = https://foreman.example.com

                client_crt = %s
                client_key = %s
                ca = %s

                needs_update.d = /etc/foreman_dlm_updater/needs_update.d/
                pre_update.d = /etc/foreman_dlm_updater/pre_update.d/
                post_update.d = /etc/foreman_dlm_updater/post_update.d/
                needs_reboot.d = /etc/foreman_dlm_updater/needs_reboot.d/
                update.d = /etc/foreman_dlm_updater/update.d/
                reboot_cmd = /usr/sbin/reboot
                """.formatted(crt, key, ca));
        assertThat(r.problems()).isEmpty();
        AgentConfig c = r.config();
        assertThat(r.format()).isEqualTo(ConfigFormat.FOREMAN_INI);
        assertThat(c.protocol()).isEqualTo(LockProtocol.FOREMAN);
        assertThat(c.endpoint()).isEqualTo(URI.create("https://foreman.example.com"));
        assertThat(c.logLevel()).isEqualTo(Level.DEBUG);
        assertThat(c.logRetention()).isEqualTo(7);
        assertThat(c.lockName()).isEqualTo("this_is_the_lock_name");
        assertThat(c.clientCert()).isEqualTo(crt);
        assertThat(c.dir("update.d")).isEqualTo(Path.of("/etc/foreman_dlm_updater/update.d/"));
        assertThat(c.rebootCmd()).isEqualTo("/usr/sbin/reboot");
        assertThat(c.instanceLock()).isEqualTo(Path.of("/etc/foreman_dlm_updater/file.lock"));
    }

    @Test
    void readsTheDlmEngineUpdaterIniWithEveryKey() {
        ConfigLoader.Result r = load("config.ini", """
                [main]
                log = /var/log/dlm_engine_updater.log
                log_level = INFO
                log_retention = 30
                lock = /var/run/dlm_engine_updater.lock
                state = /var/lib/dlm_engine_updater/state
                endpoint = https://dlm.example.com/api/v2/
                secret_id = your-secret-id
                secret = your-secret-key
                lock_name = web-servers-cluster-1
                wait = true
                wait_max = 3600
                org_id = DLMUpdater
                user_script_users = alice, bob
                needs_update.d = /etc/dlm_engine_updater/needs_update.d/
                pre_update.d = /etc/dlm_engine_updater/pre_update.d/
                update.d = /etc/dlm_engine_updater/update.d/
                needs_reboot.d = /etc/dlm_engine_updater/needs_reboot.d/
                post_update.d = /etc/dlm_engine_updater/post_update.d/
                ext_notify.d = /etc/dlm_engine_updater/ext_notify.d/
                on_failure.d = /etc/dlm_engine_updater/on_failure.d/
                reboot_cmd = /usr/sbin/shutdown -r now
                """);
        assertThat(messages(r)).isEmpty();
        AgentConfig c = r.config();
        assertThat(r.format()).isEqualTo(ConfigFormat.DLM_ENGINE_INI);
        assertThat(c.protocol()).isEqualTo(LockProtocol.DLM_V2);
        assertThat(c.secretId()).isEqualTo("your-secret-id");
        assertThat(c.orgId()).isEqualTo("DLMUpdater");
        assertThat(c.userScriptUsers()).containsExactly("alice", "bob");
        assertThat(c.waitForLock()).isTrue();
        assertThat(c.waitMax()).isEqualTo(Duration.ofHours(1));
        assertThat(c.dir("on_failure.d")).isEqualTo(Path.of("/etc/dlm_engine_updater/on_failure.d/"));
        assertThat(c.rebootCmd()).isEqualTo("/usr/sbin/shutdown -r now");
    }

    @Test
    void protocolFollowsTheEndpointShape() {
        String base = "[main]\nlock_name = l\nsecret_id = i\nsecret = s\nreboot_cmd = true\nendpoint = ";
        assertThat(load("a.ini", base + "https://dlm/api/v1/").config().protocol()).isEqualTo(LockProtocol.DLM_V1);
        assertThat(load("b.ini", base + "https://dlm/api/v2").config().protocol()).isEqualTo(LockProtocol.DLM_V2);
        assertThat(load("c.ini", base + "https://baton.example.com").config().protocol()).isEqualTo(LockProtocol.BATON);
        assertThat(load("d.ini", base + "https://baton.example.com/api/v3/").config().protocol()).isEqualTo(LockProtocol.BATON);
        assertThat(load("e.ini", base + "https://fl.example.com/\nprotocol = fleetlock").config().protocol()).isEqualTo(LockProtocol.FLEETLOCK);
    }

    @Test
    void readsTheDotenvFileAndTheEnvironmentOverridesIt() {
        ConfigLoader.Result r = load("config.env", """
                # DLMEngineUpdater 1.0
                main_api_endpoint=https://dlm.example.com/api/v2/
                main_api_secretid="the-id"
                main_api_secret='s3cr#t'
                export main_api_lockname=db
                main_basedir=/opt/dlm
                main_wait=true
                main_waitmax=600  # ten minutes
                main_log_level=debug
                main_userscriptusers=alice
                plugin_mail_to=ops@example.com
                """, Map.of("MAIN_API_LOCKNAME", "db-from-env", "PATH", "/usr/bin"));
        assertThat(r.errors()).isEmpty();
        assertThat(messages(r)).singleElement().asString().contains("plugin_mail_to").contains("not supported");
        AgentConfig c = r.config();
        assertThat(r.format()).isEqualTo(ConfigFormat.DLM_ENGINE_DOTENV);
        assertThat(c.lockName()).isEqualTo("db-from-env");
        assertThat(c.secretId()).isEqualTo("the-id");
        assertThat(c.secret()).isEqualTo("s3cr#t");
        assertThat(c.waitMax()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.logLevel()).isEqualTo(Level.DEBUG);
        assertThat(c.state()).isEqualTo(Path.of("/opt/dlm/state"));
        assertThat(c.instanceLock()).isEqualTo(Path.of("/opt/dlm/lock"));
        assertThat(c.dir("reboot.d")).isEqualTo(Path.of("/opt/dlm/reboot.d"));
        assertThat(c.rebootCmd()).isNull();
        assertThat(c.userScriptUsers()).containsExactly("alice");
    }

    @Test
    void dotenvNoopNeedsNoServer() {
        ConfigLoader.Result r = load(".env", "main_api_lockname=x\nmain_api_noop=true\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().protocol()).isEqualTo(LockProtocol.NONE);
    }

    @Test
    void readsBatonsOwnFormatWithWindowAndConstraint() {
        ConfigLoader.Result r = load("agent.ini", """
                [baton]
                server = https://baton.example.com
                credential_id = c-1
                credential_secret = s
                lock_name = web
                holder = web-1.example.com
                base_dir = /srv/agent
                script_timeout = 900
                wait_max = forever
                date_constraint = 2:Tue,4:Fri
                window_days = Sat-Sun
                window_start = 22:00
                window_length = 4h
                window_zone = Europe/Berlin
                """);
        assertThat(messages(r)).isEmpty();
        AgentConfig c = r.config();
        assertThat(c.protocol()).isEqualTo(LockProtocol.BATON);
        assertThat(c.reportsToServer()).isTrue();
        assertThat(c.holder()).isEqualTo("web-1.example.com");
        assertThat(c.dir("update.d")).isEqualTo(Path.of("/srv/agent/update.d"));
        assertThat(c.scriptTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.waitMax()).isGreaterThan(Duration.ofDays(3650));
        assertThat(c.dateConstraint().toString()).isEqualTo("2:Tue,4:Fri");
        assertThat(c.window().days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(c.window().length()).isEqualTo(Duration.ofHours(4));
    }

    // ------------------------------------------------------------ every bad case, with its message

    @Test
    void missingRequiredKeysAreErrorsNamingTheKey() {
        ConfigLoader.Result r = load("config.ini", "[main]\nendpoint = https://dlm/api/v2/\nreboot_cmd = true\n");
        assertThat(r.ok()).isFalse();
        assertThat(messages(r)).contains(
                dir.resolve("config.ini") + ": error: lock_name: required key is missing (the name of the lock this host takes)",
                dir.resolve("config.ini") + ": error: secret_id: required key is missing (the credential id for dlm-v2)",
                dir.resolve("config.ini") + ": error: secret: required key is missing (the credential secret for dlm-v2)");
    }

    @Test
    void foremanNeedsItsCertificateAndEndpointKeysByTheirOwnNames() {
        ConfigLoader.Result r = load("config.ini", "[main]\nforeman_url = https://f\nlock_name = l\n");
        assertThat(messages(r)).anyMatch(m -> m.contains("error: client_crt: required key is missing"))
                .anyMatch(m -> m.contains("error: client_key: required key is missing"))
                .anyMatch(m -> m.contains("error: reboot_cmd: required key is missing"));
        ConfigLoader.Result noUrl = load("c2.ini", "[main]\nforeman_url =\nlock_name = l\nprotocol = foreman\nreboot_cmd=x\n");
        assertThat(messages(noUrl)).anyMatch(m -> m.contains("error: foreman_url: required key is empty"));
    }

    @Test
    void badValuesAreErrorsWithTheirLine() {
        ConfigLoader.Result r = load("config.ini", """
                [main]
                lock_name = l
                endpoint = https://dlm/api/v2/
                secret_id = i
                secret = s
                wait = maybe
                wait_max = soon
                log_level = LOUD
                log_retention = -3
                reboot_cmd = true
                """);
        String f = dir.resolve("config.ini").toString();
        assertThat(messages(r)).containsExactlyInAnyOrder(
                f + ":6: error: wait: \"maybe\" is not a boolean (use true or false)",
                f + ":7: error: wait_max: \"soon\" is not a whole number of seconds (or forever)",
                f + ":8: error: log_level: \"LOUD\" is not a log level (DEBUG, INFO, WARNING, ERROR)",
                f + ":9: error: log_retention: -3 is too small (at least 0)");
    }

    @Test
    void unknownKeysAreWarningsWithAHint() {
        ConfigLoader.Result r = load("config.ini", "[main]\nlock_name = l\nendpoint = https://d/api/v1/\nsecret_id = i\nsecret = s\n"
                + "reboot_cmd = true\nwait_maxx = 10\ncolour = blue\n[extra]\nx = 1\n");
        assertThat(r.ok()).isTrue();
        String f = dir.resolve("config.ini").toString();
        assertThat(messages(r)).containsExactlyInAnyOrder(
                f + ":7: warning: wait_maxx: unknown key; ignored (did you mean wait_max?)",
                f + ":8: warning: colour: unknown key; ignored",
                f + ":9: warning: section [extra] is not used; ignored");
    }

    @Test
    void syntaxErrorsAreReportedNotThrown() {
        ConfigLoader.Result r = load("config.ini", "orphan = 1\n[main\n[main]\nno separator here\nlock_name = a\nlock_name = b\n= value\n");
        String f = dir.resolve("config.ini").toString();
        assertThat(messages(r)).contains(
                f + ":1: error: orphan: key outside of any section (add a [main] or [baton] header above it)",
                f + ":2: error: malformed section header \"[main\" (expected [name])",
                f + ":4: error: expected \"key = value\", found \"no separator here\"",
                f + ":6: error: lock_name: given twice in [main] (first on line 5)",
                f + ":7: error: a key is missing before \"=\"");
        assertThat(r.ok()).isFalse();
    }

    @Test
    void filesThatAreNotConfigurationsGetOneClearError() {
        assertThat(messages(ConfigLoader.load(dir.resolve("nope.ini"), Map.of(), false)))
                .containsExactly(dir.resolve("nope.ini") + ": error: the configuration file does not exist (give another one with --cfg)");
        Path binary = dir.resolve("bin.ini");
        TestFiles.write(binary, "");
        try {
            Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(messages(ConfigLoader.load(binary, Map.of(), false))).containsExactly(binary + ": error: not a text file (it is not valid UTF-8)");
        assertThat(messages(load("plain.ini", "just some words\n")))
                .contains(dir.resolve("plain.ini") + ": error: no [baton] or [main] section: this is not a baton-agent, "
                        + "DLMEngineUpdater or foreman_dlm_updater configuration");
        assertThat(ConfigLoader.load(dir, Map.of(), false).errors()).singleElement().asString().contains("cannot be read");
    }

    @Test
    void dotenvSyntaxErrors() {
        ConfigLoader.Result r = load("x.env", "main_api_lockname=a\nmain_api_secret=\"unclosed\nnot a line\n");
        String f = dir.resolve("x.env").toString();
        assertThat(messages(r)).contains(f + ":2: error: main_api_secret: the value's opening \" is never closed",
                f + ":3: error: expected KEY=value, found \"not a line\"");
    }

    @Test
    void batonExtensionsAreCheckedToo() {
        ConfigLoader.Result r = load("agent.ini", """
                [baton]
                server = ftp://x
                protocol = carrier-pigeon
                lock_name = has space
                date_constraint = 6:Mon
                window_days = Funday
                window_zone = Mars/Olympus
                retry_min = 60
                retry_max = 10
                """);
        String f = dir.resolve("agent.ini").toString();
        assertThat(messages(r)).contains(
                f + ":2: error: server: \"ftp://x\" is not an http:// or https:// URL with a host name",
                f + ":3: error: protocol: \"carrier-pigeon\" is not a protocol (baton, dlm-v1, dlm-v2, foreman, fleetlock, none)",
                f + ":5: error: date_constraint: \"6:Mon\": 6 is out of range (the N-th weekday of a month is 1 to 5)",
                f + ": error: window_start: required key is missing (a window needs its start time, e.g. 22:00)",
                f + ":6: error: window_days: \"Funday\": \"Funday\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
                f + ":7: error: window_zone: \"Mars/Olympus\" is not a time zone (e.g. Europe/Berlin, UTC)",
                f + ":9: error: retry_max: is smaller than retry_min (60 s)");
    }

    @Test
    void aDateConstraintOfOnlyACommaIsAnError() {
        ConfigLoader.Result r = load("agent.ini", "[baton]\nprotocol = none\nlock_name = l\nreboot_cmd = true\ndate_constraint = ,\n");
        assertThat(r.ok()).isFalse();
        assertThat(messages(r)).singleElement().asString().startsWith(dir.resolve("agent.ini") + ":5: error: date_constraint: ")
                .contains("an empty item");
        ConfigLoader.Result dotenv = load("x.env", "main_api_lockname=a\nmain_api_noop=true\nmain_reboot_cmd=true\nmain_date_constraint=2:Tue,\n");
        assertThat(messages(dotenv)).singleElement().asString().contains(":4: error: main_date_constraint: ", "an empty item");
    }

    @Test
    void fleetLockGroupMustMatchThePattern() {
        ConfigLoader.Result r = load("agent.ini", "[baton]\nserver = http://fl\nprotocol = fleetlock\nlock_name = web servers\n");
        assertThat(messages(r)).contains(dir.resolve("agent.ini") + ":4: error: lock_name: \"web servers\" is not a FleetLock group "
                + "(letters, digits, dots and dashes only)");
    }

    @Test
    void missingCertificateFilesAreErrors() {
        ConfigLoader.Result r = load("config.ini", "[main]\nforeman_url = https://f\nlock_name = l\nreboot_cmd = x\n"
                + "client_crt = /nonexistent/c.pem\nclient_key = /nonexistent/k.pem\n");
        assertThat(messages(r)).contains(dir.resolve("config.ini") + ":5: error: client_crt: /nonexistent/c.pem: no such file");
    }

    @Test
    void checkFilesReportsMissingOrInsecureDirectoriesWithTheConsequence() throws Exception {
        Path f = dir.resolve("agent.ini");
        Path base = dir.resolve("scripts");
        TestFiles.write(f, "[baton]\nprotocol = none\nlock_name = l\nbase_dir = " + base + "\nreboot_cmd = true\n");
        TestFiles.mkdirs(base.resolve("needs_update.d"));
        TestFiles.mkdirs(base.resolve("post_update.d"));
        java.nio.file.Files.setPosixFilePermissions(base.resolve("post_update.d"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        ConfigLoader.Result r = ConfigLoader.load(f, Map.of(), true);
        assertThat(r.ok()).isFalse();
        assertThat(messages(r))
                .anyMatch(m -> m.endsWith("error: update.d: " + base.resolve("update.d") + " does not exist: every run with updates fails "
                        + "in update, keeping the lock (create it; it may stay empty)"))
                .anyMatch(m -> m.endsWith("error: needs_reboot.d: " + base.resolve("needs_reboot.d") + " does not exist: every run with "
                        + "updates fails in needs_reboot, keeping the lock (create it; it may stay empty)"))
                .anyMatch(m -> m.endsWith("error: post_update.d: " + base.resolve("post_update.d") + " is refused: the directory is "
                        + "writable by its group (mode 0777); insecure: none of its scripts runs: every run with updates fails in "
                        + "post_update, keeping the lock"))
                .anyMatch(m -> m.endsWith("warning: ext_notify.d: " + base.resolve("ext_notify.d") + " does not exist: no ext_notify hooks run"))
                .noneMatch(m -> m.contains("needs_update.d"))
                .noneMatch(m -> m.contains(": reboot.d:"));
        TestFiles.deleteTree(base.resolve("needs_update.d"));
        assertThat(messages(ConfigLoader.load(f, Map.of(), true))).anyMatch(m -> m.endsWith("error: needs_update.d: "
                + base.resolve("needs_update.d") + " does not exist: every run fails, doing nothing (create it; it may stay empty)"));
    }

    @Test
    void secretsNeverAppearInMessages() {
        ConfigLoader.Result r = load("config.ini", "[main]\nlock_name = l\nendpoint = https://d/api/v2/\nsecret_id = i\n"
                + "secret = hunter2\nwait = hunter3\nreboot_cmd = x\n");
        assertThat(String.join("\n", messages(r))).doesNotContain("hunter2");
    }
}
