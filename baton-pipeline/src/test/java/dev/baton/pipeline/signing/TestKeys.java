package dev.baton.pipeline.signing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/** Baton-made keys for tests, one per algorithm and name, made once per JVM (RSA generation takes seconds). */
final class TestKeys {

    static final char[] PASSPHRASE = "test passphrase".toCharArray();
    private static final Map<SigningKey.Algorithm, UnlockedKey> SITE = new EnumMap<>(SigningKey.Algorithm.class);
    private static final Map<SigningKey.Algorithm, UnlockedKey> OTHER = new EnumMap<>(SigningKey.Algorithm.class);

    private TestKeys() {
    }

    static synchronized UnlockedKey site(SigningKey.Algorithm algorithm) {
        return SITE.computeIfAbsent(algorithm, a -> make("site-" + a, "Site Packages <site@example.org>", a));
    }

    static synchronized UnlockedKey other(SigningKey.Algorithm algorithm) {
        return OTHER.computeIfAbsent(algorithm, a -> make("other-" + a, "Other <other@example.org>", a));
    }

    static UnlockedKey make(String name, String userId, SigningKey.Algorithm algorithm) {
        PGPSecretKeyRing ring = OpenPgpKeys.generate(algorithm, userId, PASSPHRASE,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return OpenPgpKeys.unlock(OpenPgpKeys.describe(name, ring), ring, PASSPHRASE);
    }

    static PublicKeys publicKeys(UnlockedKey... keys) {
        PublicKeys all = PublicKeys.none();
        for (UnlockedKey key : keys) {
            all = all.plus(PublicKeys.readArmored(key.key().publicKeyArmored()));
        }
        return all;
    }
}
