package dev.baton.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow hashes for passwords and API secrets: PBKDF2-HMAC-SHA256 from the JDK, so the agent and the
 * server need no native library. Stored as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (base64),
 * so the iteration count can grow without invalidating stored hashes.
 */
public final class SecretHasher {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. About 0.2 s on one core here. */
    public static final int DEFAULT_ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();
    private final int iterations;

    public SecretHasher(int iterations) {
        this.iterations = iterations;
    }

    public SecretHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] hash = pbkdf2(secret, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** Constant-time check of a secret against a stored hash; false for any malformed hash. */
    public boolean verify(String secret, String stored) {
        if (secret == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
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

    private static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            var spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }
}
