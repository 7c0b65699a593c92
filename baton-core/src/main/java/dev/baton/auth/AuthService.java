package dev.baton.auth;

import dev.baton.lock.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Users and API credentials: creation (the secret is returned once and stored only as a slow hash),
 * verification, revocation.
 *
 * <p>A slow hash costs a fraction of a second by design, and hosts call on every request, so a
 * successful verification is remembered for {@link #CACHE_TTL} under a SHA-256 of id and secret (never
 * the secret itself). Revoking or changing a password drops the cache at once on this server; other
 * servers sharing the store honour a revocation within the TTL.
 */
public final class AuthService {

    /** How long a verified secret is trusted without hashing it again. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);

    private final AuthStore store;
    private final SecretHasher hasher;
    private final InstantSource clock;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    /** Slow checks under way, by cache key. */
    private final Map<String, CompletableFuture<Optional<Principal>>> verifying = new ConcurrentHashMap<>();

    public AuthService(AuthStore store, SecretHasher hasher, InstantSource clock) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** A new credential and its secret, which is shown once and never again. */
    public record Issued(Credential credential, String secret) {
    }

    public Issued createCredential(String name, Role role, Set<String> holders) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new BadRequestException("a credential needs a name of 1 to 200 characters");
        }
        holders.forEach(dev.baton.lock.Names::holder);
        Principal.of("-", name, role, holders); // validates host + holders
        String secret = SecretHasher.newSecret();
        var credential = new Credential(UUID.randomUUID().toString(), name.strip(), role, Set.copyOf(holders),
                hasher.hash(secret), clock.instant(), null);
        store.createCredential(credential);
        return new Issued(credential, secret);
    }

    public List<Credential> credentials() {
        return store.credentials();
    }

    public boolean revoke(String id) {
        verified.clear();
        return store.revokeCredential(id, clock.instant());
    }

    /** Checks a credential id and secret; empty when unknown, revoked or wrong. */
    public Optional<Principal> verifyCredential(String id, String secret) {
        if (id == null || secret == null || secret.length() > 512) {
            return Optional.empty();
        }
        return verifyOnce(cacheKey("c", id, secret), () -> store.credential(id)
                .filter(c -> !c.revoked())
                .filter(c -> hasher.verify(secret, c.secretHash()))
                .map(c -> new Principal(c.id(), c.name(), c.role(), c.holders())));
    }

    /** Checks a user's password; empty when unknown or wrong. */
    public Optional<Principal> verifyPassword(String name, String password) {
        if (name == null || password == null || password.length() > 1024) {
            return Optional.empty();
        }
        return verifyOnce(cacheKey("u", name, password), () -> store.user(name)
                .filter(u -> hasher.verify(password, u.passwordHash()))
                .map(u -> new Principal(u.name(), u.name(), u.role(), Set.of())));
    }

    /**
     * Answers from the cache, or runs the slow check, once: callers that present the same id and secret
     * while it runs wait for its answer instead of hashing again. A fleet of agents started together, or
     * a client retrying, would otherwise pay the slow hash once per request.
     */
    private Optional<Principal> verifyOnce(String key, Supplier<Optional<Principal>> slowCheck) {
        Cached hit = verified.get(key);
        if (hit != null && hit.until.isAfter(clock.instant())) {
            return Optional.of(hit.principal);
        }
        CompletableFuture<Optional<Principal>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Principal>> running = verifying.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : e;
            }
        }
        try {
            Optional<Principal> principal = slowCheck.get();
            principal.ifPresent(p -> verified.put(key, new Cached(p, clock.instant().plus(CACHE_TTL))));
            mine.complete(principal);
            return principal;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            verifying.remove(key, mine);
        }
    }

    /**
     * Makes sure the user {@code admin} exists. Returns the generated password when it had to create
     * the user and none was given, so the caller can print it once; empty otherwise.
     */
    public Optional<String> ensureAdmin(String givenPassword) {
        if (store.user("admin").isPresent()) {
            return Optional.empty();
        }
        String password = givenPassword == null || givenPassword.isEmpty() ? SecretHasher.newSecret() : givenPassword;
        boolean created = store.createUser(new User("admin", Role.ADMIN, hasher.hash(password), clock.instant()));
        return created && (givenPassword == null || givenPassword.isEmpty()) ? Optional.of(password) : Optional.empty();
    }

    public void setPassword(String name, String password) {
        if (password == null || password.length() < 8) {
            throw new BadRequestException("a password needs at least 8 characters");
        }
        store.setPassword(name, hasher.hash(password));
        verified.clear();
    }

    private static String cacheKey(String kind, String id, String secret) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((kind + "\0" + id + "\0" + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Cached(Principal principal, Instant until) {
    }
}
