package dev.baton.console;

import dev.baton.auth.AuthService;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.auth.Sessions;
import dev.baton.console.view.Chrome;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login} and {@code /logout}. The login page is a plain form (fields {@code username}, {@code password} and
 * a hidden {@code csrf}) that a script can fill in as well as a person. The password is checked by
 * {@link AuthService#verifyPassword} with the client's address, so failed logins count toward the server's
 * failed-login limit, and a client over it is told so (429) without a check.
 */
final class LoginRoutes {

    private static final Logger log = LoggerFactory.getLogger(LoginRoutes.class);
    private final AuthService auth;
    private final Sessions sessions;
    private final SessionGate gate;
    private final Responder responder;

    LoginRoutes(AuthService auth, Sessions sessions, SessionGate gate, Responder responder) {
        this.auth = auth;
        this.sessions = sessions;
        this.gate = gate;
        this.responder = responder;
    }

    void routes(JavalinConfig config) {
        config.routes.get("/login", responder.guarded(ctx -> {
            if (gate.viewer(ctx).isPresent()) {
                ctx.redirect("/", HttpStatus.SEE_OTHER);
                return;
            }
            form(ctx, null, "");
        }));
        config.routes.post("/login", responder.guarded(this::login));
        config.routes.post("/logout", responder.guarded(ctx -> {
            Optional<Viewer> viewer = gate.viewer(ctx);
            if (viewer.isPresent()) {
                gate.checkCsrf(ctx, viewer.get());
                gate.end(ctx);
            }
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
        }));
    }

    private void login(Context ctx) {
        gate.checkLoginCsrf(ctx);
        String name = strip(ctx.formParam("username"));
        String password = ctx.formParam("password");
        if (name.isEmpty() || password == null || password.isEmpty()) {
            ctx.status(400);
            form(ctx, "Enter your user name and password.", name);
            return;
        }
        String address = gate.address(ctx);
        Optional<Principal> principal;
        try {
            principal = auth.verifyPassword(name, password, address);
        } catch (dev.baton.auth.LoginRefusedException e) {
            ctx.status(429);
            form(ctx, "Too many failed logins from your address: " + e.getMessage(), name);
            return;
        }
        if (principal.isEmpty() || !ConsoleAccess.may(principal.get(), Permission.VIEW, null)) {
            log.info("console login refused for '{}' from {}", name, address);
            ctx.status(401);
            form(ctx, "Wrong user name or password.", name);
            return;
        }
        Sessions.Opened opened = sessions.open(principal.get().name(), address);
        gate.started(ctx, opened.token());
        log.info("console login of '{}' from {}", name, address);
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void form(Context ctx, String message, String username) {
        Map<String, Object> params = new HashMap<>();
        params.put("chrome", Chrome.anonymous(gate.loginToken(ctx)));
        params.put("message", message);
        params.put("username", username);
        responder.page(ctx, "login", params);
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }
}
