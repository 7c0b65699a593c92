package dev.baton.web;

import dev.baton.auth.AuthService;
import dev.baton.auth.LoginRefusedException;
import dev.baton.auth.Principal;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds who is calling. HTTP Basic carries either a user name and password or a credential id and
 * secret (a credential id is a UUID, so the two never collide). DLM Engine clients send the
 * credential as {@code x-secret-id} (older ones {@code x-id}) and {@code x-secret} headers.
 */
public final class Authenticator {

    private final AuthService auth;
    private final TrustedProxies proxies;

    public Authenticator(AuthService auth, TrustedProxies proxies) {
        this.auth = auth;
        this.proxies = proxies;
    }

    /** The caller, or 401 (with a {@code WWW-Authenticate} challenge) when missing or wrong. */
    public Principal require(Context ctx) {
        return find(ctx).orElseThrow(() -> {
            ctx.header("WWW-Authenticate", "Basic realm=\"baton\"");
            return ApiError.unauthorized(ctx.header("Authorization") == null && ctx.header("x-secret") == null
                    ? "credentials are required: HTTP Basic with a user and password or a credential id and secret"
                    : "the credentials are wrong, unknown or revoked");
        });
    }

    /**
     * The caller, or empty when no or wrong credentials came. 429 (with {@code Retry-After}) when the
     * caller's address failed too often lately ({@link dev.baton.auth.LoginThrottle}).
     */
    public Optional<Principal> find(Context ctx) {
        try {
            return check(ctx);
        } catch (LoginRefusedException e) {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            throw new ApiError(429, "too_many_failed_logins", e.getMessage());
        }
    }

    private Optional<Principal> check(Context ctx) {
        String source = proxies.isEmpty() ? ctx.ip()
                : proxies.client(ctx.ip(), java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
        String secretId = ctx.header("x-secret-id") != null ? ctx.header("x-secret-id") : ctx.header("x-id");
        if (secretId != null && ctx.header("x-secret") != null) {
            return auth.verifyCredential(secretId, ctx.header("x-secret"), source);
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        // Credential ids are UUIDs and user names never are: one store lookup per request, not two.
        return looksLikeUuid(id) ? auth.verifyCredential(id, secret, source) : auth.verifyPassword(id, secret, source);
    }

    private static boolean looksLikeUuid(String id) {
        try {
            return id.length() == 36 && java.util.UUID.fromString(id) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** 403 unless the caller may take and give back slots as {@code holder}. */
    public static void requireHolder(Principal p, String holder) {
        if (!p.canHold(holder)) {
            throw ApiError.forbidden(p.role().wireName() + " '" + p.name() + "' may not lock as holder '" + holder + "'");
        }
    }

    public static void requireOperator(Principal p) {
        if (!p.canOperate()) {
            throw ApiError.forbidden("this needs the operator or admin role; '" + p.name() + "' is " + p.role().wireName());
        }
    }

    public static void requireAdmin(Principal p) {
        if (!p.canAdminister()) {
            throw ApiError.forbidden("this needs the admin role; '" + p.name() + "' is " + p.role().wireName());
        }
    }
}
