package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.auth.AuthService;
import dev.baton.auth.AuthStore;
import dev.baton.auth.Credential;
import dev.baton.auth.LoginRefusedException;
import dev.baton.auth.LoginThrottle;
import dev.baton.auth.Principal;
import dev.baton.auth.Role;
import dev.baton.auth.SecretHasher;
import dev.baton.auth.User;
import dev.baton.lock.BadRequestException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Users and API credentials in the same database as the locks: stored hashed, verified, revoked. */
public interface AuthStoreContract extends LockFixture {

    /** Fast enough for tests; production uses {@link SecretHasher#DEFAULT_ITERATIONS}. */
    default AuthService auth() {
        return new AuthService(new SqlAuthStore(database()), new SecretHasher(1000), clock());
    }

    @Test
    default void requestsArrivingTogetherWithOneSecretPayTheSlowHashOnce() throws Exception {
        // A fleet of agents started together, or one client retrying: the same id and secret at once.
        AtomicInteger lookups = new AtomicInteger();
        SqlAuthStore real = new SqlAuthStore(database());
        AuthStore counting = new DelegatingAuthStore(real) {
            @Override
            public Optional<User> user(String name) {
                lookups.incrementAndGet();
                return real.user(name);
            }

            @Override
            public Optional<Credential> credential(String id) {
                lookups.incrementAndGet();
                // A generated secret's check is quick (SecretHasher.GENERATED_SECRET_ITERATIONS): a slow
                // lookup keeps the first check running until the others have arrived.
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return real.credential(id);
            }
        };
        // The production cost, so the first check is still running when the others arrive.
        AuthService auth = new AuthService(counting, new SecretHasher(), clock());
        AuthService.Issued host = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));
        auth.ensureAdmin("correct horse battery");
        lookups.set(0);
        // A generated 256-bit secret costs less to check than a password a person chose; both are salted PBKDF2.
        assertThat(host.credential().secretHash()).startsWith("pbkdf2-sha256$" + SecretHasher.GENERATED_SECRET_ITERATIONS + "$");
        assertThat(real.user("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$" + SecretHasher.DEFAULT_ITERATIONS + "$");

        List<Optional<Principal>> hosts = Concurrently.run(16, true,
                i -> auth.verifyCredential(host.credential().id(), host.secret()));
        assertThat(hosts).allSatisfy(p -> assertThat(p).hasValueSatisfying(x -> assertThat(x.role()).isEqualTo(Role.HOST)));
        assertThat(lookups.getAndSet(0)).as("store lookups, and slow hashes, for 16 requests at once").isEqualTo(1);

        List<Optional<Principal>> wrong = Concurrently.run(16, true, i -> auth.verifyPassword("admin", "wrong password"));
        assertThat(wrong).allSatisfy(p -> assertThat(p).isEmpty());
        assertThat(lookups.getAndSet(0)).as("a wrong password sent 16 times at once").isEqualTo(1);
        assertThat(auth.verifyPassword("admin", "wrong password")).as("a wrong answer is not remembered").isEmpty();
        assertThat(lookups.get()).isEqualTo(1);
    }

    @Test
    default void aCheckArrivingAsTheFirstOneEndsTakesItsAnswerInsteadOfHashingAgain() throws Exception {
        // Agents behind one NAT address log in together just as the address's failed-login window ends.
        // The throttle's clock holds every request but the first at the moment when it has found nothing
        // in the cache and has not yet joined the first one's check, until the first one is answered.
        Instant start = clock().instant();
        CountDownLatch secondArrived = new CountDownLatch(1);
        CountDownLatch firstAnswered = new CountDownLatch(1);
        AtomicBoolean racing = new AtomicBoolean();
        AtomicInteger throttleReads = new AtomicInteger();
        InstantSource throttleClock = () -> {
            if (!racing.get()) {
                return start;
            }
            int read = throttleReads.incrementAndGet();
            if (read == 1) {
                awaitQuietly(secondArrived); // the first check starts once another request is held here
            } else {
                secondArrived.countDown();
                awaitQuietly(firstAnswered);
            }
            return start.plus(LoginThrottle.WINDOW).plusSeconds(1); // the window is over: not refused
        };
        SecretHasher hasher = new SecretHasher(1000);
        AuthService auth = new AuthService(new SqlAuthStore(database()), hasher, clock(), new LoginThrottle(1, throttleClock));
        AuthService.Issued host = auth.createCredential("web agents", Role.HOST, Set.of("web-1"));
        String id = host.credential().id();
        assertThat(auth.verifyCredential(id, "a wrong secret", "10.0.0.9")).isEmpty(); // the address reached its limit
        long hashes = hasher.computed();

        racing.set(true);
        List<Optional<Principal>> verified = Concurrently.run(8, false, i -> {
            try {
                return auth.verifyCredential(id, host.secret(), "10.0.0.9");
            } finally {
                firstAnswered.countDown();
            }
        });
        assertThat(verified).allSatisfy(p -> assertThat(p).hasValueSatisfying(x -> assertThat(x.name()).isEqualTo("web agents")));
        assertThat(throttleReads.get()).as("requests held by the throttle's clock").isGreaterThanOrEqualTo(2);
        assertThat(hasher.computed() - hashes).as("slow hashes for 8 requests with one secret").isEqualTo(1);
    }

    @Test
    default void aCredentialRevokedWhileItsCheckRunsIsNotRemembered() {
        // The check read the credential before the revocation and hashes after it: its answer may be yes
        // (the credential was valid when it was read), but remembering it would trust a revoked credential
        // on this server for the cache's whole lifetime.
        SqlAuthStore real = new SqlAuthStore(database());
        java.util.concurrent.atomic.AtomicReference<Runnable> duringLookup = new java.util.concurrent.atomic.AtomicReference<>();
        AuthStore revokingDuringLookup = new DelegatingAuthStore(real) {
            @Override
            public Optional<Credential> credential(String id) {
                return thenStep(real.credential(id));
            }

            @Override
            public Optional<User> user(String name) {
                return thenStep(real.user(name));
            }

            /** Runs the step planned for this lookup, once, after the record was read. */
            private <T> T thenStep(T read) {
                Runnable step = duringLookup.getAndSet(null);
                if (step != null) {
                    step.run();
                }
                return read;
            }
        };
        AuthService auth = new AuthService(revokingDuringLookup, new SecretHasher(1000), clock());
        AuthService.Issued host = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));
        String id = host.credential().id();
        auth.ensureAdmin("correct horse battery");

        duringLookup.set(() -> assertThat(auth.revoke(id)).isTrue());
        auth.verifyCredential(id, host.secret());
        assertThat(auth.verifyCredential(id, host.secret())).as("revoked during the first check").isEmpty();

        duringLookup.set(() -> auth.setPassword("admin", "a new long password"));
        auth.verifyPassword("admin", "correct horse battery");
        assertThat(auth.verifyPassword("admin", "correct horse battery")).as("changed during the first check").isEmpty();
        assertThat(auth.verifyPassword("admin", "a new long password")).isPresent();
    }

    @Test
    default void checksAtOnceShareAnAnswerOnlyForTheSameIdAndSecret() {
        SecretHasher hasher = new SecretHasher(1000);
        AuthService auth = new AuthService(new SqlAuthStore(database()), hasher, clock());
        AuthService.Issued web1 = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));
        AuthService.Issued web2 = auth.createCredential("web-2 agent", Role.HOST, Set.of("web-2"));
        long hashes = hasher.computed();

        // Twelve threads at once: web-1 with its secret, web-1 with web-2's secret, web-2 with its secret.
        List<Optional<Principal>> answers = Concurrently.run(12, false, i -> switch (i % 3) {
            case 0 -> auth.verifyCredential(web1.credential().id(), web1.secret());
            case 1 -> auth.verifyCredential(web1.credential().id(), web2.secret());
            default -> auth.verifyCredential(web2.credential().id(), web2.secret());
        });
        for (int i = 0; i < answers.size(); i++) {
            switch (i % 3) {
                case 0 -> assertThat(answers.get(i)).map(Principal::name).contains("web-1 agent");
                case 1 -> assertThat(answers.get(i)).as("another credential's secret").isEmpty();
                default -> assertThat(answers.get(i)).map(Principal::name).contains("web-2 agent");
            }
        }
        long shared = hasher.computed() - hashes;
        assertThat(shared).as("at least one slow hash per id and secret").isGreaterThanOrEqualTo(3);

        // The good secrets are remembered; the wrong one is not, and costs a hash each time.
        assertThat(auth.verifyCredential(web1.credential().id(), web1.secret())).isPresent();
        assertThat(auth.verifyCredential(web2.credential().id(), web2.secret())).isPresent();
        assertThat(hasher.computed() - hashes).isEqualTo(shared);
        assertThat(auth.verifyCredential(web1.credential().id(), web2.secret())).isEmpty();
        assertThat(hasher.computed() - hashes).isEqualTo(shared + 1);
    }

    /** Passes every call to another store; tests override the calls they watch. */
    class DelegatingAuthStore implements AuthStore {
        private final AuthStore delegate;

        DelegatingAuthStore(AuthStore delegate) {
            this.delegate = delegate;
        }

        public Optional<User> user(String name) { return delegate.user(name); }
        public List<User> users() { return delegate.users(); }
        public boolean createUser(User user) { return delegate.createUser(user); }
        public void setPassword(String name, String hash) { delegate.setPassword(name, hash); }
        public boolean setRole(String name, Role role) { return delegate.setRole(name, role); }
        public boolean setDisabled(String name, Instant at) { return delegate.setDisabled(name, at); }
        public AdminGuard setRoleKeepingAnAdmin(String name, Role role) { return delegate.setRoleKeepingAnAdmin(name, role); }
        public AdminGuard disableKeepingAnAdmin(String name, Instant at) { return delegate.disableKeepingAnAdmin(name, at); }
        public boolean setScopes(String name, Set<String> scopes) { return delegate.setScopes(name, scopes); }
        public boolean replacePasswordHash(String name, String expected, String hash) {
            return delegate.replacePasswordHash(name, expected, hash);
        }
        public Optional<Credential> credential(String id) { return delegate.credential(id); }
        public List<Credential> credentials() { return delegate.credentials(); }
        public void createCredential(Credential credential) { delegate.createCredential(credential); }
        public boolean replaceSecretHash(String id, String expected, String hash) {
            return delegate.replaceSecretHash(id, expected, hash);
        }
        public boolean revokeCredential(String id, Instant at) { return delegate.revokeCredential(id, at); }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the race did not come about within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    default void aVerifiedSecretIsRenewedAfterTheCacheTtlWithoutAnotherSlowHashUntilItIsRevokedOrChanged() {
        SecretHasher hasher = new SecretHasher(1000);
        AuthService auth = new AuthService(new SqlAuthStore(database()), hasher, clock());
        AuthService other = auth(); // another server on the same store
        AuthService.Issued host = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));
        auth.ensureAdmin("correct horse battery");
        String id = host.credential().id();
        assertThat(auth.verifyCredential(id, host.secret())).isPresent();
        assertThat(auth.verifyPassword("admin", "correct horse battery")).isPresent();
        long hashes = hasher.computed();

        for (int i = 0; i < 3; i++) {
            clock().advance(AuthService.CACHE_TTL.plusSeconds(1));
            assertThat(auth.verifyCredential(id, host.secret())).isPresent();
            assertThat(auth.verifyPassword("admin", "correct horse battery")).isPresent();
        }
        assertThat(hasher.computed()).as("slow hashes for checks renewed after the TTL").isEqualTo(hashes);
        assertThat(auth.verifyCredential(id, host.secret() + "x")).as("another secret is still hashed").isEmpty();
        assertThat(hasher.computed()).isEqualTo(hashes + 1);

        assertThat(other.revoke(id)).isTrue();
        other.setPassword("admin", "a new long password");
        assertThat(auth.verifyCredential(id, host.secret())).as("within the TTL, this server still trusts it").isPresent();
        clock().advance(AuthService.CACHE_TTL.plusSeconds(1));
        assertThat(auth.verifyCredential(id, host.secret())).as("revoked on another server").isEmpty();
        assertThat(auth.verifyPassword("admin", "correct horse battery")).as("changed on another server").isEmpty();
        assertThat(auth.verifyPassword("admin", "a new long password")).isPresent();
    }

    @Test
    default void aHashMadeWithAnotherIterationCountIsMadeAgainAtTodaysCountAfterASuccessfulCheck() {
        SqlAuthStore store = new SqlAuthStore(database());
        AuthService before = new AuthService(store, new SecretHasher(2000), clock());
        AuthService.Issued host = before.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));
        before.ensureAdmin("correct horse battery");
        String id = host.credential().id();
        assertThat(host.credential().secretHash()).startsWith("pbkdf2-sha256$2000$");

        SecretHasher hasher = new SecretHasher(1000);
        AuthService now = new AuthService(store, hasher, clock());
        assertThat(now.verifyCredential(id, "wrong")).isEmpty();
        assertThat(store.credential(id).orElseThrow().secretHash()).as("a wrong secret changes nothing").startsWith("pbkdf2-sha256$2000$");
        assertThat(now.verifyCredential(id, host.secret())).isPresent();
        assertThat(now.verifyPassword("admin", "correct horse battery")).isPresent();
        assertThat(store.credential(id).orElseThrow().secretHash()).startsWith("pbkdf2-sha256$1000$");
        assertThat(store.user("admin").orElseThrow().passwordHash()).startsWith("pbkdf2-sha256$1000$");

        assertThat(auth().verifyCredential(id, host.secret())).as("another server, the new hash").isPresent();
        assertThat(auth().verifyPassword("admin", "correct horse battery")).isPresent();
        long hashes = hasher.computed();
        clock().advance(AuthService.CACHE_TTL.plusSeconds(1));
        assertThat(now.verifyCredential(id, host.secret())).as("renewed against the new hash").isPresent();
        assertThat(hasher.computed()).isEqualTo(hashes);

        String current = store.user("admin").orElseThrow().passwordHash();
        assertThat(store.replacePasswordHash("admin", "not the current hash", "x")).isFalse();
        assertThat(store.replaceSecretHash(id, "not the current hash", "x")).isFalse();
        assertThat(store.user("admin").orElseThrow().passwordHash()).isEqualTo(current);
        assertThat(now.revoke(id)).isTrue();
        String revoked = store.credential(id).orElseThrow().secretHash();
        assertThat(store.replaceSecretHash(id, revoked, "x")).as("a revoked credential").isFalse();
    }

    @Test
    default void slowHashesRunNoMoreAtOnceThanTheHasherAllowsAndTheRestWaitTheirTurn() throws Exception {
        // Users' passwords, at the production cost (over 0.1 s a check), so that the checks overlap whatever
        // the store's latency; one at a time, as on a 2-core machine.
        SecretHasher hasher = new SecretHasher(SecretHasher.DEFAULT_ITERATIONS, 1);
        SqlAuthStore store = new SqlAuthStore(database());
        AuthService auth = new AuthService(store, hasher, clock());
        int users = 4;
        for (int i = 0; i < users; i++) {
            assertThat(store.createUser(new User("viewer-" + i, Role.VIEWER, hasher.hash("password-" + i), clock().instant()))).isTrue();
        }
        long created = hasher.computed();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                mostRunning.accumulateAndGet(hasher.running(), Math::max);
                mostWaiting.accumulateAndGet(hasher.waiting(), Math::max);
                Thread.onSpinWait();
            }
        });
        try {
            List<Optional<Principal>> verified = Concurrently.run(users, true,
                    i -> auth.verifyPassword("viewer-" + i, "password-" + i));
            assertThat(verified).allSatisfy(p -> assertThat(p).isPresent());
        } finally {
            watcher.interrupt();
            watcher.join();
        }
        assertThat(hasher.computed() - created).isEqualTo(users);
        assertThat(mostRunning.get()).isEqualTo(1);
        assertThat(mostWaiting.get()).as("checks that queued for their turn").isGreaterThanOrEqualTo(1);
        assertThat(hasher.running()).isZero();
    }

    @Test
    default void anAddressWithTooManyFailedLoginsIsRefusedUncheckedUntilItsWindowEnds() {
        AuthService auth = new AuthService(new SqlAuthStore(database()), new SecretHasher(1000), clock(),
                new LoginThrottle(3, clock()));
        auth.ensureAdmin("correct horse battery");
        AuthService.Issued host = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1"));

        for (int i = 0; i < 10; i++) {
            assertThat(auth.verifyPassword("nobody", "guess " + i, "10.0.0.9")).as("unknown users cost no hash").isEmpty();
        }
        assertThat(auth.verifyCredential(host.credential().id(), "wrong 1", "10.0.0.9")).isEmpty();
        assertThat(auth.verifyPassword("admin", "wrong 2", "10.0.0.9")).isEmpty();
        assertThat(auth.verifyPassword("admin", "wrong 3", "10.0.0.9")).isEmpty();
        assertThatThrownBy(() -> auth.verifyPassword("admin", "correct horse battery", "10.0.0.9"))
                .isInstanceOf(LoginRefusedException.class).hasMessageContaining("10.0.0.9")
                .satisfies(e -> assertThat(((LoginRefusedException) e).retryAfter())
                        .isPositive().isLessThanOrEqualTo(LoginThrottle.WINDOW));
        assertThatThrownBy(() -> auth.verifyCredential(host.credential().id(), host.secret(), "10.0.0.9"))
                .isInstanceOf(LoginRefusedException.class);

        assertThat(auth.verifyPassword("admin", "correct horse battery", "10.0.0.8")).as("another address").isPresent();
        assertThat(auth.verifyPassword("admin", "correct horse battery", "10.0.0.9"))
                .as("a secret already verified costs nothing and is accepted").isPresent();

        clock().advance(LoginThrottle.WINDOW);
        assertThat(auth.verifyCredential(host.credential().id(), host.secret(), "10.0.0.9")).as("the window is over").isPresent();
        assertThatThrownBy(() -> new LoginThrottle(-1, clock())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    default void withoutALimitFailedLoginsAreNeverRefused() {
        AuthService auth = new AuthService(new SqlAuthStore(database()), new SecretHasher(1000), clock(),
                new LoginThrottle(0, clock()));
        auth.ensureAdmin("correct horse battery");
        for (int i = 0; i < 40; i++) {
            assertThat(auth.verifyPassword("admin", "wrong " + i, "10.0.0.9")).isEmpty();
        }
        assertThat(auth.verifyPassword("admin", "correct horse battery", "10.0.0.9")).isPresent();
    }

    @Test
    default void credentialsAreCreatedListedVerifiedAndRevoked() {
        AuthService auth = auth();
        AuthService.Issued host = auth.createCredential("web-1 agent", Role.HOST, Set.of("web-1.example.com", "web-1"));
        AuthService.Issued ops = auth.createCredential("ops team", Role.OPERATOR, Set.of());
        assertThat(host.secret()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(host.credential().secretHash()).startsWith("pbkdf2-sha256$1000$").doesNotContain(host.secret());

        assertThat(auth.credentials()).extracting(Credential::id).containsExactly(host.credential().id(), ops.credential().id());
        Credential stored = new SqlAuthStore(database()).credential(host.credential().id()).orElseThrow();
        assertThat(stored.name()).isEqualTo("web-1 agent");
        assertThat(stored.role()).isEqualTo(Role.HOST);
        assertThat(stored.holders()).containsExactlyInAnyOrder("web-1.example.com", "web-1");
        assertThat(stored.revoked()).isFalse();
        assertThat(stored.createdAt()).isNotNull();

        Principal p = auth.verifyCredential(host.credential().id(), host.secret()).orElseThrow();
        assertThat(p.role()).isEqualTo(Role.HOST);
        assertThat(p.name()).isEqualTo("web-1 agent");
        assertThat(p.canHold("web-1.example.com")).isTrue();
        assertThat(p.canHold("web-2.example.com")).isFalse();
        assertThat(p.canOperate()).isFalse();
        assertThat(auth.verifyCredential(ops.credential().id(), ops.secret()).orElseThrow().canOperate()).isTrue();

        assertThat(auth.verifyCredential(host.credential().id(), ops.secret())).isEmpty();
        assertThat(auth.verifyCredential(host.credential().id(), host.secret() + "x")).isEmpty();
        assertThat(auth.verifyCredential("no-such-id", host.secret())).isEmpty();
        assertThat(auth.verifyCredential(host.credential().id(), null)).isEmpty();

        assertThat(auth.revoke(host.credential().id())).isTrue();
        assertThat(auth.revoke(host.credential().id())).as("already revoked").isFalse();
        assertThat(auth.revoke("no-such-id")).isFalse();
        assertThat(auth.verifyCredential(host.credential().id(), host.secret())).as("revoked, even though cached").isEmpty();
        assertThat(auth().verifyCredential(host.credential().id(), host.secret())).as("another server").isEmpty();
        assertThat(auth.credentials()).filteredOn(Credential::revoked).extracting(Credential::id)
                .containsExactly(host.credential().id());
        assertThat(auth.verifyCredential(ops.credential().id(), ops.secret())).isPresent();
    }

    @Test
    default void badCredentialsAreRefusedAndNothingIsStored() {
        AuthService auth = auth();
        assertThatThrownBy(() -> auth.createCredential("agent", Role.HOST, Set.of()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("holder");
        assertThatThrownBy(() -> auth.createCredential(" ", Role.VIEWER, Set.of()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> auth.createCredential("agent", Role.HOST, Set.of("web 1")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("holder");
        assertThat(auth.credentials()).isEmpty();
    }

    @Test
    default void usersLogInWithTheirPassword() {
        AuthService auth = auth();
        assertThat(auth.ensureAdmin("correct horse battery")).isEmpty();
        assertThat(auth.verifyPassword("admin", "correct horse battery")).hasValueSatisfying(p -> {
            assertThat(p.role()).isEqualTo(Role.ADMIN);
            assertThat(p.canAdminister()).isTrue();
        });
        assertThat(auth.verifyPassword("admin", "wrong")).isEmpty();
        assertThat(auth.verifyPassword("nobody", "correct horse battery")).isEmpty();
        assertThat(auth.ensureAdmin("another")).as("admin exists: unchanged").isEmpty();
        assertThat(auth().verifyPassword("admin", "another")).isEmpty();

        auth.setPassword("admin", "a new long password");
        assertThat(auth.verifyPassword("admin", "correct horse battery")).isEmpty();
        assertThat(auth.verifyPassword("admin", "a new long password")).isPresent();
        assertThatThrownBy(() -> auth.setPassword("admin", "short")).isInstanceOf(BadRequestException.class);

        SqlAuthStore store = new SqlAuthStore(database());
        assertThat(store.createUser(new User("viewer-bob", Role.VIEWER, new SecretHasher(1000).hash("pw-bob-123"),
                clock().instant()))).isTrue();
        assertThat(store.createUser(new User("viewer-bob", Role.ADMIN, "x", clock().instant()))).isFalse();
        assertThat(store.users()).extracting(User::name, User::role)
                .containsExactly(org.assertj.core.api.Assertions.tuple("admin", Role.ADMIN),
                        org.assertj.core.api.Assertions.tuple("viewer-bob", Role.VIEWER));
        assertThat(auth().verifyPassword("viewer-bob", "pw-bob-123").orElseThrow().canOperate()).isFalse();
    }

    @Test
    default void aGeneratedAdminPasswordIsReturnedOnce() {
        AuthService auth = auth();
        String generated = auth.ensureAdmin(null).orElseThrow();
        assertThat(generated).hasSizeGreaterThanOrEqualTo(40);
        assertThat(auth.verifyPassword("admin", generated)).isPresent();
        assertThat(auth.ensureAdmin(null)).isEmpty();
        assertThat(auth.ensureAdmin("")).isEmpty();
    }
}
