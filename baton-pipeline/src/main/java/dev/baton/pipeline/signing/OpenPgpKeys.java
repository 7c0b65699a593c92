package dev.baton.pipeline.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Iterator;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * OpenPGP secret keys: generating RSA and Ed25519 keys, reading an armored secret key, protecting it with a
 * passphrase (AES-256, iterated and salted SHA-256 S2K: what gpg 2.2 reads) and unlocking it for signing.
 */
final class OpenPgpKeys {

    /** RSA key size of keys Baton creates. */
    static final int RSA_BITS = 3072;
    private static final SecureRandom RANDOM = new SecureRandom();

    private OpenPgpKeys() {
    }

    /** A new primary signing key with one user id, its secret part encrypted with {@code passphrase}. */
    static PGPSecretKeyRing generate(SigningKey.Algorithm algorithm, String userId, char[] passphrase,
            Instant createdAt) {
        Date created = Date.from(createdAt);
        try {
            PGPKeyPair pair = switch (algorithm) {
                case RSA -> {
                    RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
                    generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), RANDOM, RSA_BITS, 100));
                    yield new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), created);
                }
                case EDDSA -> {
                    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
                    generator.init(new Ed25519KeyGenerationParameters(RANDOM));
                    AsymmetricCipherKeyPair keys = generator.generateKeyPair();
                    yield new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, keys, created);
                }
            };
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
            hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA512});
            hashed.setPreferredSymmetricAlgorithms(false,
                    new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            hashed.setIssuerFingerprint(false, pair.getPublicKey());
            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair, userId,
                    sha1(), hashed.generate(), null,
                    new BcPGPContentSignerBuilder(pair.getPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256),
                    encryptor(passphrase));
            return rings.generateSecretKeyRing();
        } catch (PGPException e) {
            throw new SigningException("cannot create a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /** The first secret key ring of an armored (or binary) secret key block. */
    static PGPSecretKeyRing readSecret(String armored) {
        if (armored == null || armored.isBlank()) {
            throw new SigningException("the secret key is empty: give an armored secret key "
                    + "(gpg --armor --export-secret-keys KEYID)");
        }
        if (armored.contains("PUBLIC KEY BLOCK") && !armored.contains("PRIVATE KEY BLOCK")) {
            throw new SigningException("this is a public key; a signing key needs the secret key "
                    + "(gpg --armor --export-secret-keys KEYID)");
        }
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator());
            Iterator<PGPSecretKeyRing> it = rings.getKeyRings();
            if (!it.hasNext()) {
                throw new SigningException("the text holds no OpenPGP secret key");
            }
            return it.next();
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof SigningException s) {
                throw s;
            }
            throw new SigningException("not an armored OpenPGP secret key (" + e.getMessage()
                    + "): give the output of gpg --armor --export-secret-keys KEYID", e);
        }
    }

    static PGPSecretKeyRing decode(byte[] encoded) {
        try {
            return new PGPSecretKeyRing(encoded, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException e) {
            throw new SigningException("the stored secret key cannot be read: " + e.getMessage(), e);
        }
    }

    static byte[] encode(PGPSecretKeyRing ring) {
        try {
            return ring.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same ring with its secret keys protected by {@code to} instead of {@code from}.
     *
     * @throws SigningException when {@code from} does not unlock the ring
     */
    static PGPSecretKeyRing reencrypt(PGPSecretKeyRing ring, char[] from, char[] to, String what) {
        // Each key is rebuilt rather than copied with a new password: a copy keeps an unprotected key's weak
        // two-byte checksum (S2K usage 255); rebuilt keys get the SHA-1 integrity check (254) like created ones.
        try {
            PBESecretKeyDecryptor decryptor = decryptor(from);
            PBESecretKeyEncryptor encryptor = encryptor(to);
            List<PGPSecretKey> keys = new ArrayList<>();
            for (PGPSecretKey key : ring) {
                PGPPrivateKey privateKey = key.isPrivateKeyEmpty() ? null : key.extractPrivateKey(decryptor);
                keys.add(privateKey == null ? key
                        : new PGPSecretKey(privateKey, key.getPublicKey(), sha1(), key.isMasterKey(), encryptor));
            }
            return new PGPSecretKeyRing(keys);
        } catch (PGPException e) {
            throw new SigningException("the passphrase does not unlock " + what
                    + ": give the passphrase the key was exported with", e);
        }
    }

    /** The key a ring signs with: a subkey whose binding allows signing, else the primary key. */
    static PGPSecretKey signingKey(PGPSecretKeyRing ring) {
        Iterator<PGPSecretKey> keys = ring.getSecretKeys();
        PGPSecretKey primary = keys.next();
        while (keys.hasNext()) {
            PGPSecretKey candidate = keys.next();
            if (!candidate.isPrivateKeyEmpty() && canSign(candidate.getPublicKey())) {
                return candidate;
            }
        }
        return primary;
    }

    private static boolean canSign(PGPPublicKey subkey) {
        Iterator<PGPSignature> bindings = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        while (bindings.hasNext()) {
            PGPSignature binding = bindings.next();
            if (binding.getHashedSubPackets() != null
                    && (binding.getHashedSubPackets().getKeyFlags() & KeyFlags.SIGN_DATA) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decrypts the signing (sub)key.
     *
     * @throws SigningException naming the key (never the passphrase) when the passphrase is wrong
     */
    static UnlockedKey unlock(SigningKey description, PGPSecretKeyRing ring, char[] passphrase) {
        PGPSecretKey secret = signingKey(ring);
        try {
            PGPPrivateKey privateKey = secret.extractPrivateKey(decryptor(passphrase));
            if (privateKey == null) {
                throw new SigningException("signing key '" + description.name() + "' has no secret part");
            }
            return new UnlockedKey(description, secret.getPublicKey(), privateKey);
        } catch (PGPException e) {
            throw new SigningException("the signing passphrase does not unlock key '" + description.name() + "' ("
                    + description.keyId() + "): start the server with the passphrase the key was stored with "
                    + "(--signing-passphrase-file or BATON_SIGNING_PASSPHRASE)");
        }
    }

    /** The public description of a ring under a name. */
    static SigningKey describe(String name, PGPSecretKeyRing ring) {
        try {
            return describe(name, ring.getPublicKey(), signingKey(ring).getPublicKey(), ring.toCertificate().getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The public description of a key under a name: {@code primary} names it, {@code signing} (the primary key or
     * a subkey) makes its signatures, {@code certificate} is the encoded public key block hosts import.
     *
     * @throws SigningException when the signing key's algorithm is neither RSA nor Ed25519
     */
    static SigningKey describe(String name, PGPPublicKey primary, PGPPublicKey signing, byte[] certificate) {
        SigningKey.Algorithm algorithm = switch (signing.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL, PublicKeyAlgorithmTags.RSA_SIGN -> SigningKey.Algorithm.RSA;
            case PublicKeyAlgorithmTags.EDDSA_LEGACY -> SigningKey.Algorithm.EDDSA;
            default -> throw new SigningException("the key's algorithm (OpenPGP number " + signing.getAlgorithm()
                    + ") is not supported for signing packages: use an RSA or Ed25519 key (gpg --quick-generate-key "
                    + "NAME rsa3072 sign, or ed25519)");
        };
        Iterator<String> ids = primary.getUserIDs();
        String userId = ids.hasNext() ? ids.next() : "";
        return new SigningKey(name, algorithm, OpenPgp.keyId(signing.getKeyID()),
                OpenPgp.fingerprint(primary.getFingerprint()), userId, primary.getCreationTime().toInstant(),
                OpenPgp.armor(certificate));
    }

    private static PGPDigestCalculator sha1() throws PGPException {
        return new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
    }

    private static PBESecretKeyEncryptor encryptor(char[] passphrase) throws PGPException {
        return new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0xc0).build(passphrase);
    }

    private static PBESecretKeyDecryptor decryptor(char[] passphrase) throws PGPException {
        return new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(passphrase);
    }
}
