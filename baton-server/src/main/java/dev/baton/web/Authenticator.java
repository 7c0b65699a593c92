package dev.baton.web;

import dev.baton.audit.Actor;
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
 * Credentials that do not check out are noted in the {@link RefusalLog} with the user name or
 * credential id, never the secret. Doors reach it through the {@link HolderGate}.
 */
public final class Authenticator {

    private final AuthService auth;
    private final TrustedProxies proxies;
    private final RefusalLog refusals;

    public Authenticator(AuthService auth, TrustedProxies proxies, RefusalLog refusals) {
        this.auth = auth;
        this.proxies = proxies;
        this.refusals = refusals;
    }

    /** The client's address: the peer's, or the one a trusted proxy forwarded ({@code --trusted-proxies}). */
    public String clientAddress(Context ctx) {
        return proxies.isEmpty() ? ctx.ip()
                : proxies.client(ctx.ip(), java.util.Collections.list(ctx.req().getHeaders("X-Forwarded-For")));
    }

    /** Request attribute: how the caller signed in, for the audit trail ({@link #via}). */
    private static final String VIA = "baton.via";

    /**
     * How the caller of {@code ctx} signed in, once it was found: {@code credential:<id>} or {@code password}
     * ({@link Actor}); {@code local} before.
     */
    public String via(Context ctx) {
        String via = ctx.attribute(VIA);
        return via == null ? Actor.LOCAL : via;
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
        String secretId = ctx.header("x-secret-id") != null ? ctx.header("x-secret-id") : ctx.header("x-id");
        if (secretId != null && ctx.header("x-secret") != null) {
            String source = clientAddress(ctx);
            return refusedUnlessFound(ctx, auth.verifyCredential(secretId, ctx.header("x-secret"), source), source,
                    "credential '" + RefusalLog.printable(secretId) + "'", Actor.credential(secretId));
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refusedUnlessFound(ctx, Optional.empty(), clientAddress(ctx), "an Authorization header that is not Base64", null);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return refusedUnlessFound(ctx, Optional.empty(), clientAddress(ctx), "an Authorization header without 'name:secret'", null);
        }
        String id = decoded.substring(0, colon);
        String secret = decoded.substring(colon + 1);
        String source = clientAddress(ctx);
        // Credential ids are UUIDs and user names never are: one store lookup per request, not two.
        return looksLikeUuid(id)
                ? refusedUnlessFound(ctx, auth.verifyCredential(id, secret, source), source, "credential '" + id + "'", Actor.credential(id))
                : refusedUnlessFound(ctx, auth.verifyPassword(id, secret, source), source, "user '" + RefusalLog.printable(id) + "'", Actor.PASSWORD);
    }

    /** {@code found}, noted as signed in {@code via}; or, when empty, noted in the refusal log. */
    private Optional<Principal> refusedUnlessFound(Context ctx, Optional<Principal> found, String source, String who, String via) {
        found.ifPresent(p -> ctx.attribute(VIA, via));
        if (found.isEmpty()) {
            refusals.note(RefusalLog.Kind.WRONG_CREDENTIALS, source, who + " is unknown, revoked, or came with the wrong secret");
        }
        return found;
    }

    private static boolean looksLikeUuid(String id) {
        try {
            return id.length() == 36 && java.util.UUID.fromString(id) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
