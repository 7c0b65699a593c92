package dev.baton.server;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A certificate authority made in the test, as a site's Puppet CA would be: it signs the server's certificate
 * and the hosts' client certificates, written as PEM files the way Puppet and openssl write them. All keys are
 * RSA 2048, certificates are signed with SHA256withRSA and valid from an hour ago for 30 days. Published in
 * baton-server's test-jar: baton-app's end-to-end tests use it too.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final String name;
    public final KeyPair keys;
    public final X509Certificate cert;

    private TestPki(String name, KeyPair keys, X509Certificate cert) {
        this.name = name;
        this.keys = keys;
        this.cert = cert;
    }

    /** A new self-signed CA. */
    public static TestPki ca(String name) {
        KeyPair keys = rsa();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate cert = sign(subject, keys, subject, keys, true, null, false);
        return new TestPki(name, keys, cert);
    }

    /** A key and its certificate, signed by {@code ca}. */
    public record Issued(KeyPair keys, X509Certificate cert, TestPki ca) {

        /**
         * Writes {@code cert.pem} and {@code key.pem} into {@code dir} (created if missing), the key as PKCS#1
         * ({@code BEGIN RSA PRIVATE KEY}, as Puppet writes it) when {@code pkcs1}, else as PKCS#8
         * ({@code BEGIN PRIVATE KEY}).
         *
         * @return the two files: {@code [0]} the certificate, {@code [1]} the key
         */
        public Path[] write(Path dir, boolean pkcs1) throws IOException {
            Files.createDirectories(dir);
            Path certFile = dir.resolve("cert.pem");
            Path keyFile = dir.resolve("key.pem");
            Files.writeString(certFile, pem(cert));
            Files.writeString(keyFile, pkcs1 ? pem(keys.getPrivate()) : pkcs8(keys));
            return new Path[] {certFile, keyFile};
        }

        /** A client TLS context presenting this certificate and trusting {@code serverCa}. */
        public SSLContext clientContext(TestPki serverCa) {
            return context(this, serverCa);
        }
    }

    /** A server certificate: CN=localhost, subject alternative names localhost and 127.0.0.1, for serverAuth. */
    public Issued server() {
        KeyPair k = rsa();
        GeneralNames san = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return new Issued(k, sign(new X500Name("CN=localhost"), k, new X500Name("CN=" + name), keys, false, san, true), this);
    }

    /** A client certificate with this CN (a host's certname) and no alternative names, for clientAuth, as Puppet issues it. */
    public Issued client(String cn) {
        KeyPair k = rsa();
        return new Issued(k, sign(new X500Name("CN=" + cn), k, new X500Name("CN=" + name), keys, false, null, false), this);
    }

    /** Writes this CA's certificate as PEM to {@code file} (its directory created if missing): a server's
     *  {@code --client-ca}, an agent's {@code ca}. */
    public Path writeCert(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem(cert));
        return file;
    }

    /** A context trusting this CA, without a client certificate (an admin CLI, a FleetLock client). */
    public SSLContext trustingContext() {
        return context(null, this);
    }

    private static SSLContext context(Issued client, TestPki trusted) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", trusted.cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (client != null) {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                keyStore.setKeyEntry("client", client.keys.getPrivate(), "x".toCharArray(),
                        new java.security.cert.Certificate[] {client.cert});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keyStore, "x".toCharArray());
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean ca, GeneralNames san, boolean server) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                    subjectKeys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            }
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            var signer = new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaMiscPEMGenerator(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String pkcs8(KeyPair keys) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
