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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Users and API credentials: creation (the secret is returned once and stored only as a slow hash),
 * verification, revocation; users are managed by its {@link UserAccounts}, and checked here.
 *
 * <p>A slow hash costs a fraction of a second by design, and hosts call on every request, so a
 * successful verification is remembered for {@link #CACHE_TTL} under a SHA-256 of id and secret (never
 * the secret itself). When that expires, the stored record is read again: if it still has the very hash
 * the secret was checked against (not revoked, password not changed), the entry is renewed without
 * hashing again: ten thousand hosts checking in every five minutes would otherwise keep hashing all the
 * time (about seven cores at a password's cost). Revoking or changing a password drops the cache at
 * once on this server, and a check under way that read the store before the change is answered but not
 * remembered; other servers sharing the store honour a revocation within the TTL. Disabling a user, or changing its
 * role or scopes, counts as such a change.
 */
public final class AuthService {

    /** How long a verified secret is trusted without hashing it again. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /** The source of a check that did not come over the network. */
    public static final String LOCAL = "local";
    /** Never updated, only cloned: see {@link #cacheKey}. */
    private static final MessageDigest SHA_256 = sha256();

    private final AuthStore store;
    private final SecretHasher hasher;
    private final InstantSource clock;
    private final LoginThrottle throttle;
    /** {@code null} without a directory. */
    private final DirectorySignIn directory;
    private final UserAccounts accounts;
    private final Map<String, Cached> verified = new ConcurrentHashMap<>();
    /** Slow checks under way, by cache key. */
    private final Map<String, CompletableFuture<Optional<Principal>>> verifying = new ConcurrentHashMap<>();
    /**
     * Revocations and password changes made on this server. A check that read the store before one of them
     * may have read what it revoked or changed, so its answer is not remembered ({@link #remember}).
     */
    private final AtomicLong changes = new AtomicLong();

    /** With the default failed login limit ({@link LoginThrottle#DEFAULT_LIMIT}). */
    public AuthService(AuthStore store, SecretHasher hasher, InstantSource clock) {
        this(store, hasher, clock, new LoginThrottle(LoginThrottle.DEFAULT_LIMIT, clock));
    }

    public AuthService(AuthStore store, SecretHasher hasher, InstantSource clock, LoginThrottle throttle) {
        this(store, hasher, clock, throttle, null, null);
    }

    /**
     * With a directory people may also sign in against ({@code directory} and {@code roles} both, or both {@code
     * null}). A name that is a local user is always checked here, never in the directory, so local users keep working
     * while the directory is down.
     */
    public AuthService(AuthStore store, SecretHasher hasher, InstantSource clock, LoginThrottle throttle,
                       Directory directory, DirectoryRoles roles) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.throttle = throttle;
        this.directory = directory == null ? null : new DirectorySignIn(store, directory, roles, clock);
        this.accounts = new UserAccounts(store, hasher, clock, this::forgetVerified);
    }

    /** A new credential and its secret, which is shown once and never again. */
    public record Issued(Credential credential, String secret) {
    }

    public Issued createCredential(String name, Role role, Set<String> holders) {
        return createCredential(name, role, holders, Set.of());
    }

    /** A new credential limited to {@code scopes} (lock and host name patterns; empty for everything). */
    public Issued createCredential(String name, Role role, Set<String> holders, Set<String> scopes) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new BadRequestException("a credential needs a name of 1 to 200 characters");
        }
        holders.forEach(dev.baton.lock.Names::holder);
        Principal.of("-", name, role, holders, scopes); // validates host + holders, scopes
        String secret = SecretHasher.newSecret();
        var credential = new Credential(UUID.randomUUID().toString(), name.strip(), role, Set.copyOf(holders),
                hasher.hashGenerated(secret), clock.instant(), null, Set.copyOf(scopes));
        store.createCredential(credential);
        return new Issued(credential, secret);
    }

    public List<Credential> credentials() {
        return store.credentials();
    }

    public boolean revoke(String id) {
        boolean revoked = store.revokeCredential(id, clock.instant());
        forgetVerified();
        return revoked;
    }

    /** As {@link #verifyCredential(String, String, String)} for a caller with no network address (tests, the CLI). */
    public Optional<Principal> verifyCredential(String id, String secret) {
        return verifyCredential(id, secret, LOCAL);
    }

    /**
     * Checks a credential id and secret; empty when unknown, revoked or wrong.
     *
     * @param source where the request came from (an IP address), for the {@link LoginThrottle}
     * @throws LoginRefusedException when {@code source} failed too often and the secret is not known good
     */
    public Optional<Principal> verifyCredential(String id, String secret, String source) {
        if (id == null || secret == null || secret.length() > 512) {
            return Optional.empty();
        }
        return verifyOnce(cacheKey("c", id, secret), secret, source, () -> store.credential(id)
                .filter(c -> !c.revoked())
                .map(c -> new Stored(c.secretHash(), c.principal(), true,
                        fresh -> store.replaceSecretHash(id, c.secretHash(), fresh))));
    }

    /** As {@link #verifyPassword(String, String, String)} for a caller with no network address (tests, the CLI). */
    public Optional<Principal> verifyPassword(String name, String password) {
        return verifyPassword(name, password, LOCAL);
    }

    /**
     * Checks a user's password; empty when unknown, disabled or wrong. With a directory, a name that is no local
     * user (or is a directory user) is checked against the directory.
     *
     * @param source where the request came from (an IP address), for the {@link LoginThrottle}
     * @throws LoginRefusedException when {@code source} failed too often and the password is not known good
     * @throws DirectoryUnavailableException when the name is the directory's to check and it cannot answer
     */
    public Optional<Principal> verifyPassword(String name, String password, String source) {
        if (name == null || password == null || password.length() > 1024) {
            return Optional.empty();
        }
        if (directory != null) {
            Optional<User> user = store.user(name);
            if (user.isEmpty() || user.get().directory()) {
                return user.isPresent() && user.get().disabled() ? Optional.empty() : signInToDirectory(name, password, source);
            }
        }
        return verifyOnce(cacheKey("u", name, password), password, source, () -> store.user(name)
                .filter(u -> !u.disabled())
                .map(u -> new Stored(u.passwordHash(), u.principal(), false,
                        fresh -> store.replacePasswordHash(name, u.passwordHash(), fresh))));
    }

    /**
     * A directory sign-in, remembered for {@link #CACHE_TTL} like a verified password (a bind costs a round trip to
     * the directory); a failure counts for the {@link LoginThrottle}.
     */
    private Optional<Principal> signInToDirectory(String name, String password, String source) {
        String key = cacheKey("d", name, password);
        Cached hit = verified.get(key);
        if (hit != null && hit.until.isAfter(clock.instant())) {
            return Optional.of(hit.principal);
        }
        Optional<Duration> refused = throttle.refusedFor(source);
        if (refused.isPresent()) {
            throw new LoginRefusedException(source, refused.get());
        }
        long changesSeen = changes.get();
        Optional<Principal> principal = directory.signIn(name, password);
        if (principal.isPresent()) {
            remember(key, new Cached(principal.get(), User.NO_PASSWORD, clock.instant().plus(CACHE_TTL)), changesSeen);
        } else {
            throttle.failed(source);
        }
        return principal;
    }

    /**
     * A stored secret's slow hash and who presents it, looked up when the cache cannot answer; whether
     * Baton generated the secret, and how to replace the hash if it is still the one read.
     */
    private record Stored(String hash, Principal principal, boolean generated, Predicate<String> replace) {
    }

    /**
     * Answers from the cache, or runs the slow check, once (single flight): callers that present the same
     * id and secret while it runs wait for its answer instead of hashing again, and one that arrives as it
     * ends finds its answer in the cache. A fleet of agents started together, or a client retrying, would
     * otherwise pay the slow hash once per request. Only the same id and secret share an answer (the key
     * is a hash of both); a wrong secret's answer goes to the callers that waited for it and is never
     * cached. A secret known good is accepted even from a source the throttle refuses: checking it costs
     * nothing.
     */
    private Optional<Principal> verifyOnce(String key, String secret, String source, Supplier<Optional<Stored>> lookup) {
        Cached hit = verified.get(key);
        if (hit != null) {
            if (hit.until.isAfter(clock.instant())) {
                return Optional.of(hit.principal);
            }
            // This secret matched this hash. The same hash and principal still stored means nothing was revoked,
            // disabled or changed (role, scopes).
            long changesSeen = changes.get();
            Optional<Stored> stored = lookup.get();
            if (stored.isPresent() && stored.get().hash().equals(hit.hash) && stored.get().principal().equals(hit.principal)) {
                remember(key, new Cached(stored.get().principal(), hit.hash, clock.instant().plus(CACHE_TTL)), changesSeen);
                return Optional.of(stored.get().principal());
            }
            verified.remove(key, hit);
        }
        Optional<Duration> refused = throttle.refusedFor(source);
        if (refused.isPresent()) {
            throw new LoginRefusedException(source, refused.get());
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
            // A check of this secret that ended after this caller found nothing in the cache, and before it
            // registered, left its answer there: take it rather than hash again.
            Cached settled = verified.get(key);
            if (settled != null && settled.until.isAfter(clock.instant())) {
                Optional<Principal> principal = Optional.of(settled.principal);
                mine.complete(principal);
                return principal;
            }
            long changesSeen = changes.get();
            Optional<Stored> stored = lookup.get();
            // An unknown name or id costs no hash, and is not counted as a failure.
            Optional<Principal> principal = stored.filter(s -> hasher.verify(secret, s.hash())).map(Stored::principal);
            if (principal.isPresent()) {
                remember(key, new Cached(principal.get(), upgraded(stored.get(), secret), clock.instant().plus(CACHE_TTL)),
                        changesSeen);
            } else if (stored.isPresent()) {
                throttle.failed(source);
            }
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
     * The stored hash, hashed again at today's iteration count when it was made with another (a
     * credential from before {@link SecretHasher#GENERATED_SECRET_ITERATIONS}, or a changed default), now
     * that the secret is known good. Compare-and-set: a hash changed meanwhile (a new password) is kept.
     */
    private String upgraded(Stored stored, String secret) {
        if (!hasher.outdated(stored.hash(), stored.generated())) {
            return stored.hash();
        }
        String fresh = stored.generated() ? hasher.hashGenerated(secret) : hasher.hash(secret);
        try {
            return stored.replace().test(fresh) ? fresh : stored.hash();
        } catch (RuntimeException e) {
            return stored.hash(); // a store that cannot take the write now must not fail a good secret; next time
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

    /** As {@link UserAccounts#setPassword}. */
    public void setPassword(String name, String password) {
        accounts.setPassword(name, password);
    }

    /** Users: create, disable, enable, role, scopes, password; each change is trusted at once on this server. */
    public UserAccounts accounts() {
        return accounts;
    }

    /** An enabled user's principal, for sessions that check their user again on every request; empty when unknown or disabled. */
    public Optional<Principal> userPrincipal(String name) {
        return name == null ? Optional.empty() : store.user(name).filter(u -> !u.disabled()).map(User::principal);
    }

    /** After a revocation or password change is stored: nothing verified before it is trusted without a new check. */
    private void forgetVerified() {
        changes.incrementAndGet();
        verified.clear();
    }

    /**
     * Remembers a check's answer, unless a revocation or password change on this server came after the check
     * read the store ({@code changesSeen}). Checked again after the entry is in: a change that cleared the
     * cache just before it went in has already counted itself, so the entry is taken out again.
     */
    private void remember(String key, Cached entry, long changesSeen) {
        if (changes.get() != changesSeen) {
            return;
        }
        verified.put(key, entry);
        if (changes.get() != changesSeen) {
            verified.remove(key, entry);
        }
    }

    private static String cacheKey(String kind, String id, String secret) {
        MessageDigest digest;
        try {
            // Cloning a digest that is never updated costs a third of looking one up: this runs per request.
            digest = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        digest.update((kind + "\0" + id + "\0" + secret).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private record Cached(Principal principal, String hash, Instant until) {
    }
}
