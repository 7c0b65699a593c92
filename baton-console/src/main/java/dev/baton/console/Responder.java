package dev.baton.console;

import dev.baton.auth.LoginRefusedException;
import dev.baton.auth.UserExistsException;
import dev.baton.auth.UserNotFoundException;
import dev.baton.console.view.Chrome;
import dev.baton.console.view.Problem;
import dev.baton.hosts.HostNotFoundException;
import dev.baton.lock.BadRequestException;
import dev.baton.lock.LockNotFoundException;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.pipeline.advisory.AdvisoryNotFoundException;
import dev.baton.pipeline.remote.RemoteNotFoundException;
import dev.baton.pipeline.repository.PackageNotFoundException;
import dev.baton.pipeline.repository.RepositoryNotFoundException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the console's answers: pages, and error pages for what a handler throws. Console paths always answer
 * HTML, never the API's JSON errors, and never a stack trace.
 */
final class Responder {

    private static final Logger log = LoggerFactory.getLogger(Responder.class);
    /** The request attribute holding the {@link Viewer}, once known. */
    static final String VIEWER = "baton.viewer";
    private final Templates templates;

    Responder(Templates templates) {
        this.templates = templates;
    }

    void page(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .result(templates.render(template, params));
    }

    /** A part of a page (what htmx fetches to refresh it), without the page's frame. */
    void part(Context ctx, String template, Map<String, Object> params) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-store").result(fragment(template, params));
    }

    String fragment(String template, Map<String, Object> params) {
        return templates.render(template, params);
    }

    void problem(Context ctx, Chrome chrome, int status, String title, String message) {
        ctx.status(status);
        page(ctx, "problem", Map.of("chrome", chrome == null ? Chrome.anonymous("") : chrome,
                "problem", new Problem(status, title, message)));
    }

    /** The handler, with what it throws answered as an error page. */
    Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (Refusal r) {
                problem(ctx, chromeOf(ctx), r.status(), r.title(), r.getMessage());
            } catch (LockNotFoundException | HostNotFoundException | UserNotFoundException | RemoteNotFoundException
                     | RepositoryNotFoundException | PackageNotFoundException | AdvisoryNotFoundException e) {
                problem(ctx, chromeOf(ctx), 404, "Not found", e.getMessage());
            } catch (UserExistsException e) {
                problem(ctx, chromeOf(ctx), 409, "Exists already", e.getMessage());
            } catch (BadRequestException e) {
                problem(ctx, chromeOf(ctx), 400, "Bad request", e.getMessage());
            } catch (LoginRefusedException e) {
                problem(ctx, chromeOf(ctx), 429, "Too many failed logins", e.getMessage());
            } catch (StoreUnavailableException e) {
                log.error("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                problem(ctx, chromeOf(ctx), 503, "Store unavailable", "The store is unavailable; nothing was changed. Retry later.");
            }
        };
    }

    /** The frame of the page that failed, when the handler got as far as knowing the viewer. */
    static Chrome chromeOf(Context ctx) {
        Viewer viewer = ctx.attribute(VIEWER);
        return viewer == null ? null : viewer.chrome("");
    }
}
