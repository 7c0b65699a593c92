package dev.baton.client.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files sites already have (Puppet's host certificate and key, a CA bundle, what {@code openssl}
 * writes) with the JDK alone, so the agent needs no cryptography library.
 *
 * <p>Certificates: every {@code CERTIFICATE} block of a file, in order (a chain, a bundle), whatever text stands
 * between them ({@code openssl x509 -text}, {@code Bag Attributes}). Private keys, unencrypted, in each encoding
 * {@code openssl} writes: PKCS#8 {@code PRIVATE KEY} (RSA, RSA-PSS, EC, Ed25519, Ed448), PKCS#1 {@code RSA PRIVATE
 * KEY} (what Puppet writes) and SEC1 {@code EC PRIVATE KEY}, with or without a leading {@code EC PARAMETERS} block.
 * Line ends may be LF or CRLF. An encrypted key, a DSA or OpenSSH key, an EC key with explicit curve parameters
 * (the JDK reads named curves only) or a DER file is refused with a message that says what to do.
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n?(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("^([A-Za-z-]+):\\s*(.*)$");

    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String RSA_PSS = "1.2.840.113549.1.1.10";
    private static final String EC = "1.2.840.10045.2.1";
    private static final String DSA = "1.2.840.10040.4.1";
    private static final Map<String, String> ALGORITHMS = Map.of(RSA, "RSA", RSA_PSS, "RSASSA-PSS", EC, "EC",
            "1.3.101.112", "Ed25519", "1.3.101.113", "Ed448");
    /** AlgorithmIdentifier { rsaEncryption, NULL }. */
    private static final byte[] RSA_ALGORITHM = Der.tlv(Der.SEQUENCE, Der.tlv(Der.OID, new byte[] {
            0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01}), Der.tlv(Der.NULL));
    /** OBJECT IDENTIFIER id-ecPublicKey. */
    private static final byte[] EC_PUBLIC_KEY = Der.tlv(Der.OID, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01});

    /** One PEM block: its label ({@code CERTIFICATE}), its RFC 1421 headers, its decoded content. */
    record Block(String type, Map<String, String> headers, byte[] der) {
    }

    private PemFiles() {
    }

    /** Every certificate in {@code file}, in order; at least one. */
    public static List<X509Certificate> certificates(Path file) throws TlsFileException {
        List<X509Certificate> certs = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM cannot read X.509 certificates", e);
        }
        for (Block b : blocks(file)) {
            if (!b.type().equals("CERTIFICATE") && !b.type().equals("X509 CERTIFICATE") && !b.type().equals("TRUSTED CERTIFICATE")) {
                continue;
            }
            // A TRUSTED CERTIFICATE is the certificate followed by OpenSSL's trust settings: read the first element.
            Der.Element cert = Der.read(b.der(), 0);
            if (cert == null) {
                throw new TlsFileException(file + ": certificate " + (certs.size() + 1) + " is damaged (not DER inside the PEM block)");
            }
            try {
                certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(cert.encoded())));
            } catch (CertificateException e) {
                throw new TlsFileException(file + ": certificate " + (certs.size() + 1) + " cannot be read: " + e.getMessage(), e);
            }
        }
        if (certs.isEmpty()) {
            throw new TlsFileException(file + " holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    /** The first private key in {@code file}. */
    public static PrivateKey privateKey(Path file) throws TlsFileException {
        byte[] ecParameters = null;
        for (Block b : blocks(file)) {
            switch (b.type()) {
                case "EC PARAMETERS" -> ecParameters = b.der();
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (b.headers().getOrDefault("Proc-Type", "").contains("ENCRYPTED")) {
                        throw encrypted(file);
                    }
                    return switch (b.type()) {
                        case "RSA PRIVATE KEY" -> decode(file, "RSA", pkcs8(RSA_ALGORITHM, b.der()));
                        case "EC PRIVATE KEY" -> decode(file, "EC", pkcs8(ecAlgorithm(file, b.der(), ecParameters), b.der()));
                        default -> decode(file, pkcs8Algorithm(file, b.der()), b.der());
                    };
                }
                case "DSA PRIVATE KEY" -> throw new TlsFileException(file + " holds a DSA key, which TLS 1.3 does not use; "
                        + "make an RSA or EC key");
                case "OPENSSH PRIVATE KEY" -> throw new TlsFileException(file + " holds an OpenSSH key, not a TLS key; "
                        + "give the key that goes with the certificate (PEM, e.g. Puppet's private_keys/HOST.pem)");
                default -> {
                    // certificates and other blocks beside the key
                }
            }
        }
        throw new TlsFileException(file + " holds no private key (expected PEM: -----BEGIN PRIVATE KEY-----, "
                + "RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** The PEM blocks of {@code file}, in order. */
    static List<Block> blocks(Path file) throws TlsFileException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new TlsFileException(file + " is a directory; give the PEM file itself");
            }
            // ISO-8859-1 maps every byte: a binary file is reported as "no PEM", never as a decoding error.
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file + " does not exist", e);
        } catch (IOException e) {
            throw new TlsFileException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : m.group(2).split("\\r?\\n")) {
                Matcher h = HEADER.matcher(line.strip());
                if (h.matches()) {
                    headers.put(h.group(1), h.group(2));
                } else {
                    base64.append(line.strip());
                }
            }
            try {
                blocks.add(new Block(m.group(1), headers, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new TlsFileException(file + ": the " + m.group(1) + " block is damaged (not base64)", e);
            }
        }
        if (blocks.isEmpty() && !text.isEmpty() && (text.charAt(0) & 0xff) == Der.SEQUENCE) {
            throw new TlsFileException(file + " is DER (binary), not PEM; convert it, e.g. openssl x509 -inform der -in "
                    + file + " -out FILE.pem (a key: openssl pkey -inform der ...)");
        }
        return blocks;
    }

    private static TlsFileException encrypted(Path file) {
        return new TlsFileException(file + " holds an encrypted private key (it needs a passphrase); give an unencrypted "
                + "key, readable by root only: openssl pkey -in " + file + " -out PLAIN.pem");
    }

    /** The JDK reads EC keys of named curves only. */
    private static TlsFileException explicitCurve(Path file) {
        return new TlsFileException(file + " holds an EC key whose curve is spelled out (explicit parameters) instead of "
                + "named; write it with the curve's name: openssl ec -in " + file + " -param_enc named_curve -out NAMED.pem");
    }

    private static PrivateKey decode(Path file, String algorithm, byte[] pkcs8) throws TlsFileException {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(file + ": the " + algorithm + " private key cannot be read: " + e.getMessage(), e);
        }
    }

    /** The JDK algorithm name of a PKCS#8 PrivateKeyInfo. */
    private static String pkcs8Algorithm(Path file, byte[] der) throws TlsFileException {
        Der.Element info = Der.read(der, 0);
        List<Der.Element> parts = info == null || info.tag() != Der.SEQUENCE ? null : Der.children(info);
        if (parts == null || parts.size() < 3 || parts.get(1).tag() != Der.SEQUENCE) {
            throw new TlsFileException(file + ": the PRIVATE KEY block is damaged (not PKCS#8)");
        }
        List<Der.Element> algorithm = Der.children(parts.get(1));
        if (algorithm == null || algorithm.isEmpty() || algorithm.get(0).tag() != Der.OID) {
            throw new TlsFileException(file + ": the PRIVATE KEY block is damaged (no algorithm)");
        }
        String oid = Der.oid(algorithm.get(0));
        if (oid.equals(EC) && algorithm.size() > 1 && algorithm.get(1).tag() == Der.SEQUENCE) {
            throw explicitCurve(file);
        }
        String name = ALGORITHMS.get(oid);
        if (name == null) {
            throw new TlsFileException(file + " holds a " + (oid.equals(DSA) ? "DSA" : "key of algorithm " + oid)
                    + " key, which cannot sign TLS; make an RSA, EC or Ed25519 key");
        }
        return name;
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING key } */
    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] key) {
        return Der.tlv(Der.SEQUENCE, Der.tlv(Der.INTEGER, new byte[] {0}), algorithmIdentifier, Der.tlv(Der.OCTET_STRING, key));
    }

    /**
     * AlgorithmIdentifier { id-ecPublicKey, curve }: the curve from the SEC1 key's {@code [0] parameters}, else from
     * an {@code EC PARAMETERS} block before it ({@code openssl ecparam -genkey} writes both).
     */
    private static byte[] ecAlgorithm(Path file, byte[] sec1, byte[] parametersBlock) throws TlsFileException {
        Der.Element key = Der.read(sec1, 0);
        List<Der.Element> parts = key == null || key.tag() != Der.SEQUENCE ? null : Der.children(key);
        if (parts == null || parts.size() < 2) {
            throw new TlsFileException(file + ": the EC PRIVATE KEY block is damaged (not SEC1)");
        }
        Der.Element curve = null;
        for (Der.Element part : parts) {
            if (part.tag() == Der.CONTEXT_0) {
                curve = Der.read(sec1, part.start());
            }
        }
        if (curve == null && parametersBlock != null) {
            curve = Der.read(parametersBlock, 0);
        }
        if (curve != null && curve.tag() == Der.SEQUENCE) {
            throw explicitCurve(file);
        }
        if (curve != null) {
            return Der.tlv(Der.SEQUENCE, EC_PUBLIC_KEY, curve.encoded());
        }
        throw new TlsFileException(file + ": the EC key does not name its curve; write it with its parameters "
                + "(openssl ec -in KEY -out NEW.pem)");
    }
}
