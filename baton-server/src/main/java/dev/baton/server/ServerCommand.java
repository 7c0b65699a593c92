package dev.baton.server;

import dev.baton.auth.DirectoryRoles;
import dev.baton.auth.LoginThrottle;
import dev.baton.auth.SessionTimeouts;
import dev.baton.server.ldap.LdapSettings;
import dev.baton.web.TrustedProxies;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import dev.baton.jump.ssh.SshSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code baton server}: runs the lock server until stopped (SIGTERM or Ctrl-C). */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Runs the Baton server.",
                "It serves the native API, the Foreman DLM, DLM Engine v1/v2 and FleetLock doors, the metrics and the health "
                        + "check, over HTTP or HTTPS (--tls-cert, --tls-key; --client-ca for host certificates).",
                "",
                "Every option can also be set in the config file (--config, 'key = value' lines, the key being the option's "
                        + "long name without dashes) or as an environment variable BATON_<KEY> (dashes become underscores). "
                        + "The command line wins over the environment, which wins over the file.",
                "",
                "On first start the user 'admin' is created with the password in BATON_ADMIN_PASSWORD, or with a generated "
                        + "password printed once on stderr."},
        footer = {"", "Exit codes: 0 stopped cleanly; 1 could not start (the message says why); 2 bad options."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file of 'key = value' lines.")
    Path config;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). Use 0.0.0.0 for every interface.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "baton-data",
            description = "Directory of the embedded store (default: ${DEFAULT-VALUE}). Ignored with --store.")
    Path data;

    @Option(names = "--store", paramLabel = "URL",
            description = "A PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/baton?user=baton&password=...; default: the embedded store.")
    String store;

    @Option(names = "--fsync", paramLabel = "BOOL", defaultValue = "true", arity = "1",
            description = "Embedded store: fsync every commit so grants survive a power loss (default: ${DEFAULT-VALUE}). "
                    + "false still survives a crash of the server process.")
    boolean fsync;

    @Option(names = "--default-slots", paramLabel = "N", defaultValue = "1",
            description = "Slots of a lock created on first use (default: ${DEFAULT-VALUE}).")
    int defaultSlots;

    @Option(names = "--stale-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A fleet default: a holder held longer than this, ISO-8601 (e.g. PT4H), is reported stale on "
                    + "every lock that sets no stale_after of its own. Without it staleness is off unless a lock sets it "
                    + "(baton lock set-stale-after).")
    Duration staleAfter;

    @Option(names = "--session-idle", paramLabel = "DURATION", defaultValue = "PT30M", converter = DurationConverter.class,
            description = "A console session ends after this long without a request, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration sessionIdle;

    @Option(names = "--session-max", paramLabel = "DURATION", defaultValue = "PT12H", converter = DurationConverter.class,
            description = "A console session ends this long after its login, however busy, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration sessionMax;

    @Option(names = "--event-retention", paramLabel = "DURATION", defaultValue = "P365D", converter = DurationConverter.class,
            description = "Lock events older than this are deleted, hourly; PT0S keeps them forever. ISO-8601 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration eventRetention;

    @Option(names = "--host-not-seen-after", paramLabel = "DURATION", defaultValue = "P7D", converter = DurationConverter.class,
            description = "A host that neither called nor reported for this long shows as 'not seen' in the host list and "
                    + "the console. ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration hostNotSeenAfter;

    @Option(names = "--login-failure-limit", paramLabel = "N", defaultValue = "" + LoginThrottle.DEFAULT_LIMIT,
            description = "Failed logins (wrong secrets of known users or credentials) allowed from one address in 5 minutes; "
                    + "then that address is answered 429 until the 5 minutes are over. 0: no limit (default: ${DEFAULT-VALUE}).")
    int loginFailureLimit;

    @Option(names = "--trusted-proxies", paramLabel = "NETWORKS", split = ",",
            description = "Proxies and load balancers (addresses or networks such as 10.0.0.0/8) whose X-Forwarded-For "
                    + "names the client, so that --login-failure-limit counts per client, not per proxy (default: none; "
                    + "the header is ignored).")
    java.util.List<String> trustedProxies;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "PEM server certificate (with its chain): serve HTTPS. Needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "PEM private key of --tls-cert: PKCS#1 (BEGIN RSA PRIVATE KEY, as Puppet writes), SEC1 or PKCS#8; unencrypted.")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "PEM CA whose client certificates identify hosts (the Puppet CA, for Foreman DLM clients). "
                    + "Client certificates are asked for, not required; one that does not chain to this CA fails the handshake.")
    Path clientCa;

    @Option(names = "--auto-register-hosts", paramLabel = "BOOL", defaultValue = "false", arity = "0..1", fallbackValue = "true",
            description = "Register a host whose client certificate the client CA signed but whose CN is unknown, "
                    + "instead of answering 401 (default: ${DEFAULT-VALUE}).")
    boolean autoRegisterHosts;

    @Option(names = "--create-locks", paramLabel = "DOORS", split = ",", defaultValue = "foreman,dlm-engine,fleetlock",
            description = "Doors through which an unknown lock (FleetLock: group) is created on first use, with --default-slots; "
                    + "the others answer 404. Any of foreman, dlm-engine, fleetlock, or none (default: ${DEFAULT-VALUE}).")
    java.util.List<String> createLocks;

    @Option(names = "--fleetlock-prefix", paramLabel = "PATH", defaultValue = "/",
            description = "Path the FleetLock door is served under (default: ${DEFAULT-VALUE}, i.e. /v1/pre-reboot). "
                    + "With /fleetlock/, Zincati's base URL is https://HOST/fleetlock/ (ending in /).")
    String fleetLockPrefix;

    @Option(names = "--fleetlock-auth-groups", paramLabel = "GROUPS", split = ",",
            description = "FleetLock groups whose clients must send HTTP Basic credentials (a Baton credential allowed to hold "
                    + "as the client id). Other groups are open, as Zincati cannot send credentials (default: none).")
    java.util.List<String> fleetLockAuthGroups;

    @Option(names = "--notify-interval", paramLabel = "DURATION", defaultValue = "PT5S", converter = DurationConverter.class,
            description = "How often the notification outbox is checked for messages to send, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration notifyInterval;

    @Option(names = "--notify-retry-after", paramLabel = "DURATION", defaultValue = "PT30S", converter = DurationConverter.class,
            description = "Wait after a failed notification send; it doubles with each further failure, up to an hour "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration notifyRetryAfter;

    @Option(names = "--notify-max-attempts", paramLabel = "N", defaultValue = "8",
            description = "Tries before a notification is kept as a dead letter, to be retried by hand (default: ${DEFAULT-VALUE}).")
    int notifyMaxAttempts;

    @Option(names = "--notify-waiting-after", paramLabel = "DURATION", defaultValue = "PT1H", converter = DurationConverter.class,
            description = "The threshold of lock.waiting_long rules that set none (--after): such a rule hears of a host "
                    + "waiting for a lock longer than this, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration notifyWaitingAfter;

    @Option(names = "--notify-not-seen-after", paramLabel = "DURATION", defaultValue = "P7D", converter = DurationConverter.class,
            description = "The threshold of host.not_seen rules that set none (--after): such a rule hears of a registered "
                    + "host that has not called or reported for longer than this, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration notifyNotSeenAfter;

    @Option(names = "--notify-smtp-ca", paramLabel = "FILE",
            description = "PEM file of the CA that signs the SMTP servers' certificates, when the JVM does not know it "
                    + "(default: the JVM's trust store).")
    Path notifySmtpCa;

    @Option(names = "--ldap-url", paramLabel = "URL",
            description = "An LDAP directory people may also sign in against, ldap://HOST:389 or ldaps://HOST:636 (default: "
                    + "none). Local users are always checked locally, so they keep working while the directory is down.")
    String ldapUrl;

    @Option(names = "--ldap-user-dn", paramLabel = "PATTERN",
            description = "The DN a user binds as, {0} standing for the user name, e.g. uid={0},ou=people,dc=example,dc=org.")
    String ldapUserDn;

    @Option(names = "--ldap-group-base", paramLabel = "DN", description = "Where the user's groups are searched, e.g. ou=groups,dc=example,dc=org.")
    String ldapGroupBase;

    @Option(names = "--ldap-group-filter", paramLabel = "FILTER",
            description = "The user's groups, {dn} standing for its DN and {name} for its name (default: member, uniqueMember "
                    + "or memberUid).")
    String ldapGroupFilter;

    @Option(names = "--ldap-group-role", paramLabel = "GROUP=ROLE", split = ";",
            description = "Which group gives which role, the group by name or DN; repeat or separate with ';', e.g. "
                    + "baton-admins=admin;baton-ops=operator. A user in several gets the most powerful; in none, no sign-in.")
    java.util.List<String> ldapGroupRoles;

    @Option(names = "--ldap-timeout", paramLabel = "DURATION", defaultValue = "PT5S", converter = DurationConverter.class,
            description = "How long to wait for the directory to connect and to answer, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration ldapTimeout;

    @Option(names = "--ldap-ca", paramLabel = "FILE",
            description = "The CA certificate(s), PEM, the directory's TLS certificate must chain to, for ldaps:// and "
                    + "--ldap-starttls (default: the CAs this JDK trusts).")
    Path ldapCa;

    @Option(names = "--ldap-starttls", description = "On an ldap:// URL, switch the connection to TLS (StartTLS) before "
            + "any password is sent; refused if the directory cannot.")
    boolean ldapStartTls;

    @Option(names = "--advisory-prefix", paramLabel = "PREFIX", defaultValue = "SITE-SA",
            description = "How the site's advisory ids start: PREFIX:YEAR:NUMBER, e.g. SITE-SA:2026:0001; upper-case "
                    + "letters, digits and dashes (default: ${DEFAULT-VALUE}).")
    String advisoryPrefix;

    @Option(names = "--advisory-from", paramLabel = "ADDRESS",
            description = "Who issues the site's advisories (updateinfo's 'from'), e.g. linux-team@example.org (default: none).")
    String advisoryFrom;

    @Option(names = "--advisory-templates", paramLabel = "DIR",
            description = "A directory whose advisory-mail-subject.txt, advisory-mail-body.txt and advisory-webhook.json "
                    + "replace the built-in announcement templates; checked at start (default: the built-in ones).")
    Path advisoryTemplates;
    @Option(names = "--signing-passphrase-file", paramLabel = "FILE",
            description = "A file (readable by the server's user only) holding the passphrase that keeps the site's "
                    + "signing keys encrypted at rest; or set BATON_SIGNING_PASSPHRASE. Without one, keys can be listed "
                    + "and exported but not created, imported or used to sign.")
    Path signingPassphraseFile;

    @Option(names = "--jump-ssh-key", paramLabel = "FILE",
            description = "The private key release jumps log in to the hosts with, as root (default: ~/.ssh/id_ed25519 "
                    + "or ~/.ssh/id_rsa of the server's user, unless --jump-ssh-agent is given).")
    Path jumpSshKey;

    @Option(names = "--jump-known-hosts", paramLabel = "FILE",
            description = "The known_hosts file that release jumps check every host's key against (default: "
                    + "~/.ssh/known_hosts of the server's user).")
    Path jumpKnownHosts;

    @Option(names = "--jump-ssh-agent", paramLabel = "SOCKET", arity = "0..1", fallbackValue = "",
            description = "Log in to the hosts with the keys of the ssh-agent whose Unix socket this is (given "
                    + "without SOCKET: the one SSH_AUTH_SOCK names). With --jump-ssh-key too, the agent's keys are "
                    + "offered first, then the key file's; without it, only the agent's (default: no agent).")
    String jumpSshAgent;

    @Option(names = "--jump-log-dir", paramLabel = "DIR",
            description = "Where release jumps write each host's log, one directory per run (default: jump-logs in the "
                    + "data directory).")
    Path jumpLogDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ServerSettings settings;
        try {
            settings = new ServerSettings(bind, port, data, store, fsync, defaultSlots, staleAfter, eventRetention,
                    loginFailureLimit, System.getenv("BATON_ADMIN_PASSWORD"), new TlsSettings(tlsCert, tlsKey, clientCa), doorSettings(),
                    TrustedProxies.parse(trustedProxies),
                    new LdapSettings(ldapUrl, ldapUserDn, ldapGroupBase, ldapGroupFilter, ldapGroupRoles, ldapTimeout, ldapCa,
                            ldapStartTls),
                    new SessionTimeouts(sessionIdle, sessionMax), hostNotSeenAfter,
                    new NotifySettings(notifyInterval, notifyRetryAfter, notifyMaxAttempts, notifyWaitingAfter, notifyNotSeenAfter,
                            NotifySettings.DEFAULTS.scanInterval(), notifySmtpCa),
                    new AdvisorySettings(advisoryPrefix, advisoryFrom, advisoryTemplates),
                    SigningPassphrase.from(signingPassphraseFile, System.getenv("BATON_SIGNING_PASSPHRASE")),
                    new JumpServerSettings(jumpSshKey, jumpKnownHosts, jumpLogDir, jumpSshAgent == null ? null
                            : SshSettings.agentSocket("--jump-ssh-agent", jumpSshAgent, System.getenv("SSH_AUTH_SOCK"))));
            if (settings.ldap().enabled()) {
                DirectoryRoles.parse(settings.ldap().groupRoles()); // a bad mapping is a bad option, not a failed start
            }
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("baton server: " + e.getMessage());
            return 2;
        }
        String notHere = notAnAddressOfThisMachine(bind);
        if (notHere != null) {
            spec.commandLine().getErr().println("baton server: " + notHere);
            return 2;
        }
        BatonServer server;
        try {
            server = BatonServer.start(settings);
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("baton server: cannot start: " + describe(e));
            return 1;
        }
        var err = spec.commandLine().getErr();
        server.generatedAdminPassword().ifPresent(p -> {
            err.println("Created the user 'admin' with the generated password:");
            err.println();
            err.println("    " + p);
            err.println();
            err.println("It is shown this once. Set BATON_ADMIN_PASSWORD for the admin CLI.");
        });
        err.printf("Baton %s listening on %s://%s:%d (store: %s)%n", BatonServer.VERSION,
                settings.tls().enabled() ? "https" : "http", bind, server.port(),
                server.storeDescription());
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "baton-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private DoorSettings doorSettings() {
        java.util.Set<String> create = new java.util.HashSet<>();
        for (String door : createLocks) {
            String d = door.strip().toLowerCase(java.util.Locale.ROOT);
            if (!java.util.Set.of("foreman", "dlm-engine", "fleetlock", "none", "").contains(d)) {
                throw new IllegalArgumentException("--create-locks: unknown door '" + door + "'; use foreman, dlm-engine, fleetlock or none");
            }
            create.add(d);
        }
        java.util.Set<String> groups = new java.util.HashSet<>();
        if (fleetLockAuthGroups != null) {
            fleetLockAuthGroups.stream().map(String::strip).filter(g -> !g.isEmpty()).forEach(groups::add);
        }
        return new DoorSettings(create.contains("foreman"), create.contains("dlm-engine"), create.contains("fleetlock"),
                fleetLockPrefix, groups, autoRegisterHosts);
    }

    /**
     * Why the server cannot listen on {@code bind}, or {@code null} when it can. Checked before starting:
     * Jetty reports any failure to bind as "port already in use".
     */
    static String notAnAddressOfThisMachine(String bind) {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            return "--bind: '" + bind + "' is not an address or a known host name; use 127.0.0.1, 0.0.0.0 (every interface) "
                    + "or an address of this machine";
        }
        try {
            if (address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null) {
                return null;
            }
        } catch (SocketException e) {
            return null; // cannot tell; let the bind itself say
        }
        String named = bind.equals(address.getHostAddress()) ? bind : bind + " (" + address.getHostAddress() + ")";
        return "--bind: " + named + " is not an address of this machine; use 127.0.0.1, 0.0.0.0 (every interface) "
                + "or one of its own addresses";
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        if (e.getCause() != null && e.getCause().getMessage() != null && message != null && message.contains("Failed to bind")) {
            message = message + ": " + e.getCause().getMessage();
        }
        if (message != null && message.contains("Address already in use")) {
            return "the port is already in use; stop the other process or pick another --port";
        }
        return message != null ? message : e.getClass().getSimpleName();
    }
}
