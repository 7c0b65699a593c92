package dev.baton.server;

import dev.baton.auth.LoginThrottle;
import dev.baton.auth.SessionTimeouts;
import dev.baton.hosts.FleetHosts;
import dev.baton.lock.LockSettings;
import dev.baton.web.TrustedProxies;
import dev.baton.server.ldap.LdapSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Everything the server is started with. Each setting is an option of {@code baton server}, a key of
 * the config file and an environment variable (see {@link ServerCommand}, which documents them).
 *
 * @param bind              address to listen on. Default {@code 127.0.0.1}.
 * @param port              TCP port; 0 picks a free one. Default 8080.
 * @param dataDir           the embedded store's directory. Default {@code ./baton-data}.
 * @param storeUrl          a PostgreSQL JDBC URL; {@code null} for the embedded store.
 * @param fsync             embedded store: fsync every commit (survives power loss). Default true.
 * @param defaultSlots      slots of a lock created on first use. Default 1.
 * @param staleAfter        the fleet default after which a holder is reported stale, for locks without their own;
 *                          {@code null}, the default: off
 * @param eventRetention    lock events older than this are deleted, hourly; zero keeps them forever. Default 365 days.
 * @param loginFailureLimit failed logins (wrong secrets of known users or credentials) allowed per client address
 *                          within 5 minutes before that address is refused with 429 for the rest of them; 0: no
 *                          limit. Default 30, as Foreman.
 * @param adminPassword     password for the {@code admin} user created on first start; null: generate one.
 * @param tls               HTTPS and client certificates ({@link TlsSettings}). Default: plain HTTP.
 * @param doors             the protocol doors ({@link DoorSettings}).
 * @param trustedProxies    proxies whose {@code X-Forwarded-For} names the client, for the failed-login limit.
 *                          Default none: the header is ignored.
 * @param ldap              a directory people may sign in against ({@link LdapSettings}). Default: none.
 * @param sessions          the console's session timeouts, idle and absolute ({@link SessionTimeouts}). Default 30 min
 *                          and 12 h.
 * @param hostNotSeenAfter  a host that neither called nor reported for this long is shown as "not seen". Default 7 days.
 * @param notifications     how notifications are sent and what the periodic checks look for ({@link NotifySettings}).
 * @param advisories        the site advisories' id prefix, issuer and announcement templates ({@link AdvisorySettings}).
 * @param signingPassphrase the passphrase of the site's signing keys ({@link SigningPassphrase}). Default none.
 * @param jump              the release jump's SSH key, known_hosts and log directory ({@link JumpServerSettings}).
 */
