package dev.baton.pipeline.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * A set of trusted OpenPGP public keys (primary keys and subkeys), looked up by the key id a signature names: a
 * remote's vendor keys, or the site's own keys. Immutable.
 */
public final class PublicKeys {

    private static final PublicKeys NONE = new PublicKeys(Map.of());

    private final Map<Long, PGPPublicKey> byId;

    private PublicKeys(Map<Long, PGPPublicKey> byId) {
        this.byId = byId;
    }

    public static PublicKeys none() {
        return NONE;
    }

    /**
     * The keys of one or more armored public key blocks (as {@code gpg --armor --export} writes them), with their
     * subkeys.
     *
     * @throws SigningException naming the problem when the text holds no public key
     */
    public static PublicKeys readArmored(String armored) {
        if (armored == null || armored.isBlank()) {
            throw new SigningException("the public key is empty: give an armored key (gpg --armor --export KEYID)");
        }
        if (armored.contains("PRIVATE KEY BLOCK")) {
            throw new SigningException("this is a secret key, not a public key: export the public key with "
                    + "gpg --armor --export KEYID");
        }
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            List<PGPPublicKey> keys = new ArrayList<>();
            for (PGPPublicKeyRing ring : rings) {
                ring.getPublicKeys().forEachRemaining(keys::add);
            }
            if (keys.isEmpty()) {
                throw new SigningException("the text holds no OpenPGP public key");
            }
            return of(keys);
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof SigningException s) {
                throw s;
            }
            throw new SigningException("not an armored OpenPGP public key (" + e.getMessage()
                    + "): give the output of gpg --armor --export KEYID", e);
        }
    }

    public static PublicKeys of(Collection<PGPPublicKey> keys) {
        Map<Long, PGPPublicKey> map = new LinkedHashMap<>();
        keys.forEach(k -> map.putIfAbsent(k.getKeyID(), k));
        return new PublicKeys(Collections.unmodifiableMap(map));
    }

    /** These keys and those. */
    public PublicKeys plus(PublicKeys other) {
        Map<Long, PGPPublicKey> map = new LinkedHashMap<>(byId);
        other.byId.forEach(map::putIfAbsent);
        return new PublicKeys(Collections.unmodifiableMap(map));
    }

    /** The key with this id, if trusted. */
    public Optional<PGPPublicKey> find(long keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    /** The ids of all keys (primary and subkeys), 16 hex digits upper case. */
    public List<String> keyIds() {
        return byId.keySet().stream().map(OpenPgp::keyId).toList();
    }

    public boolean isEmpty() {
        return byId.isEmpty();
    }

    @Override
    public String toString() {
        return "PublicKeys" + keyIds();
    }
}
