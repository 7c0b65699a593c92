package dev.baton.console;

import dev.baton.audit.AuditTrail;
import dev.baton.auth.AuthService;
import dev.baton.auth.Sessions;
import dev.baton.console.view.Chrome;
import dev.baton.hosts.FleetHosts;
import dev.baton.jump.run.JumpRuns;
import dev.baton.lock.LockListener;
import dev.baton.lock.Locks;
import dev.baton.notify.Notifier;
import dev.baton.progress.ProgressService;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The web console: server-rendered pages over the lock, host, progress, people, audit and notifications domains
 * and the package pipeline (jobs, remotes, repositories, packages, advisories; read-only) and the release jump's runs
 * (read, and an operator's retry, skip and abort),
 * served by the Baton server on its own port and TLS at {@code /} beside the APIs (which keep {@code /api/...} and
 * their JSON errors).
 *
 * <p>Build one per server, give {@link #listener()} to the lock domain so open pages update live, mount
 * {@link #routes} on the server's Javalin app, and let the server render its unmatched non-API paths with
 * {@link #notFound}. Pages need a session ({@code /login}); actions need the session's CSRF token and the
 * permission {@link ConsoleAccess} checks, and are recorded in the audit trail. Static files (htmx, the stylesheet, one small script) are in this jar;
 * nothing is built with Node and nothing is fetched from elsewhere.
 */
public final class Console implements AutoCloseable {

    private static final String STATIC = "/dev/baton/console/static/";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final Responder responder;
    private final SessionGate gate;
    private final LiveFeed live;
    private final LoginRoutes login;
    private final PageRoutes pages;
    private final ActionRoutes actions;
    private final PeopleRoutes people;
    private final AuditRoutes auditPage;
    private final NotificationRoutes notifications;
    private final PipelineRoutes pipelinePages;
    private final JumpRoutes jumpPages;
    private final JumpActions jumpActions;
    private final Map<String, byte[]> statics = new ConcurrentHashMap<>();

    /**
     * @param pipeline        the jobs and the package pipeline's services its read-only pipeline pages show
     * @param jumps           the release jump's runs, which the jump pages show and whose hosts operators retry or
     *                        skip and whose runs they abort
     * @param secureCookies   whether the server speaks TLS: the session cookie is then {@code Secure}
     * @param clientAddress   the client's address of a request (behind trusted proxies, the forwarded one), for the
     *                        failed-login limit and the audit trail
     */
    public Console(Locks locks, AuthService auth, AuditTrail audit, Sessions sessions, FleetHosts hosts,
                   ProgressService progress, Notifier notifier, PipelineSources pipeline, JumpRuns jumps,
                   boolean secureCookies,
                   Function<Context, String> clientAddress) {
        InstantSource clock = InstantSource.system();
        Templates templates = new Templates();
        this.responder = new Responder(templates);
        this.gate = new SessionGate(sessions, secureCookies, clientAddress);
        Reads reads = new Reads(locks.reader(), hosts, progress, notifier, clock);
        this.live = new LiveFeed(topic -> oneLine(topic.equals(LiveFeed.OVERVIEW)
                ? responder.fragment("overviewlive", Map.of("live", reads.overviewLive()))
                : responder.fragment("locklive", Map.of("live", reads.lockLive(topic.substring("lock:".length()))))));
        this.login = new LoginRoutes(auth, sessions, gate, responder);
        this.pages = new PageRoutes(reads, gate, responder, live);
        Recorder recorder = new Recorder(audit);
        this.actions = new ActionRoutes(locks, recorder, gate, responder, clock);
        this.people = new PeopleRoutes(auth, recorder, gate, responder, clock);
        this.auditPage = new AuditRoutes(audit, gate, responder, clock);
        this.notifications = new NotificationRoutes(notifier, recorder, gate, responder, clock);
        this.pipelinePages = new PipelineRoutes(new PipelineReads(pipeline, clock), gate, responder);
        this.jumpPages = new JumpRoutes(new JumpReads(jumps, locks.reader(), clock), gate, responder);
        this.jumpActions = new JumpActions(jumps, recorder, gate, responder);
    }

    /** Told of every committed lock event: feeds the live pages. Never blocks. */
    public LockListener listener() {
        return live;
    }

    /** Mounts the console's routes. */
    public void routes(JavalinConfig config) {
        login.routes(config);
        pages.routes(config);
        actions.routes(config);
        people.routes(config);
        auditPage.routes(config);
        notifications.routes(config);
        pipelinePages.routes(config);
        jumpPages.routes(config);
        jumpActions.routes(config);
        config.routes.get("/static/{file}", this::file);
    }

    /** An HTML error page for a console path that matched no route (or not with this method). */
    public void notFound(Context ctx, int status, String message) {
        Chrome chrome = gate.viewer(ctx).map(v -> v.chrome("")).orElse(null);
        responder.problem(ctx, chrome, status, status == 404 ? "Not found" : "HTTP " + status, message);
    }

    /** Open live pages, for tests and metrics. */
    public int livePages() {
        return live.watching();
    }

    /** Live parts rendered so far, for tests and metrics: one per changed topic, whatever the number of viewers. */
    public long liveRenders() {
        return live.renders();
    }

    private void file(Context ctx) {
        String name = ctx.pathParam("file");
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        byte[] bytes = type == null || name.contains("..") ? null : statics.computeIfAbsent(name, Console::load);
        if (bytes == null || bytes.length == 0) {
            notFound(ctx, 404, "no such file: " + ctx.path());
            return;
        }
        ctx.contentType(type).header("Cache-Control", "public, max-age=3600").result(bytes);
    }

    private static byte[] load(String name) {
        try (InputStream in = Console.class.getResourceAsStream(STATIC + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SSE data is sent as one line; HTML does not care. */
    private static String oneLine(String html) {
        return html.replace("\r", "").replace('\n', ' ');
    }

    @Override
    public void close() {
        live.close();
    }
}
