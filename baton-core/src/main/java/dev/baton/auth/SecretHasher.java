package dev.baton.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow hashes for passwords and API secrets: PBKDF2-HMAC-SHA256 from the JDK, so the agent and the
 * server need no native library. Stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64),
 * so the iteration count can grow without invalidating stored hashes.
 *
 * <p>At most {@code concurrency} hashes (by default {@link #DEFAULT_CONCURRENCY}) run at once; the
 * others wait their turn, first come first served. A hash keeps its thread on a CPU for its whole length, and on a virtual thread it keeps
 * the carrier under it too: a fleet authenticating at once (after a server restart) would otherwise take
 * every carrier, and requests from hosts already verified would wait behind the hashes.
 */
public final class SecretHasher {

    /** For passwords, which people choose: OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. 0.13-0.17 s of a core here. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    /**
     * For the secrets Baton generates ({@link #newSecret()}: 256 random bits), which no iteration count
     * makes easier or harder to guess; the count only sets what a check costs the server. Every host checks
     * in again after a server restart, and at {@link #DEFAULT_ITERATIONS} ten thousand hosts would need
     * 22-28 minutes of a core before the last one got an answer; at this count, about 25 seconds.
     */
    public static final int GENERATED_SECRET_ITERATIONS = 10_000;

    /** Hashes computed at once: all processors but one, which stays free for everything else. */
    public static final int DEFAULT_CONCURRENCY = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private final int iterations;
    private final int concurrency;
    private final Semaphore turns;
    private final AtomicLong computed = new AtomicLong();

    public SecretHasher(int iterations, int concurrency) {
        if (iterations < 1 || concurrency < 1) {
            throw new IllegalArgumentException("iterations and concurrency must be at least 1");
        }
        this.iterations = iterations;
        this.concurrency = concurrency;
        this.turns = new Semaphore(concurrency, true);
    }

    public SecretHasher(int iterations) {
        this(iterations, DEFAULT_CONCURRENCY);
    }

    public SecretHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /** Hashes computed since start. */
    public long computed() {
        return computed.get();
    }

    /** Hashes being computed now. */
    public int running() {
        return concurrency - turns.availablePermits();
    }

    /** Hashes waiting for their turn. */
    public int waiting() {
        return turns.getQueueLength();
    }

    /** A stored form of a password (or any secret a person chose). */
    public String hash(String secret) {
        return hash(secret, iterationsFor(false));
    }

    /** A stored form of a secret from {@link #newSecret()}: see {@link #GENERATED_SECRET_ITERATIONS}. */
    public String hashGenerated(String secret) {
        return hash(secret, iterationsFor(true));
    }

    /**
     * True when {@code stored} was hashed with another iteration count than this hasher now uses for its
     * kind of secret ({@code generated}: from {@link #newSecret()}), so it should be hashed again the next
     * time the secret is known, as after a successful check.
     */
    public boolean outdated(String stored, boolean generated) {
        String[] fields = fields(stored);
        return fields != null && !fields[1].equals(Integer.toString(iterationsFor(generated)));
    }

    private int iterationsFor(boolean generated) {
        return generated ? Math.min(iterations, GENERATED_SECRET_ITERATIONS) : iterations;
    }

    /** The scheme, iterations, salt and hash of a stored hash; {@code null} when it is not one of ours. */
    private static String[] fields(String stored) {
        String[] fields = stored == null ? null : stored.split("\\$");
        return fields != null && fields.length == 4 && fields[0].equals("pbkdf2-sha256") ? fields : null;
    }

    private String hash(String secret, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(secret, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Constant-time check of a secret against a stored hash; false for any malformed hash. */
    public boolean verify(String secret, String stored) {
        String[] parts = fields(stored);
        if (secret == null || parts == null) {
            return false;
        }
        try {
            int iter = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(secret, salt, iter));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A random secret of 32 bytes, URL-safe base64 (43 characters). */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        turns.acquireUninterruptibly();
        computed.incrementAndGet();
        try {
            var spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        } finally {
            turns.release();
        }
    }
}
