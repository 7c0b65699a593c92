package dev.baton.console;

import dev.baton.auth.Sessions;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * The console's door: the session cookie and the CSRF check.
 *
 * <ul>
 *   <li>The session cookie carries the random token only; it is {@code HttpOnly}, {@code SameSite=Lax}, and
 *       {@code Secure} when the server speaks TLS (or the request came over it).</li>
 *   <li>Every POST must carry the session's CSRF token, as the form field {@code csrf} or the header
 *       {@code X-CSRF-Token} (htmx requests); without it, or with another, it is refused with 403 and nothing is
 *       done. The login form, before any session, uses a double-submit token: a cookie and the same value in the
 *       form.</li>
 *   <li>A page asked for without a session redirects once to {@code /login}; an ended session likewise.</li>
 * </ul>
 */
final class SessionGate {

    static final String SESSION_COOKIE = "baton_session";
    static final String LOGIN_COOKIE = "baton_login";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";

    private final Sessions sessions;
    private final boolean secure;
    private final Function<Context, String> clientAddress;

    SessionGate(Sessions sessions, boolean secure, Function<Context, String> clientAddress) {
        this.sessions = sessions;
        this.secure = secure;
        this.clientAddress = clientAddress;
    }

    /** The viewer of this request, or empty when no session is in force. */
    Optional<Viewer> viewer(Context ctx) {
        return sessions.resolve(ctx.cookie(SESSION_COOKIE))
                .map(a -> new Viewer(a.session(), a.principal(), clientAddress.apply(ctx)));
    }

    /**
     * The viewer, or a redirect to the login page (an htmx request is told to go there as a whole page). The viewer
     * is also kept on the request, so that an error page of the request shows the viewer's frame.
     */
    Optional<Viewer> viewerOrLogin(Context ctx) {
        Optional<Viewer> viewer = viewer(ctx);
        viewer.ifPresent(v -> ctx.attribute(Responder.VIEWER, v));
        if (viewer.isEmpty()) {
            if (ctx.header("HX-Request") != null) {
                ctx.header("HX-Redirect", "/login").status(401);
            } else {
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
            }
        }
        return viewer;
    }

    /** Refuses a POST whose CSRF token is missing or not this session's. */
    void checkCsrf(Context ctx, Viewer viewer) {
        if (!matches(sent(ctx), viewer.session().csrf())) {
            throw csrfRefused();
        }
    }

    /** The login form's token: the cookie's value, set now when there is none. */
    String loginToken(Context ctx) {
        String token = ctx.cookie(LOGIN_COOKIE);
        if (token == null || token.length() < 20 || token.length() > 100) {
            token = Sessions.randomToken();
            ctx.cookie(cookie(LOGIN_COOKIE, token, ctx));
        }
        return token;
    }

    /** Refuses a login POST whose form token does not match its cookie. */
    void checkLoginCsrf(Context ctx) {
        String cookie = ctx.cookie(LOGIN_COOKIE);
        if (cookie == null || !matches(sent(ctx), cookie)) {
            throw csrfRefused();
        }
    }

    String address(Context ctx) {
        return clientAddress.apply(ctx);
    }

    /** Sets the session cookie after a login (ending the session the browser had before, if any). */
    void started(Context ctx, String token) {
        sessions.close(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(cookie(SESSION_COOKIE, token, ctx));
        ctx.removeCookie(LOGIN_COOKIE, "/");
    }

    /** Ends the session of this request and clears its cookie. */
    void end(Context ctx) {
        sessions.close(ctx.cookie(SESSION_COOKIE));
        ctx.cookie(new Cookie(SESSION_COOKIE, "", "/", 0, isSecure(ctx), true, null, SameSite.LAX));
    }

    private Cookie cookie(String name, String value, Context ctx) {
        return new Cookie(name, value, "/", -1, isSecure(ctx), true, null, SameSite.LAX);
    }

    private boolean isSecure(Context ctx) {
        return secure || "https".equalsIgnoreCase(ctx.scheme());
    }

    private static String sent(Context ctx) {
        String header = ctx.header(CSRF_HEADER);
        return header != null ? header : ctx.formParam(CSRF_FIELD);
    }

    private static boolean matches(String sent, String expected) {
        return sent != null && expected != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }

    private static Refusal csrfRefused() {
        return new Refusal(403, "Form expired",
                "The request did not carry this session's form token (CSRF), so nothing was done. Reload the page and try again.");
    }
}
