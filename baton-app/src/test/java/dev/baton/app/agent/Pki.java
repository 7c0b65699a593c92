package dev.baton.app.agent;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * A certificate authority made in the test, standing in for a site's Puppet CA: it signs the server's certificate
 * and each host's client certificate, written as PEM files the way Puppet writes them (PKCS#1 keys).
 */
final class Pki {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate cert;

    private Pki(String name, KeyPair keys, X509Certificate cert) {
        this.name = name;
        this.keys = keys;
        this.cert = cert;
    }

    /** A certificate and its key, as two PEM files. */
    record CertFiles(Path cert, Path key) {
    }

    static Pki ca(String name) {
        KeyPair k = rsa();
        X500Name subject = new X500Name("CN=" + name);
        return new Pki(name, k, sign(subject, k, subject, k, true, null, false));
    }

    /** The CA certificate as PEM, for the server's {@code --client-ca} and the agents' {@code ca}. */
    Path writeCa(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, pem(cert));
        return file;
    }

    /** A server certificate for localhost and 127.0.0.1. */
    CertFiles server(Path dir) throws IOException {
        KeyPair k = rsa();
        GeneralNames san = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return write(dir, k, sign(new X500Name("CN=localhost"), k, new X500Name("CN=" + name), keys, false, san, true));
    }

    /** A host's client certificate with this CN (its certname), as Puppet issues it. */
    CertFiles client(Path dir, String cn) throws IOException {
        KeyPair k = rsa();
        return write(dir, k, sign(new X500Name("CN=" + cn), k, new X500Name("CN=" + name), keys, false, null, false));
    }

    private static CertFiles write(Path dir, KeyPair k, X509Certificate c) throws IOException {
        Files.createDirectories(dir);
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, pem(c));
        Files.writeString(keyFile, pem(k.getPrivate())); // "BEGIN RSA PRIVATE KEY", as Puppet writes it
        return new CertFiles(certFile, keyFile);
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
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(Object o) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(new JcaMiscPEMGenerator(o));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
