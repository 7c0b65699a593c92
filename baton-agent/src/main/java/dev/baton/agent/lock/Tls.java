package dev.baton.agent.lock;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context from the PEM files the seeds configure: {@code ca} (the CA bundle the server's
 * certificate must chain to) and {@code client_crt}/{@code client_key} (Puppet's host certificate, for Foreman).
 * Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, what Puppet writes) or
 * SEC1 EC ({@code BEGIN EC PRIVATE KEY}); encrypted keys are refused with a clear message.
 */
public final class Tls {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final char[] NO_PASSWORD = new char[0];

    private Tls() {
    }

    /** A context trusting {@code ca} (or the JDK's CAs when null), presenting the client certificate when given. */
    public static SSLContext context(Path ca, Path clientCert, Path clientKey) throws IOException {
        try {
            TrustManagerFactory tmf = null;
            if (ca != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                int i = 0;
                for (Certificate c : certificates(ca)) {
                    trust.setCertificateEntry("ca" + i++, c);
                }
                if (i == 0) {
                    throw new IOException(ca + ": no certificate in it (expected PEM, -----BEGIN CERTIFICATE-----)");
                }
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (clientCert != null && clientKey != null) {
                Collection<? extends Certificate> chain = certificates(clientCert);
                if (chain.isEmpty()) {
                    throw new IOException(clientCert + ": no certificate in it (expected PEM, -----BEGIN CERTIFICATE-----)");
                }
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", privateKey(clientKey), NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    static Collection<? extends Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (java.security.cert.CertificateException e) {
            throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a PEM private key in any of the three usual encodings. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.endsWith("PRIVATE KEY")) {
                continue;
            }
            if (type.contains("ENCRYPTED") || m.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
                throw new IOException(file + ": the private key is encrypted; the agent needs an unencrypted key");
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("(?m)^[A-Za-z-]+:.*$", "").strip());
            byte[] pkcs8 = switch (type) {
                case "PRIVATE KEY" -> der;
                case "RSA PRIVATE KEY" -> pkcs8(new byte[] {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
                        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00}, der);
                case "EC PRIVATE KEY" -> pkcs8(ecAlgorithm(file, der), der);
                default -> throw new IOException(file + ": unsupported key type \"" + type + "\"");
            };
            for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException e) {
                    // try the next algorithm
                }
            }
            throw new IOException(file + ": the private key could not be read (not RSA, EC or EdDSA?)");
        }
        throw new IOException(file + ": no private key in it (expected PEM, -----BEGIN ... PRIVATE KEY-----)");
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key } */
    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithmIdentifier);
        body.writeBytes(tlv(0x04, key));
        return tlv(0x30, body.toByteArray());
    }

    /** AlgorithmIdentifier { id-ecPublicKey, namedCurve } with the curve taken from the SEC1 key's [0] field. */
    private static byte[] ecAlgorithm(Path file, byte[] sec1) throws IOException {
        Der outer = new Der(sec1, 0);
        if (outer.tag != 0x30) {
            throw new IOException(file + ": not an EC private key");
        }
        int p = outer.contentStart;
        while (p < outer.end) {
            Der child = new Der(sec1, p);
            if (child.tag == 0xa0) {
                byte[] curve = java.util.Arrays.copyOfRange(sec1, child.contentStart, child.end);
                byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
                ByteArrayOutputStream alg = new ByteArrayOutputStream();
                alg.writeBytes(ecPublicKey);
                alg.writeBytes(curve);
                return tlv(0x30, alg.toByteArray());
            }
            p = child.end;
        }
        throw new IOException(file + ": the EC key does not name its curve");
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One DER element's header. */
    private static final class Der {
        final int tag;
        final int contentStart;
        final int end;

        Der(byte[] b, int at) throws IOException {
            if (at + 2 > b.length) {
                throw new IOException("truncated DER");
            }
            tag = b[at] & 0xff;
            int len = b[at + 1] & 0xff;
            int p = at + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            contentStart = p;
            end = p + len;
            if (end > b.length) {
                throw new IOException("truncated DER");
            }
        }
    }

}
