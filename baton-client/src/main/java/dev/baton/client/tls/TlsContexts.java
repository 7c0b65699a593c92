package dev.baton.client.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one place a client's TLS context is made from files: the CA certificate(s) the server's certificate must
 * chain to, and optionally the client's certificate (with its chain) and key, as Foreman hosts present their
 * Puppet certificate. Used by the admin CLI, the agent's lock clients and its progress reporter; make one per
 * process run and share it (it is thread-safe), so the files are read and the keys parsed once.
 */
public final class TlsContexts {

    private static final char[] NO_PASSWORD = new char[0];

    private TlsContexts() {
    }

    /**
     * A context trusting the certificates in {@code ca} (the JDK's CAs when null), presenting the certificate in
     * {@code clientCert} with the key in {@code clientKey} when both are given.
     *
     * @throws TlsFileException naming the file and what is wrong with it: missing, not PEM, encrypted, a key that
     *                          is not the certificate's, a certificate without a key or the other way round
     */
    public static SSLContext create(Path ca, Path clientCert, Path clientKey) throws TlsFileException {
        if ((clientCert == null) != (clientKey == null)) {
            throw new TlsFileException(clientCert == null
                    ? "a client key (" + clientKey + ") needs its certificate too"
                    : "a client certificate (" + clientCert + ") needs its private key too");
        }
        try {
            TrustManagerFactory trust = null;
            if (ca != null) {
                KeyStore store = emptyStore();
                int i = 0;
                for (X509Certificate c : PemFiles.certificates(ca)) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            KeyManagerFactory keys = null;
            if (clientCert != null) {
                List<X509Certificate> chain = PemFiles.certificates(clientCert);
                PrivateKey key = PemFiles.privateKey(clientKey);
                if (!signsFor(key, chain.getFirst())) {
                    throw new TlsFileException("the key in " + clientKey + " is not the key of the certificate in " + clientCert
                            + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
                }
                KeyStore store = emptyStore();
                store.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, NO_PASSWORD);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new TlsFileException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException(e.getMessage(), e); // loading nothing reads no file
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    static boolean signsFor(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS and the like: the handshake will judge
        }
        try {
            byte[] probe = "baton".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
