package dev.baton.client.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keys and certificates as the real {@code openssl} writes them, in every encoding it has, each used for a real TLS
 * handshake with a client certificate: the server needs one signed by the test CA and answers with its CN. What
 * cannot be used (an encrypted key, a DSA key, a key that is not the certificate's, a DER file) is refused with a
 * message naming the file and what to do.
 */
class TlsContextsOpensslTest {

    @TempDir
    static Path pki;

    static Openssl openssl;
    static Path rootCa;
    static HttpsServer server;

    @BeforeAll
    static void serverRequiringAClientCertificate() throws Exception {
        openssl = new Openssl(pki);
        rootCa = openssl.ca("root");
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "server.key");
        Path serverCert = openssl.certify("server", pki.resolve("server.key"), "root", true, false);
        SSLContext ssl = TlsContexts.create(rootCa, serverCert, pki.resolve("server.key"));
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl) {
            @Override
            public void configure(HttpsParameters params) {
                var p = ssl.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", ex -> {
            String peer = ((HttpsExchange) ex).getSSLSession().getPeerPrincipal().getName();
            byte[] body = peer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** The subject the server saw, through a client presenting {@code cert} with {@code key}. */
    private static String handshake(Path ca, Path cert, Path key) throws Exception {
        SSLContext ssl = TlsContexts.create(ca, cert, key);
        try (HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(30)).build()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            return r.body();
        }
    }

    private static void toCrlf(Path file) {
        Openssl.write(file, Openssl.read(file).replace("\n", "\r\n"));
    }

    static Stream<Arguments> keyFormats() {
        return Stream.of(
                Arguments.of("rsa-pkcs1", "-----BEGIN RSA PRIVATE KEY-----", new String[] {"genrsa", "-traditional", "-out", "KEY", "2048"}, null),
                Arguments.of("rsa-pkcs1-crlf", "-----BEGIN RSA PRIVATE KEY-----", new String[] {"genrsa", "-traditional", "-out", "KEY", "2048"}, "crlf"),
                Arguments.of("rsa-pkcs8", "-----BEGIN PRIVATE KEY-----",
                        new String[] {"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "KEY"}, null),
                Arguments.of("rsa-pss-pkcs8", "-----BEGIN PRIVATE KEY-----",
                        new String[] {"genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "KEY"}, null),
                Arguments.of("ec-sec1-with-ec-parameters", "-----BEGIN EC PARAMETERS-----",
                        new String[] {"ecparam", "-name", "prime256v1", "-genkey", "-out", "KEY"}, null),
                Arguments.of("ec-sec1-with-ec-parameters-crlf", "-----BEGIN EC PARAMETERS-----",
                        new String[] {"ecparam", "-name", "prime256v1", "-genkey", "-out", "KEY"}, "crlf"),
                Arguments.of("ec-sec1", "-----BEGIN EC PRIVATE KEY-----",
                        new String[] {"ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "KEY"}, null),
                Arguments.of("ec-pkcs8", "-----BEGIN PRIVATE KEY-----",
                        new String[] {"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521", "-out", "KEY"}, null),
                Arguments.of("ed25519", "-----BEGIN PRIVATE KEY-----", new String[] {"genpkey", "-algorithm", "ed25519", "-out", "KEY"}, null),
                Arguments.of("ed448", "-----BEGIN PRIVATE KEY-----", new String[] {"genpkey", "-algorithm", "ed448", "-out", "KEY"}, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keyFormats")
    void everyKeyEncodingOpensslWritesWorksForAClientCertificate(String name, String begins, String[] generate, String variant)
            throws Exception {
        String keyFile = name + ".key";
        openssl.run(Stream.of(generate).map(a -> a.equals("KEY") ? keyFile : a).toArray(String[]::new));
        Path cert = openssl.certify(name, pki.resolve(keyFile), "root", false, false);
        if ("crlf".equals(variant)) {
            toCrlf(pki.resolve(keyFile));
            toCrlf(cert);
            assertThat(Openssl.read(pki.resolve(keyFile))).contains("\r\n");
        }
        assertThat(Openssl.read(pki.resolve(keyFile))).startsWith(begins);

        assertThat(handshake(rootCa, cert, pki.resolve(keyFile))).isEqualTo("CN=" + name);
    }

    @Test
    void aCertificateChainIsPresentedWholeAndACaBundleWithTextBetweenIsTrusted() throws Exception {
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "intermediate.key");
        Path intermediate = openssl.certify("intermediate", pki.resolve("intermediate.key"), "root", false, true);
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "leaf.key");
        Path leaf = openssl.certify("leaf.example.com", pki.resolve("leaf.key"), "intermediate", false, false);
        Path chain = pki.resolve("leaf-chain.pem");
        Openssl.write(chain, Openssl.read(leaf) + Openssl.read(intermediate));
        // A bundle as `openssl x509 -text` writes it: text before each certificate, another CA beside ours.
        Path otherCa = openssl.ca("other");
        Path bundle = pki.resolve("bundle.pem");
        Openssl.write(bundle, openssl.run("x509", "-in", otherCa.toString(), "-text") + openssl.run("x509", "-in", rootCa.toString(), "-text"));

        assertThat(handshake(bundle, chain, pki.resolve("leaf.key"))).isEqualTo("CN=leaf.example.com");
        assertThat(PemFiles.certificates(chain)).hasSize(2);
    }

    @Test
    void encryptedKeysAreRefusedSayingHowToDecryptThem() {
        openssl.run("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-aes256", "-pass", "pass:secret",
                "-out", "encrypted-pkcs8.key");
        openssl.run("genrsa", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "encrypted-pkcs1.key", "2048");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "plain-ec.key");
        openssl.run("ec", "-in", "plain-ec.key", "-aes128", "-passout", "pass:secret", "-out", "encrypted-sec1.key");
        for (String file : new String[] {"encrypted-pkcs8.key", "encrypted-pkcs1.key", "encrypted-sec1.key"}) {
            Path key = pki.resolve(file);
            assertThatThrownBy(() -> PemFiles.privateKey(key)).isInstanceOf(TlsFileException.class)
                    .hasMessageContaining(key.toString()).hasMessageContaining("encrypted").hasMessageContaining("openssl pkey -in");
        }
    }

    @Test
    void keysThatCannotSignTlsAreRefusedByName() {
        openssl.run("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:1024", "-out", "dsa.params");
        openssl.run("genpkey", "-paramfile", "dsa.params", "-out", "dsa.key");
        assertThatThrownBy(() -> PemFiles.privateKey(pki.resolve("dsa.key"))).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("DSA");
        openssl.run("ecparam", "-name", "prime256v1", "-genkey", "-param_enc", "explicit", "-out", "explicit-sec1.key");
        openssl.run("pkey", "-in", "explicit-sec1.key", "-out", "explicit-pkcs8.key");
        for (String file : new String[] {"explicit-sec1.key", "explicit-pkcs8.key"}) {
            assertThatThrownBy(() -> PemFiles.privateKey(pki.resolve(file))).isInstanceOf(TlsFileException.class)
                    .hasMessageContaining(file).hasMessageContaining("-param_enc named_curve");
        }
        openssl.run("genpkey", "-algorithm", "x25519", "-out", "x25519.key");
        assertThatThrownBy(() -> PemFiles.privateKey(pki.resolve("x25519.key"))).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("cannot sign TLS");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "mine.key");
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "someone-elses.key");
        Path cert = openssl.certify("mine", pki.resolve("mine.key"), "root", false, false);
        assertThatThrownBy(() -> TlsContexts.create(rootCa, cert, pki.resolve("someone-elses.key")))
                .isInstanceOf(TlsFileException.class).hasMessageContaining("someone-elses.key").hasMessageContaining("is not the key of");
        assertThatThrownBy(() -> TlsContexts.create(rootCa, cert, null)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("needs its private key");
    }

    @Test
    void derFilesMissingFilesAndFilesWithoutPemAreRefusedClearly() throws Exception {
        openssl.run("x509", "-in", rootCa.toString(), "-outform", "der", "-out", "root.der");
        assertThatThrownBy(() -> PemFiles.certificates(pki.resolve("root.der"))).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("DER").hasMessageContaining("openssl x509 -inform der");
        assertThatThrownBy(() -> TlsContexts.create(pki.resolve("no-such.pem"), null, null)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("no-such.pem does not exist");
        Path text = pki.resolve("notes.txt");
        Files.writeString(text, "not a certificate\n");
        assertThatThrownBy(() -> TlsContexts.create(text, null, null)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("holds no certificate");
        assertThatThrownBy(() -> PemFiles.privateKey(rootCa)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("holds no private key");
        assertThatThrownBy(() -> TlsContexts.create(pki, null, null)).isInstanceOf(TlsFileException.class)
                .hasMessageContaining("is a directory");
    }
}
