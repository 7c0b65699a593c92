package dev.baton.pipeline.signing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/** The OpenPGP details shared by package and detached signatures: key ids, armor, making and parsing signatures. */
final class OpenPgp {

    private OpenPgp() {
    }

    /** A key id as rpm and gpg print it: 16 hex digits, upper case. */
    static String keyId(long keyId) {
        return HexFormat.of().withUpperCase().toHexDigits(keyId); // not String.format: it showed in a sync's profile
    }

    static String fingerprint(byte[] fingerprint) {
        return HexFormat.of().withUpperCase().formatHex(fingerprint);
    }

    /** ASCII armor without the "Version:" header (it would only advertise the library). */
    static String armor(byte[] encoded) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(bytes)) {
            armored.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    /**
     * A v4 binary-document signature (SHA-256) over the bytes written to the returned generator's {@code update}.
     * The issuer key id and fingerprint sit in the hashed area, where rpm 4.x and gpg both look for them.
     */
    static PGPSignatureGenerator signer(UnlockedKey key) {
        try {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(
                    key.signingPublicKey().getAlgorithm(), HashAlgorithmTags.SHA256), key.signingPublicKey());
            generator.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
            PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
            hashed.setSignatureCreationTime(false, new Date());
            hashed.setIssuerFingerprint(false, key.signingPublicKey());
            hashed.setIssuerKeyID(false, key.signingPublicKey().getKeyID());
            generator.setHashedSubpackets(hashed.generate());
            return generator;
        } catch (PGPException e) {
            throw new SigningException("cannot sign with key " + key.key().name() + ": " + e.getMessage(), e);
        }
    }

    static PGPSignature generate(PGPSignatureGenerator generator, UnlockedKey key) {
        try {
            return generator.generate();
        } catch (PGPException e) {
            throw new SigningException("cannot sign with key " + key.key().name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first signature in binary or armored OpenPGP data.
     *
     * @throws SigningException when the data holds no readable signature
     */
    static PGPSignature readSignature(byte[] data, String what) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object object = factory.nextObject();
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new SigningException(what + " is not an OpenPGP signature");
        } catch (IOException | RuntimeException e) {
            if (e instanceof SigningException s) {
                throw s;
            }
            throw new SigningException(what + " is not a readable OpenPGP signature: " + e.getMessage(), e);
        }
    }

    /** The key id a signature names: the issuer key id, or the low 64 bits of the issuer fingerprint. */
    static long issuer(PGPSignature signature) {
        if (signature.getKeyID() != 0) {
            return signature.getKeyID();
        }
        var hashed = signature.getHashedSubPackets();
        if (hashed != null && hashed.getIssuerFingerprint() != null) {
            byte[] fp = hashed.getIssuerFingerprint().getFingerprint();
            long id = 0;
            for (int i = fp.length - 8; i < fp.length; i++) {
                id = (id << 8) | (fp[i] & 0xff);
            }
            return id;
        }
        return 0;
    }

    static BcPGPContentVerifierBuilderProvider verifiers() {
        return new BcPGPContentVerifierBuilderProvider();
    }

    static <T> T only(Iterator<T> it) {
        return it.hasNext() ? it.next() : null;
    }
}