public record ServerSettings(String bind, int port, Path dataDir, String storeUrl, boolean fsync,
                             int defaultSlots, Duration staleAfter, Duration eventRetention, int loginFailureLimit, String adminPassword,
                             TlsSettings tls, DoorSettings doors, TrustedProxies trustedProxies, LdapSettings ldap,
                             SessionTimeouts sessions, Duration hostNotSeenAfter,
                             NotifySettings notifications, AdvisorySettings advisories,
                             SigningPassphrase signingPassphrase, JumpServerSettings jump) {

    public ServerSettings {
        advisories = advisories == null ? AdvisorySettings.DEFAULTS : advisories;
        ldap = ldap == null ? LdapSettings.NONE : ldap;
        sessions = sessions == null ? SessionTimeouts.DEFAULTS : sessions;
        notifications = notifications == null ? NotifySettings.DEFAULTS : notifications;
        signingPassphrase = signingPassphrase == null ? SigningPassphrase.NONE : signingPassphrase;
        jump = jump == null ? JumpServerSettings.DEFAULTS : jump;
        tls = tls == null ? TlsSettings.NONE : tls;
        doors = doors == null ? DoorSettings.DEFAULTS : doors;
        trustedProxies = trustedProxies == null ? TrustedProxies.NONE : trustedProxies;
        eventRetention = eventRetention == null ? DEFAULT_EVENT_RETENTION : eventRetention;
        hostNotSeenAfter = hostNotSeenAfter == null ? FleetHosts.DEFAULT_NOT_SEEN_AFTER : hostNotSeenAfter;
        if (hostNotSeenAfter.isNegative() || hostNotSeenAfter.isZero()) {
            throw new IllegalArgumentException("--host-not-seen-after must be a positive duration such as P7D, got "
                    + hostNotSeenAfter);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be between 1 and 65535 (or 0 for any free port), got " + port);
        }
        if (defaultSlots < 0 || defaultSlots > LockSettings.MAX_SLOTS) {
            throw new IllegalArgumentException("--default-slots must be between 0 (locks created closed) and "
                    + LockSettings.MAX_SLOTS + ", got " + defaultSlots);
        }
        if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
            throw new IllegalArgumentException("--stale-after must be a positive duration such as PT4H, got " + staleAfter);
        }
        if (loginFailureLimit < 0) {
            throw new IllegalArgumentException("--login-failure-limit must be 0 (no limit) or more, got " + loginFailureLimit);
        }
        if (eventRetention.isNegative()) {
            throw new IllegalArgumentException("--event-retention must be zero (keep events forever) or positive, got "
                    + eventRetention);
        }
    }

    public static final Duration DEFAULT_EVENT_RETENTION = Duration.ofDays(365);

    public static ServerSettings defaults() {
        // null: the default of that setting, filled in by the compact constructor
        return new ServerSettings("127.0.0.1", 8080, Path.of("baton-data"), null, true, 1, null,
                DEFAULT_EVENT_RETENTION, LoginThrottle.DEFAULT_LIMIT, null, null, null, null, null, null, null, null, null, null, null);
    }

    public ServerSettings withPort(int newPort) {
        return with(b -> b.port = newPort);
    }

    public ServerSettings withStore(Path newDataDir, String newStoreUrl) {
        return with(b -> { b.dataDir = newDataDir; b.storeUrl = newStoreUrl; });
    }

    public ServerSettings withAdminPassword(String password) {
        return with(b -> b.adminPassword = password);
    }

    public ServerSettings withDefaultSlots(int slots) {
        return with(b -> b.defaultSlots = slots);
    }

    public ServerSettings withLoginFailureLimit(int limit) {
        return with(b -> b.loginFailureLimit = limit);
    }

    public ServerSettings withTls(TlsSettings newTls) {
        return with(b -> b.tls = newTls);
    }

    public ServerSettings withTrustedProxies(TrustedProxies proxies) {
        return with(b -> b.trustedProxies = proxies);
    }

    public ServerSettings withLdap(LdapSettings newLdap) {
        return with(b -> b.ldap = newLdap);
    }

    public ServerSettings withSessions(SessionTimeouts newSessions) {
        return with(b -> b.sessions = newSessions);
    }

    public ServerSettings withDoors(DoorSettings newDoors) {
        return with(b -> b.doors = newDoors);
    }

    public ServerSettings withNotifications(NotifySettings newNotifications) {
        return with(b -> b.notifications = newNotifications);
    }

    public ServerSettings withAdvisories(AdvisorySettings newAdvisories) {
        return with(b -> b.advisories = newAdvisories);
    }

    public ServerSettings withSigningPassphrase(SigningPassphrase passphrase) {
        return with(b -> b.signingPassphrase = passphrase);
    }

    public ServerSettings withJump(JumpServerSettings newJump) {
        return with(b -> b.jump = newJump);
    }

    /** A copy of these settings with one change; the compact constructor checks the result. */
    private ServerSettings with(Consumer<Copy> change) {
        Copy b = new Copy(this);
        change.accept(b);
        return b.build();
    }

    /** The mutable copy behind the {@code withX} methods, so that each of them names only what it changes. */
    private static final class Copy {
        String bind;
        int port;
        Path dataDir;
        String storeUrl;
        boolean fsync;
        int defaultSlots;
        Duration staleAfter;
        Duration eventRetention;
        int loginFailureLimit;
        String adminPassword;
        TlsSettings tls;
        DoorSettings doors;
        TrustedProxies trustedProxies;
        LdapSettings ldap;
        SessionTimeouts sessions;
        Duration hostNotSeenAfter;
        NotifySettings notifications;
        AdvisorySettings advisories;
        SigningPassphrase signingPassphrase;
        JumpServerSettings jump;

        Copy(ServerSettings s) {
            bind = s.bind;
            port = s.port;
            dataDir = s.dataDir;
            storeUrl = s.storeUrl;
            fsync = s.fsync;
            defaultSlots = s.defaultSlots;
            staleAfter = s.staleAfter;
            eventRetention = s.eventRetention;
            loginFailureLimit = s.loginFailureLimit;
            adminPassword = s.adminPassword;
            tls = s.tls;
            doors = s.doors;
            trustedProxies = s.trustedProxies;
            ldap = s.ldap;
            sessions = s.sessions;
            hostNotSeenAfter = s.hostNotSeenAfter;
            notifications = s.notifications;
            advisories = s.advisories;
            signingPassphrase = s.signingPassphrase;
            jump = s.jump;
        }

        ServerSettings build() {
            return new ServerSettings(bind, port, dataDir, storeUrl, fsync, defaultSlots, staleAfter, eventRetention, loginFailureLimit, adminPassword, tls, doors, trustedProxies, ldap, sessions, hostNotSeenAfter, notifications, advisories, signingPassphrase, jump);
        }
    }
}
