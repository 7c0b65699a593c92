package dev.baton.web.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.pipeline.signing.SigningException;
import dev.baton.pipeline.signing.SigningKey;
import dev.baton.pipeline.signing.SigningKeys;
import dev.baton.web.Answers;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The site's signing keys: {@code POST /api/v3/keys} creates one ({@code name}, {@code algorithm} rsa|eddsa,
 * {@code user_id}), {@code POST /api/v3/keys/import} imports an armored secret key with its passphrase,
 * {@code POST /api/v3/keys/gpg} adds a key an external gpg agent holds ({@code name}, {@code gpg_key}: its
 * fingerprint or long key id, {@code gpg_home}: the GNUPGHOME on the server, optional; no server passphrase needed),
 * all {@link Permission#SIGN_PACKAGES} and audited ({@code key.create}, {@code key.import}, {@code key.add_gpg});
 * {@code GET /api/v3/keys}
 * lists them with their armored public keys ({@link Permission#VIEW}); {@code GET /api/v3/keys/{name}/public} answers the armored public key as
 * text, to anyone: it is what hosts fetch for {@code gpgkey=}, and a public key is public. No answer ever holds
 * secret key material or a passphrase.
 */
final class KeysApi {

    static final String KEYS = "/api/v3/keys";

    private final SigningKeys keys;
    private final HolderGate gate;
    private final AuditLog audit;

    KeysApi(SigningKeys keys, HolderGate gate, AuditLog audit) {
        this.keys = keys;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        config.routes.get(KEYS, this::list);
        config.routes.post(KEYS, this::create);
        config.routes.post(KEYS + "/import", this::importKey);
        config.routes.post(KEYS + "/gpg", this::addGpg);
        config.routes.get(KEYS + "/{name}/public", this::exportPublic);
    }

    private void list(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
        ObjectNode body = Json.object();
        var array = body.putArray("keys");
        keys.list().forEach(k -> array.add(json(k)));
        Answers.ok(ctx, body);
    }

    private void create(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.SIGN_PACKAGES);
        ObjectNode body = Json.parseObject(ctx.body());
        String name = Json.text(body, "name");
        SigningKey.Algorithm algorithm = algorithm(Json.optionalText(body, "algorithm"));
        String userId = Json.optionalText(body, "user_id");
        refuseTaken(name);
        SigningKey key = signing(() -> keys.create(name, algorithm, userId, caller.name()));
        audit.record(ctx, caller, "key.create", name, null, key.algorithm().name().toLowerCase(Locale.ROOT) + " "
                + key.keyId());
        Answers.answer(ctx, 201, json(key));
    }

    private void importKey(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.SIGN_PACKAGES);
        ObjectNode body = Json.parseObject(ctx.body());
        String name = Json.text(body, "name");
        String armored = Json.text(body, "secret_key");
        String passphrase = Json.optionalText(body, "passphrase");
        refuseTaken(name);
        char[] given = passphrase == null ? new char[0] : passphrase.toCharArray();
        try {
            SigningKey key = signing(() -> keys.importSecret(name, armored, given, caller.name()));
            audit.record(ctx, caller, "key.import", name, null, key.algorithm().name().toLowerCase(Locale.ROOT)
                    + " " + key.keyId());
            Answers.answer(ctx, 201, json(key));
        } finally {
            Arrays.fill(given, '\0');
        }
    }

    private void addGpg(Context ctx) {
        Principal caller = gate.callerWhoMay(ctx, Permission.SIGN_PACKAGES);
        ObjectNode body = Json.parseObject(ctx.body());
        String name = Json.text(body, "name");
        String reference = Json.text(body, "gpg_key");
        String home = Json.optionalText(body, "gpg_home");
        refuseTaken(name);
        SigningKey key;
        try {
            key = keys.addGpg(name, reference, home == null || home.isBlank() ? null : Path.of(home.strip()),
                    caller.name());
        } catch (SigningException | InvalidPathException e) {
            throw new BadRequestException(e.getMessage());
        }
        audit.record(ctx, caller, "key.add_gpg", name, null, key.algorithm().name().toLowerCase(Locale.ROOT) + " "
                + key.keyId() + " held by gpg");
        Answers.answer(ctx, 201, json(key));
    }

    private void exportPublic(Context ctx) {
        String name = ctx.pathParam("name");
        SigningKey key = keys.find(name).orElseThrow(() -> ApiError.notFound("there is no signing key named '"
                + name + "' (GET " + KEYS + " lists them)"));
        byte[] text = key.publicKeyArmored().getBytes(StandardCharsets.US_ASCII);
        ctx.status(200).contentType("application/pgp-keys").result(text);
    }

    private void refuseTaken(String name) {
        if (keys.find(name).isPresent()) {
            throw new ApiError(409, "conflict", "a signing key named '" + name + "' exists already; nothing was "
                    + "changed (keys are never replaced: packages signed with it name it)");
        }
    }

    /** A key operation; what it refuses is the caller's to mend (a bad key, a wrong passphrase), or the server's. */
    private SigningKey signing(java.util.function.Supplier<SigningKey> action) {
        if (!keys.hasPassphrase()) {
            throw new ApiError(503, "no_signing_passphrase", "the server has no signing passphrase, so it cannot keep "
                    + "keys; restart it with --signing-passphrase-file FILE or BATON_SIGNING_PASSPHRASE");
        }
        try {
            return action.get();
        } catch (SigningException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    private static SigningKey.Algorithm algorithm(String text) {
        if (text == null || text.isBlank()) {
            return SigningKey.Algorithm.RSA;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "rsa" -> SigningKey.Algorithm.RSA;
            case "eddsa", "ed25519" -> SigningKey.Algorithm.EDDSA;
            default -> throw new BadRequestException("'algorithm' must be rsa or eddsa, got '" + text + "'");
        };
    }

    static ObjectNode json(SigningKey k) {
        ObjectNode o = Json.object().put("name", k.name()).put("algorithm", k.algorithm().name().toLowerCase(Locale.ROOT))
                .put("key_id", k.keyId()).put("fingerprint", k.fingerprint()).put("user_id", k.userId())
                .put("created_at", Json.time(k.createdAt()))
                .put("held_by", k.holder().name().toLowerCase(Locale.ROOT));
        if (k.gpg() != null) {
            o.putObject("gpg").put("signing_fingerprint", k.gpg().signingFingerprint()).put("home", k.gpg().home());
        }
        return o.put("public_key", k.publicKeyArmored());
    }
}
