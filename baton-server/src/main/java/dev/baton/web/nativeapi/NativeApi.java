package dev.baton.web.nativeapi;

import dev.baton.auth.AuthService;
import dev.baton.hosts.FleetHosts;
import dev.baton.hosts.HostRegistry;
import dev.baton.jobs.Jobs;
import dev.baton.lock.Locks;
import dev.baton.notify.Notifier;
import dev.baton.progress.ProgressService;
import dev.baton.web.AuditLog;
import dev.baton.web.ErrorShape;
import dev.baton.web.HolderGate;
import dev.baton.web.WebApp;
import io.javalin.config.JavalinConfig;
import java.util.function.Consumer;

/**
 * Baton's own HTTP API under {@code /api/v3}, one class per resource: {@link LocksApi} (acquire, release, show,
 * list), {@link EventsApi} (the history), {@link LockAdminApi} (an operator's switches of a lock), {@link FleetApi} (the fleet freeze),
 * {@link CredentialsApi} (API credentials and whoami), {@link HostsApi} (the host registry), {@link ReportsApi}
 * (agent progress), {@link UsersApi} (users), {@link AuditApi} (the audit trail), {@link NotificationsApi}
 * (channels, rules, the outbox) and {@link JobsApi} (durable jobs). Every caller passes the {@link HolderGate}, whose permission checks go through
 * {@link dev.baton.auth.Access}; errors are {@code {"error":{"code","message"}}}.
 * Every route is in {@code openapi.json}; a test keeps the two in step.
 */
public final class NativeApi {

    public static final String PREFIX = "/api/v3";

    private final LocksApi locks;
    private final EventsApi events;
    private final LockAdminApi lockAdmin;
    private final FleetApi fleet;
    private final CredentialsApi credentials;
    private final HostsApi hosts;
    private final ReportsApi reports;
    private final UsersApi users;
    private final AuditApi auditTrail;
    private final NotificationsApi notifications;
    private final JobsApi jobs;

    public NativeApi(Locks locks, AuthService auth, HostRegistry hosts, ProgressService progress, FleetHosts fleetHosts,
                     Notifier notifier, Jobs jobs,
                     HolderGate gate, AuditLog audit) {
        this.locks = new LocksApi(locks.service(), locks.reader(), gate);
        this.events = new EventsApi(locks.reader(), gate);
        this.lockAdmin = new LockAdminApi(locks.service(), locks.policy(), locks.reader(), gate, audit);
        this.fleet = new FleetApi(locks.policy(), locks.reader(), gate, audit);
        this.credentials = new CredentialsApi(auth, gate, audit);
        this.hosts = new HostsApi(hosts, progress, fleetHosts, gate, audit);
        this.reports = new ReportsApi(progress, gate);
        this.users = new UsersApi(auth, gate, audit);
        this.auditTrail = new AuditApi(audit, gate);
        this.notifications = new NotificationsApi(notifier, gate, audit);
        this.jobs = new JobsApi(jobs, gate, audit);
    }

    /** The door at {@code /}, with {@code others} (the operations endpoints) mounted beside the API's routes. */
    public WebApp.Door door(Consumer<JavalinConfig> others) {
        return new WebApp.Door("/", ErrorShape.NATIVE, config -> {
            others.accept(config);
            locks.routes(config);
            events.routes(config);
            lockAdmin.routes(config);
            fleet.routes(config);
            credentials.routes(config);
            hosts.routes(config);
            reports.routes(config);
            users.routes(config);
            auditTrail.routes(config);
            notifications.routes(config);
            jobs.routes(config);
        });
    }
}
