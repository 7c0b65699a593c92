package dev.baton.server;

import dev.baton.audit.AuditTrail;
import dev.baton.auth.AuthService;
import dev.baton.auth.DirectoryRoles;
import dev.baton.auth.LoginThrottle;
import dev.baton.auth.SecretHasher;
import dev.baton.auth.Sessions;
import dev.baton.console.Console;
import dev.baton.console.PipelineSources;
import dev.baton.hosts.FleetHosts;
import dev.baton.hosts.HostRegistry;
import dev.baton.jobs.Jobs;
import dev.baton.jump.run.JumpRunHandler;
import dev.baton.jump.run.JumpGroups;
import dev.baton.jump.run.JumpRuns;
import dev.baton.jump.run.JumpSettings;
import dev.baton.jump.run.StandardHostTools;
import dev.baton.jump.ssh.SshSettings;
import dev.baton.store.SqlJumpStore;
import dev.baton.web.jump.JumpApi;
import dev.baton.pipeline.PipelineServices;
import dev.baton.pipeline.advisory.Advisories;
import dev.baton.pipeline.advisory.AdvisoryAnnouncement;
import dev.baton.pipeline.advisory.AdvisoryAnnouncements;
import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.publish.Publications;
import dev.baton.pipeline.publish.Publisher;
import dev.baton.pipeline.release.Releases;
import dev.baton.pipeline.remote.Remotes;
import dev.baton.pipeline.repository.Packages;
import dev.baton.pipeline.repository.Repositories;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.pipeline.sync.RemoteSync;
import dev.baton.store.SqlAdvisoryStore;
import dev.baton.store.SqlPackageStore;
import dev.baton.store.SqlRemoteStore;
import dev.baton.store.SqlRepositoryStore;
import dev.baton.store.SqlSigningKeyStore;
import dev.baton.web.pipeline.PipelineApi;
import dev.baton.jobs.JobsSettings;
import dev.baton.lock.LockHousekeeping;
import dev.baton.lock.LockServiceSettings;
import dev.baton.lock.Locks;
import dev.baton.server.ldap.LdapDirectory;
import dev.baton.server.ldap.LdapSettings;
import dev.baton.store.Database;
import dev.baton.store.SqlAuditStore;
import dev.baton.store.SqlAuthStore;
import dev.baton.store.SqlHostStore;
import dev.baton.store.SqlJobStore;
import dev.baton.store.SqlLockStore;
import dev.baton.store.SqlReportStore;
import dev.baton.store.SqlSessionStore;
import dev.baton.progress.ProgressService;
import dev.baton.channels.Channels;
import dev.baton.notify.FleetScans;
import dev.baton.notify.NoticeFeed;
import dev.baton.notify.NotificationKinds;
import dev.baton.notify.Notifier;
import dev.baton.store.SqlNoticeSources;
import dev.baton.store.SqlNotifyStore;
import dev.baton.web.AuditLog;
import dev.baton.web.Authenticator;
import dev.baton.web.HolderGate;
import dev.baton.web.Metrics;
import dev.baton.web.OpsApi;
import dev.baton.web.RefusalLog;
import dev.baton.web.WebApp;
import dev.baton.web.dlmengine.DlmEngineV1Api;
import dev.baton.web.dlmengine.DlmEngineV2Api;
import dev.baton.web.fleetlock.FleetLockApi;
import dev.baton.web.foreman.ForemanApi;
import dev.baton.web.nativeapi.NativeApi;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Baton server: the store, the lock and auth services, the HTTP doors and the housekeeping
 * tasks (waiter heartbeat and pump, stale sweep, report and sighting purge), the notifications (outbox sender, scans)
 * and the durable jobs. Tests start it on port 0 with the real routes.
 */
