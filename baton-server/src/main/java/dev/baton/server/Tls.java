package dev.baton.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * HTTPS for the server, from the PEM files a site already has: the server certificate (with its chain),
 * its private key (PKCS#1 {@code RSA PRIVATE KEY} as Puppet writes it, SEC1 {@code EC PRIVATE KEY}, or PKCS#8
 * {@code PRIVATE KEY}; not encrypted), and optionally the CA whose client certificates are accepted.
 *
 * <p>With a client CA the server <em>asks</em> for a client certificate (want, not need): Foreman clients
 * present their Puppet host certificate, while FleetLock, DLM Engine and admin clients present none. A
 * certificate that does not chain to the client CA fails the handshake; the Foreman door then answers 401
 * to a request without one.
 */
public final class Tls {

    private static final char[] STORE_PASSWORD = "baton".toCharArray();

    private Tls() {
    }

    /**
     * A TLS connector for {@code server} on {@code bind:port}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ServerConnector connector(Server server, HttpConfiguration http, TlsSettings tls, String bind, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(keyStore(tls.cert(), tls.key()));
        ssl.setKeyStorePassword(new String(STORE_PASSWORD));
        if (tls.clientCa() != null) {
            ssl.setTrustStore(trustStore(tls.clientCa()));
            ssl.setWantClientAuth(true);
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // hosts reach the server by many names; the certificate is the site's business
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        connector.setHost(bind);
        connector.setPort(port);
        return connector;
    }

    /** A key store holding the key and its certificate chain, read from PEM files. */
    static KeyStore keyStore(Path certFile, Path keyFile) {
        List<Certificate> chain = certificates(certFile, "--tls-cert");
        PrivateKey key = privateKey(keyFile);
        if (!matches(key, chain.get(0))) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " is not the key of the first certificate in --tls-cert " + certFile);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("baton", key, STORE_PASSWORD, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("--tls-key " + keyFile + " does not go with --tls-cert " + certFile
                    + ": " + e.getMessage(), e);
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    private static boolean matches(PrivateKey key, Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // an unusual key type: let the handshake judge it
        }
        try {
            byte[] probe = "baton".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A client TLS context that trusts only the CA certificates in the PEM file {@code caFile} (a site's own CA, for a
     * connection Baton makes, such as to the LDAP directory).
     *
     * @param option the option that named the file, for the message when it cannot be read
     * @throws IllegalArgumentException naming the option, the file and what is wrong with it
     */
    public static SSLContext trusting(Path caFile, String option) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(caFile, option));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    static KeyStore trustStore(Path caFile) {
        return trustStore(caFile, "--client-ca");
    }

    private static KeyStore trustStore(Path caFile, String option) {
        List<Certificate> cas = certificates(caFile, option);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Certificate> certificates(Path file, String option) {
        try (var in = Files.newInputStream(file)) {
            List<Certificate> certs = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(option + " " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            }
            return certs;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(option + " " + file + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(Path file) {
        try (Reader reader = Files.newBufferedReader(file); PEMParser pem = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("--tls-key " + file + " is encrypted; give the server an unencrypted key "
                            + "(openssl pkey -in KEY -out PLAIN) readable only by its user");
                }
            }
            throw new IllegalArgumentException("--tls-key " + file + " holds no PEM private key "
                    + "(-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --tls-key " + file + ": " + e.getMessage(), e);
        }
    }
}
