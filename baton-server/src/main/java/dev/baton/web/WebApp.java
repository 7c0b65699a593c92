package dev.baton.web;

import dev.baton.auth.DirectoryUnavailableException;
import dev.baton.auth.ForbiddenException;
import dev.baton.auth.UserExistsException;
import dev.baton.auth.UserNotFoundException;
import dev.baton.hosts.HostConflictException;
import dev.baton.hosts.HostNotFoundException;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.pipeline.advisory.AdvisoryExistsException;
import dev.baton.pipeline.advisory.AdvisoryNotFoundException;
import dev.baton.pipeline.advisory.CsafFormatException;
import dev.baton.pipeline.remote.RemoteExistsException;
import dev.baton.pipeline.remote.RemoteNotFoundException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on virtual threads, with every protocol door mounted and every error, from
 * any layer, answered as JSON in the shape of the door whose path it hit.
 */
public final class WebApp {

    private static final Logger log = LoggerFactory.getLogger(WebApp.class);
    /** Lock requests are tiny; anything larger is refused with 413 before it is read whole. */
    public static final long MAX_BODY_BYTES = 64 * 1024;
    /** The {@code route} label of requests that matched no route (404, 405). */
    public static final String UNMATCHED = "unmatched";

    /**
     * A door: its routes and the error shape used for paths under its prefixes. A path belongs to the door with
     * the longest prefix it starts with, so {@code /api/v2/dlmlocks} (Foreman) and {@code /api/v2/locks} (DLM Engine)
     * each answer in their own shape.
     */
    public record Door(List<String> prefixes, ErrorShape errors, Consumer<JavalinConfig> routes) {
        public Door {
            prefixes = List.copyOf(prefixes);
        }

        public Door(String prefix, ErrorShape errors, Consumer<JavalinConfig> routes) {
            this(List.of(prefix), errors, routes);
        }
    }

    /**
     * Writes an error of a page path (one outside every API door: not under {@code /api/}, no door's own prefix)
     * as a page, for the web console: people get HTML, API clients keep their JSON.
     */
    @FunctionalInterface
    public interface PageErrors {
        void render(Context ctx, int status, String message);
    }

    private final List<Door> doors = new ArrayList<>();
    private final Metrics metrics;
    private Consumer<JavalinConfig> pageRoutes = config -> { };
    private PageErrors pageErrors;

    public WebApp(Metrics metrics) {
        this.metrics = metrics;
    }

    public WebApp mount(Door door) {
        doors.add(door);
        return this;
    }

    /** Mounts the web console's routes; errors of paths outside every API door are rendered by {@code errors}. */
    public WebApp pages(Consumer<JavalinConfig> routes, PageErrors errors) {
        this.pageRoutes = routes;
        this.pageErrors = errors;
        return this;
    }

    /** Builds the Javalin app. {@code jetty} configures connectors (TLS) and the bind address. */
    public Javalin build(Consumer<JavalinConfig> jetty) {
        return Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.prefer405over404 = true;
            config.startup.showJavalinBanner = false;
            jetty.accept(config);
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrors(this::shapeFor));
                // Javalin puts its servlet context inside this wrapper, so paths are merged before any routing.
                server.setHandler(new MergedSlashes());
            });
            for (Door door : doors) {
                door.routes().accept(config);
            }
            pageRoutes.accept(config);
            config.routes.before(ctx -> ctx.attribute("baton.start", System.nanoTime()));
            config.routes.after(ctx -> {
                Long start = ctx.attribute("baton.start");
                if (start != null) {
                    // The route pattern, not the path: one series per route whatever the names in it. In an after
                    // handler ctx.endpoint() is that handler itself ("*").
                    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
                    String route = matched != null ? matched.path : UNMATCHED;
                    metrics.recordRequest(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos(System.nanoTime() - start));
                }
            });
            config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
            config.routes.exception(ForbiddenException.class, (e, ctx) -> error(ctx, 403, "forbidden", e.getMessage()));
            config.routes.exception(DirectoryUnavailableException.class, (e, ctx) -> {
                log.warn("the directory is unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "directory_unavailable", "the directory (LDAP) cannot be reached to check this user's "
                        + "password; local users can still sign in; retry later");
            });
            config.routes.exception(UserNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(UserExistsException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
            config.routes.exception(BadRequestException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
            config.routes.exception(LockNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(HostNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(HostConflictException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
            config.routes.exception(AdvisoryNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(AdvisoryExistsException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
            config.routes.exception(CsafFormatException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
            config.routes.exception(RemoteNotFoundException.class, (e, ctx) -> error(ctx, 404, "not_found", e.getMessage()));
            config.routes.exception(RemoteExistsException.class, (e, ctx) -> error(ctx, 409, "conflict", e.getMessage()));
            config.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
                log.error("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                error(ctx, 503, "store_unavailable", "the store is unavailable; nothing was changed; retry later");
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), codeFor(e.getStatus()),
                    e.getStatus() == 413 ? messageFor(ctx, 413) : e.getMessage()));
            // A client that sends less body than its Content-Length announced, or goes away mid-upload, made a bad
            // request: not a server failure to answer 500 and log with a stack trace.
            config.routes.exception(EofException.class, (e, ctx) ->
                    error(ctx, 400, "bad_request", "the request body ended before its declared Content-Length"));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal", "internal error; the server log has the details");
            });
            for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
                config.routes.error(status, ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                        error(ctx, status, codeFor(status), messageFor(ctx, status));
                    }
                });
            }
        });
    }

    private void error(Context ctx, int status, String code, String message) {
        if (pageErrors != null && isPage(ctx.path())) {
            pageErrors.render(ctx, status, message);
            return;
        }
        ctx.status(status).contentType("application/json").result(shapeFor(ctx.path()).body(status, code, message));
    }

    /** A path of the console: not under {@code /api/}, and under no door's prefix but the native door's {@code /}. */
    private boolean isPage(String path) {
        if (path.startsWith("/api/") || path.equals("/api") || path.equals("/metrics") || path.equals("/healthz")) {
            return false;
        }
        for (Door door : doors) {
            for (String prefix : door.prefixes()) {
                if (prefix.length() > 1 && path.startsWith(prefix)) {
                    return false;
                }
            }
        }
        return true;
    }

    private ErrorShape shapeFor(String path) {
        ErrorShape best = ErrorShape.NATIVE;
        int bestLength = -1;
        for (Door door : doors) {
            for (String prefix : door.prefixes()) {
                if (path.startsWith(prefix) && prefix.length() > bestLength) {
                    best = door.errors();
                    bestLength = prefix.length();
                }
            }
        }
        return best;
    }

    private static String codeFor(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            default -> "http_" + status;
        };
    }

    private static String messageFor(Context ctx, int status) {
        return switch (status) {
            case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
            case 405 -> ctx.method() + " is not allowed on " + ctx.path();
            case 413 -> "the body is larger than " + MAX_BODY_BYTES + " bytes";
            default -> "HTTP " + status;
        };
    }
}