public final class BatonServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatonServer.class);
    public static final String VERSION = "0.1.0";

    private final Database database;
    private final Locks locks;
    private final AuthService auth;
    private final HostRegistry hosts;
    private final ProgressService progress;
    private final Notifier notifier;
    private final Jobs jobs;
    private final PipelineServices pipeline;
    private final JumpRuns jumpRuns;
    private final AuditTrail audit;
    private final Console console;
    private final FleetHosts fleetHosts;
    private final Javalin app;
    private final ScheduledExecutorService housekeeping;
    /** Sends notifications, apart from the lock housekeeping so that a slow mail server delays nothing else. */
    private final ScheduledExecutorService notifications;
    private final Optional<String> generatedAdminPassword;

    private BatonServer(ServerSettings settings, SecretHasher hasher) {
        this.notifications = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("baton-notifications").factory());
        this.database = Database.open(settings.storeUrl(), settings.dataDir(), settings.fsync());
        try {
            Metrics metrics = new Metrics();
            // The console is told of lock events (for its live pages) before it is built: it needs the locks.
            var consoleFeed = new java.util.concurrent.atomic.AtomicReference<dev.baton.lock.LockListener>(e -> { });
            this.notifier = new Notifier(new SqlNotifyStore(database),
                    new Channels(InstantSource.system(), settings.notifications().smtpCa()),
                    NotificationKinds.standard(settings.notifications().waitingAfter(), settings.notifications().notSeenAfter()),
                    settings.notifications().outbox(), InstantSource.system());
            // Notices of lock events and failed reports: published at once, and read again from the committed rows
            // by every server's notification pass, so a crash between the change and its notice loses none.
            var feed = new NoticeFeed(notifier, new SqlNoticeSources(database), InstantSource.system());
            var lockNotices = feed.lockListener(notifications);
            var lockSettings = LockServiceSettings.DEFAULTS.withDefaultSlots(settings.defaultSlots())
                    .withDefaultStaleAfter(settings.staleAfter()).withEventRetention(settings.eventRetention());
            this.locks = new Locks(new SqlLockStore(database, InstantSource.system()), lockSettings,
                    InstantSource.system(), event -> {
                        metrics.committed(event);
                        consoleFeed.get().committed(event);
                        lockNotices.committed(event);
                    });
            metrics.attach(locks.reader());
            metrics.attach(hasher);
            LdapSettings ldap = settings.ldap();
            this.auth = new AuthService(new SqlAuthStore(database), hasher, InstantSource.system(),
                    new LoginThrottle(settings.loginFailureLimit(), InstantSource.system()),
                    ldap.enabled() ? new LdapDirectory(ldap, ldap.ca() == null ? null : Tls.trusting(ldap.ca(), "--ldap-ca")) : null,
                    ldap.enabled() ? DirectoryRoles.parse(ldap.groupRoles()) : null);
            this.generatedAdminPassword = auth.ensureAdmin(settings.adminPassword());
            this.hosts = new HostRegistry(new SqlHostStore(database), InstantSource.system());
            this.progress = new ProgressService(new SqlReportStore(database), InstantSource.system(), feed.reportListener());
            metrics.attach(notifier, progress);
            this.fleetHosts = new FleetHosts(hosts, progress, locks.reader(), InstantSource.system(),
                    settings.hostNotSeenAfter(), FleetHosts.DEFAULT_MAX_AGE);
            DoorSettings doors = settings.doors();
            var refusals = new RefusalLog(InstantSource.system());
            var authenticator = new Authenticator(auth, settings.trustedProxies(), refusals);
            var gate = new HolderGate(authenticator, hosts, refusals, doors.autoRegisterHosts());
            var ops = new OpsApi(database::healthy, metrics, VERSION, database.describe());
            this.audit = new AuditTrail(new SqlAuditStore(database), InstantSource.system());
            var sessions = new Sessions(new SqlSessionStore(database), auth, InstantSource.system(), settings.sessions());
            var auditLog = new AuditLog(audit, gate);
            this.jobs = new Jobs(new SqlJobStore(database), locks, JobsSettings.defaults(), InstantSource.system());
            this.pipeline = pipelineServices(database, settings, jobs, notifier);
            this.jumpRuns = jumpRuns(database, settings, jobs, locks, hosts);
            this.console = new Console(locks, auth, audit, sessions, fleetHosts, progress, notifier,
                    new PipelineSources(jobs, pipeline.remotes(), pipeline.repositories(), pipeline.packages(),
                            pipeline.advisories()), jumpRuns,
                    settings.tls().enabled(), authenticator::clientAddress);
            consoleFeed.set(console.listener());
            this.app = new WebApp(metrics)
                    .mount(new NativeApi(locks, auth, hosts, progress, fleetHosts, notifier, jobs, gate, auditLog).door(ops::routes))
                    .mount(new ForemanApi(locks, hosts, gate, doors.foremanCreates()).door())
                    .mount(new DlmEngineV1Api(locks, gate, auditLog, doors.dlmEngineCreates()).door())
                    .mount(new DlmEngineV2Api(locks, gate, doors.dlmEngineCreates()).door())
                    .mount(new PipelineApi(pipeline, gate, auditLog).door())
                    .mount(new JumpApi(jumpRuns, gate, auditLog).door())
                    .mount(new FleetLockApi(locks.service(), gate, doors.fleetLockPrefix(), doors.fleetLockCreates(),
                            doors.fleetLockAuthGroups()).door())
                    .pages(console::routes, console::notFound)
                    .build(config -> {
                        if (settings.tls().enabled()) {
                            config.jetty.addConnector((server, http) ->
                                    Tls.connector(server, http, settings.tls(), settings.bind(), settings.port()));
                        }
                    });
            if (settings.tls().enabled()) {
                app.start();
            } else {
                app.start(settings.bind(), settings.port());
            }
            registerPipelineJobs(pipeline);
            jobs.start();
            this.housekeeping = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("baton-housekeeping").factory());
            LockHousekeeping lockTasks = locks.housekeeping();
            long pump = lockTasks.pumpInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(() -> quietly("pump", lockTasks::pump), pump, pump, TimeUnit.MILLISECONDS);
            long heartbeat = lockTasks.heartbeatInterval().toMillis();
            housekeeping.scheduleWithFixedDelay(() -> quietly("heartbeat", lockTasks::heartbeat), heartbeat, heartbeat, TimeUnit.MILLISECONDS);
            housekeeping.scheduleWithFixedDelay(() -> quietly("sweep", lockTasks::sweep), 5, 30, TimeUnit.SECONDS);
            housekeeping.scheduleWithFixedDelay(() -> quietly("report purge", progress::purge), 1, 60, TimeUnit.MINUTES);
            housekeeping.scheduleWithFixedDelay(() -> quietly("session purge", sessions::purge), 4, 15, TimeUnit.MINUTES);
            housekeeping.scheduleWithFixedDelay(() -> quietly("sighting purge", hosts::purgeSightings), 3, 60, TimeUnit.MINUTES);
            long send = settings.notifications().sendInterval().toMillis();
            notifications.scheduleWithFixedDelay(() -> {
                quietly("notification feed", feed::poll);
                quietly("notification send", notifier::sendDue);
            }, send, send, TimeUnit.MILLISECONDS);
            var scans = new FleetScans(notifier, locks.reader(), hosts, progress, InstantSource.system());
            long scan = settings.notifications().scanInterval().toMillis();
            notifications.scheduleWithFixedDelay(() -> quietly("notification scan", scans::scan), scan, scan, TimeUnit.MILLISECONDS);
            housekeeping.scheduleWithFixedDelay(() -> quietly("event purge", () -> {
                long purged = lockTasks.purgeEvents();
                if (purged > 0) {
                    log.info("deleted {} lock events older than {}", purged, settings.eventRetention());
                }
            }), 2, 60, TimeUnit.MINUTES);
        } catch (RuntimeException e) {
            notifications.shutdownNow();
            database.close();
            throw e;
        }
    }

    /** Starts a server; it listens when this returns. */
    public static BatonServer start(ServerSettings settings) {
        return new BatonServer(settings, new SecretHasher());
    }

    /** For tests: a cheap password hash, so creating credentials does not take a second each. */
    public static BatonServer startForTests(ServerSettings settings) {
        return new BatonServer(settings, new SecretHasher(1_000));
    }

    public int port() {
        return app.port();
    }

    /** Every HTTP route as "METHOD /path", for the test that keeps openapi.json complete. */
    public java.util.List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .sorted().toList();
    }

    /** Notifications: {@link Notifier#publish} for any part that raises one; channels, rules, the outbox. */
    public Notifier notifier() {
        return notifier;
    }

    /** The package pipeline's services. */
    public PipelineServices pipeline() {
        return pipeline;
    }

    private static PipelineServices pipelineServices(Database database, ServerSettings settings, Jobs jobs, Notifier notifier) {
        Path dir = settings.dataDir().resolve("pipeline");
        InstantSource clock = InstantSource.system();
        var signingKeys = new SigningKeys(new SqlSigningKeyStore(database), settings.signingPassphrase().chars(), clock);
        var packageStore = new SqlPackageStore(database);
        var packages = new Packages(packageStore, clock);
        var repositories = new Repositories(new SqlRepositoryStore(database), packageStore,
                name -> signingKeys.find(name).map(SigningKey::keyId), clock);
        AdvisorySettings advisorySettings = settings.advisories();
        var advisories = new Advisories(new SqlAdvisoryStore(database), clock, advisorySettings.prefix(), advisorySettings.from());
        // the templates are checked here, so that a wrong one stops the start naming its file and line
        var announcements = new AdvisoryAnnouncements(AdvisoryAnnouncement.load(advisorySettings.templates()), notifier, clock);
        var remotes = new Remotes(new SqlRemoteStore(database), clock);
        ContentStore content = ContentStore.open(dir.resolve("content"));
        var publisher = new Publisher(repositories, advisories, announcements, signingKeys,
                new Publications(dir.resolve("publications"), content));
        jobs.register(Publisher.JOB_KIND, context -> {
            var published = publisher.publish(context.job().subject());
            context.progress(published.packages(), published.packages(), "packages", published.describe());
        });
        var releases = new Releases(repositories, packages, remotes, content, signingKeys, advisories,
                (repository, actor) -> jobs.submit(Publisher.JOB_KIND, repository, "{}", actor));
        return new PipelineServices(remotes, content, packages, repositories, signingKeys, advisories, announcements, jobs,
                notifier, dir, publisher, releases);
    }

    /** Release jump runs, and their job's handler ({@code jump-run}), registered before the jobs start. */
    private static JumpRuns jumpRuns(Database database, ServerSettings settings, Jobs jobs, Locks locks,
                                     HostRegistry hosts) {
        var store = new SqlJumpStore(database);
        var jump = settings.jump();
        var jumpSettings = JumpSettings.of(jump.logDirectoryOr(settings.dataDir()),
                new SshSettings(jump.sshKey(), jump.knownHosts(), null, null, jump.sshAgent()));
        jobs.register(JumpRunHandler.KIND, new JumpRunHandler(store, locks, jumpSettings, new StandardHostTools(),
                InstantSource.system()));
        return new JumpRuns(store, jobs, new JumpGroups(locks.reader(), hosts), InstantSource.system());
    }

    /** Release jump runs: start, read, retry, skip, abort. */
    public JumpRuns jumpRuns() {
        return jumpRuns;
    }

    /**
     * The pipeline's job handlers, and the syncs of remotes that have an interval: read from the store again and again,
     * so a remote added or removed through another server is synced on its interval by this one too.
     */
    private static void registerPipelineJobs(PipelineServices p) {
        p.jobs().register(RemoteSync.KIND, new RemoteSync(p.remotes(), p.content(), p.packages(), p.advisories(),
                p.notifier(), p.pipelineDir(), InstantSource.system()));
        p.jobs().scheduleEach(RemoteSync.KIND, "{}", () -> p.remotes().list().stream()
                .filter(r -> r.syncInterval() != null)
                .collect(java.util.stream.Collectors.toMap(r -> r.name(), r -> r.syncInterval())));
    }

    /** Durable jobs: parts {@link Jobs#register register} a handler per kind of job they submit. */
    public Jobs jobs() {
        return jobs;
    }

    public ProgressService progress() {
        return progress;
    }

    /** The lock service, policy, reads and housekeeping of this server. */
    public Locks locks() {
        return locks;
    }

    /** The host list with states, search and paging (the console's hosts). */
    public FleetHosts fleetHosts() {
        return fleetHosts;
    }

    public AuthService auth() {
        return auth;
    }

    /** Who did what: every change made through the API, the console or the CLI. */
    public AuditTrail audit() {
        return audit;
    }

    /** The web console served at {@code /}. */
    public Console console() {
        return console;
    }

    public HostRegistry hosts() {
        return hosts;
    }

    public String storeDescription() {
        return database.describe();
    }

    /** The admin password generated on first start, to be shown once; empty when none was generated. */
    public Optional<String> generatedAdminPassword() {
        return generatedAdminPassword;
    }

    private static void quietly(String task, Runnable runnable) {
        try {
            runnable.run();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", task, e.getMessage());
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        jobs.close(); // running jobs stay running, their locks released: they resume on another server or here after a restart
        console.close();
        notifications.shutdownNow();
        app.stop();
        pipeline.signingKeys().close();
        database.close();
    }
}
