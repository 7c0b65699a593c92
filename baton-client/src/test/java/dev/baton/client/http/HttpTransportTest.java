package dev.baton.client.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.baton.client.tls.Openssl;
import dev.baton.client.tls.TlsContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a request can get no answer, against real sockets: each is a {@link TransportException} of its kind
 * whose message says what to do, and never names a Java class.
 */
class HttpTransportTest {

    private static final String HINT = "pass --ca FILE or set BATON_CA";

    @TempDir
    static Path pki;

    static HttpServer plain;
    static HttpsServer tls;
    static Path ca;
    static List<String> seen = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        Openssl openssl = new Openssl(pki);
        ca = openssl.ca("test-ca");
        openssl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "server.key");
        Path cert = openssl.certify("server", pki.resolve("server.key"), "test-ca", true, false);
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plain.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            byte[] answer = ex.getRequestURI().getPath().equals("/html") ? "<html>oops</html>".getBytes(StandardCharsets.UTF_8)
                    : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/html") ? 502 : 200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        plain.start();
        tls = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.create(null, cert, pki.resolve("server.key"))));
        tls.createContext("/", ex -> {
            byte[] answer = "{\"tls\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        tls.start();
    }

    @AfterAll
    static void stop() {
        plain.stop(0);
        tls.stop(0);
    }

    private static URI at(String scheme, String host, int port, String path) {
        return URI.create(scheme + "://" + host + ":" + port + path);
    }

    private static TransportException failure(HttpTransport transport, URI uri, Duration timeout) {
        try {
            JsonResponse r = transport.send("GET", uri, null, Map.of(), timeout);
            throw new AssertionError("an answer came: " + r);
        } catch (TransportException e) {
            assertThat(e.getMessage()).as("no Java class name in: %s", e.getMessage())
                    .doesNotContainPattern("\\b[a-z]\\w*(\\.\\w+)+(Exception|Error)\\b").doesNotContain("Exception");
            return e;
        }
    }

    @Test
    void jsonGoesOutWithItsContentTypeAndAnyAnswerComesBackWhateverItsStatus() throws Exception {
        HttpTransport transport = new HttpTransport(null, HINT);
        JsonResponse ok = transport.send("POST", at("http", "127.0.0.1", plain.getAddress().getPort(), "/x"),
                HttpTransport.parse("{\"a\":1}"), Map.of(), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("ok").asBoolean()).isTrue();
        assertThat(seen).contains("POST /x application/json {\"a\":1}");
        JsonResponse html = transport.send("GET", at("http", "127.0.0.1", plain.getAddress().getPort(), "/html"), null, Map.of(), null);
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.body().isEmpty()).isTrue();
        assertThat(html.brief()).isEqualTo("<html>oops</html>");
    }

    @Test
    void aClosedPortSaysConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TransportException e = failure(new HttpTransport(null, HINT), at("http", "127.0.0.1", port, "/"), null);
        assertThat(e.kind()).isEqualTo(TransportException.Kind.UNREACHABLE);
        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).isEqualTo("cannot connect to http://127.0.0.1:" + port
                + ": Connection refused (is the server running and listening there?)");
    }

    @Test
    void anUnknownHostNameSaysSo() {
        TransportException e = failure(new HttpTransport(null, HINT), URI.create("http://no-such-host.invalid:8080/"), null);
        assertThat(e.kind()).isEqualTo(TransportException.Kind.UNREACHABLE);
        assertThat(e.getMessage()).contains("'no-such-host.invalid' is not known");
    }

    @Test
    void anUntrustedCertificateSaysHowToTrustIt() {
        TransportException e = failure(new HttpTransport(null, HINT), at("https", "127.0.0.1", tls.getAddress().getPort(), "/"), null);
        assertThat(e.kind()).isEqualTo(TransportException.Kind.UNTRUSTED);
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).isEqualTo("the certificate of https://127.0.0.1:" + tls.getAddress().getPort()
                + " is not signed by a CA this client trusts: " + HINT);
    }

    @Test
    void withTheCaTheSameServerAnswers_andACertificateForAnotherNameSaysSo() throws Exception {
        HttpTransport trusting = new HttpTransport(TlsContexts.create(ca, null, null), HINT);
        int port = tls.getAddress().getPort();
        assertThat(trusting.send("GET", at("https", "127.0.0.1", port, "/"), null, Map.of(), null).body().path("tls").asBoolean()).isTrue();
        // The certificate names localhost and 127.0.0.1, not this machine's other names.
        String other = java.net.InetAddress.getLocalHost().getHostName();
        if (!other.equals("localhost")) {
            TransportException e = failure(trusting, at("https", other, port, "/"), null);
            assertThat(e.kind()).isIn(TransportException.Kind.WRONG_NAME, TransportException.Kind.UNREACHABLE);
            if (e.kind() == TransportException.Kind.WRONG_NAME) {
                assertThat(e.getMessage()).contains("is not for the host '" + other + "'");
            }
        }
    }

    @Test
    void plainHttpToATlsPortSaysUseHttps() {
        int port = tls.getAddress().getPort();
        TransportException e = failure(new HttpTransport(null, HINT), at("http", "127.0.0.1", port, "/"), null);
        assertThat(e.kind()).isEqualTo(TransportException.Kind.SPEAKS_TLS);
        assertThat(e.getMessage()).isEqualTo("http://127.0.0.1:" + port + " speaks TLS (HTTPS): use https://127.0.0.1:" + port
                + " instead of http://");
    }

    @Test
    void httpsToAPlainPortSaysUseHttp() throws Exception {
        // As Jetty and nginx do: a plain HTTP server answers the TLS hello's bytes with 400 and hangs up.
        try (ServerSocket plainHttp = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        try (Socket s = plainHttp.accept()) {
                            s.getInputStream().read(new byte[512]);
                            s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            int port = plainHttp.getLocalPort();
            TransportException e = failure(new HttpTransport(null, HINT), at("https", "127.0.0.1", port, "/"), null);
            assertThat(e.kind()).isEqualTo(TransportException.Kind.NOT_TLS);
            assertThat(e.getMessage()).isEqualTo("https://127.0.0.1:" + port + " does not speak TLS: use http:// instead of https://");
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut_andOneThatHangsUpBreaks() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            TransportException e = failure(new HttpTransport(null, HINT), at("http", "127.0.0.1", silent.getLocalPort(), "/"),
                    Duration.ofSeconds(1));
            assertThat(e.kind()).isEqualTo(TransportException.Kind.TIMEOUT);
            assertThat(e.getMessage()).isEqualTo("http://127.0.0.1:" + silent.getLocalPort() + " did not answer within 1 s");
            acceptor.interrupt();
        }
        try (ServerSocket rude = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (true) {
                        rude.accept().close();
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            TransportException e = failure(new HttpTransport(null, HINT), at("http", "127.0.0.1", rude.getLocalPort(), "/"), null);
            assertThat(e.kind()).isEqualTo(TransportException.Kind.BROKEN);
            assertThat(e.getMessage()).startsWith("the connection to http://127.0.0.1:" + rude.getLocalPort() + " broke: ");
        }
    }

    @Test
    void urlsMergeRepeatedSlashesAndEndInOne() {
        assertThat(Urls.directory(URI.create("https://host/"))).isEqualTo("https://host/");
        assertThat(Urls.directory(URI.create("https://host"))).isEqualTo("https://host/");
        assertThat(Urls.directory(URI.create("https://host:8443//api//v2///"))).isEqualTo("https://host:8443/api/v2/");
        assertThat(Urls.segment("a b/c")).isEqualTo("a%20b%2Fc");
    }
}
