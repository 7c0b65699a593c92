package dev.baton.client.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * The one HTTP transport of Baton's clients: the admin CLI and the native API client, the agent's lock clients of
 * every protocol and its progress reporter. One {@link HttpClient} (HTTP/1.1, no redirects followed) with one TLS
 * context; JSON bodies in and out; a connect timeout and a per-request timeout.
 *
 * <p>Any HTTP answer is returned, whatever its status: what a status means is the protocol's business. When no
 * answer comes, a {@link TransportException} says why in words a person can act on (connection refused, no answer
 * within N s, a certificate not trusted, {@code http://} to a TLS port), with the {@code trustHint} of the caller
 * ("pass --ca FILE or set BATON_CA", "set ca = FILE") where trusting a CA is the cure. Thread-safe; make one per run
 * and share it.
 */
public final class HttpTransport {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the look at a port that broke a plain HTTP request may take. */
    private static final int PROBE_MILLIS = 5000;
    /** "java.net.ConnectException: " inside a message. */
    private static final Pattern CLASS_NAME = Pattern.compile("\\b[a-z]\\w*(\\.[\\w$]+)+(Exception|Error):?\\s*");

    private final HttpClient client;
    private final SSLContext ssl;
    private final String trustHint;

    /**
     * @param ssl       the TLS context (trusted CAs, client certificate), or null for the JDK's default
     * @param trustHint what the user does to trust the server's CA, for the message of an untrusted certificate
     */
    public HttpTransport(SSLContext ssl, String trustHint) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
        this.ssl = ssl;
        this.trustHint = trustHint != null ? trustHint : "trust the CA that signed it";
    }

    /**
     * Sends one request and returns the answer, whatever its status.
     *
     * @param body    sent as JSON ({@code Content-Type: application/json}); null for none
     * @param headers more headers (they may set {@code Content-Type} themselves)
     * @param timeout how long to wait for the answer; null for {@link #REQUEST_TIMEOUT}
     */
    public JsonResponse send(String method, URI uri, JsonNode body, Map<String, String> headers, Duration timeout)
            throws TransportException {
        return exchange(method, uri, body != null
                ? HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)
                : HttpRequest.BodyPublishers.noBody(), body != null ? "application/json" : null, headers, timeout);
    }

    /**
     * Sends a file as the request body (streamed, not read into memory) and returns the answer, whatever its status.
     *
     * @param contentType the body's {@code Content-Type}, e.g. {@code application/x-rpm}
     * @throws IllegalArgumentException when the file cannot be read
     */
    public JsonResponse sendFile(String method, URI uri, Path file, String contentType, Map<String, String> headers,
                                 Duration timeout) throws TransportException {
        HttpRequest.BodyPublisher body;
        try {
            body = HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("cannot read " + file + ": no such file", e);
        }
        return exchange(method, uri, body, contentType, headers, timeout);
    }

    private JsonResponse exchange(String method, URI uri, HttpRequest.BodyPublisher body, String contentType,
                                  Map<String, String> headers, Duration timeout) throws TransportException {
        Duration wait = timeout != null ? timeout : REQUEST_TIMEOUT;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(wait).header("Accept", "application/json");
        if (contentType != null && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        request.method(method, body);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException(TransportException.Kind.INTERRUPTED, "interrupted while waiting for " + origin(uri), e);
        } catch (IOException e) {
            throw explain(uri, e, wait);
        }
        return new JsonResponse(response.statusCode(), parse(response.body()), response.body());
    }

    /** The JSON of {@code text}, or {@code {}} when it is empty or not JSON. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n == null ? JsonNodeFactory.instance.objectNode() : n;
        } catch (IOException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** Why no answer came, in words; never a Java class name. */
    TransportException explain(URI uri, IOException e, Duration wait) {
        String where = origin(uri);
        if (e instanceof HttpConnectTimeoutException) {
            return new TransportException(TransportException.Kind.TIMEOUT, "cannot connect to " + where + ": no answer within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (a firewall, or a wrong address?)", e);
        }
        if (e instanceof HttpTimeoutException) {
            return new TransportException(TransportException.Kind.TIMEOUT, where + " did not answer within " + wait.toSeconds() + " s", e);
        }
        if (has(e, UnresolvedAddressException.class) || has(e, java.net.UnknownHostException.class)) {
            return new TransportException(TransportException.Kind.UNREACHABLE, "cannot connect to " + where + ": the host name '"
                    + uri.getHost() + "' is not known (DNS)", e);
        }
        if (e instanceof ConnectException || has(e, ConnectException.class)) {
            String why = reason(e);
            return new TransportException(TransportException.Kind.UNREACHABLE, "cannot connect to " + where + ": "
                    + (why.isEmpty() ? "Connection refused" : why) + " (is the server running and listening there?)", e);
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        String all = messages(e).toLowerCase(Locale.ROOT);
        if (https && (all.contains("unrecognized ssl message") || all.contains("plaintext connection"))) {
            return new TransportException(TransportException.Kind.NOT_TLS, where + " does not speak TLS: use http:// instead of https://", e);
        }
        if (https && (e instanceof SSLException || has(e, SSLException.class))) {
            if (all.contains("subject alternative") || all.contains("no name matching")) {
                return new TransportException(TransportException.Kind.WRONG_NAME, "the certificate of " + where + " is not for the host '"
                        + uri.getHost() + "' (" + reason(e) + "): use a name the certificate has", e);
            }
            if (all.contains("expired") || all.contains("not yet valid")) {
                return new TransportException(TransportException.Kind.UNTRUSTED, "the certificate of " + where
                        + " is not valid now (" + reason(e) + ")", e);
            }
            if (all.contains("pkix") || all.contains("certification path") || has(e, CertificateException.class)) {
                return new TransportException(TransportException.Kind.UNTRUSTED, "the certificate of " + where
                        + " is not signed by a CA this client trusts: " + trustHint, e);
            }
            return new TransportException(TransportException.Kind.TLS_REFUSED, "the TLS handshake with " + where + " failed: "
                    + (reason(e).isEmpty() ? "closed by the server" : reason(e)) + (all.contains("certificate_required") || all.contains("bad_certificate")
                    ? " (the server wants a client certificate it accepts)" : ""), e);
        }
        if (!https && speaksTls(uri)) {
            return new TransportException(TransportException.Kind.SPEAKS_TLS, where + " speaks TLS (HTTPS): use https://"
                    + uri.getRawAuthority() + " instead of http://", e);
        }
        return new TransportException(TransportException.Kind.BROKEN, "the connection to " + where + " broke: "
                + (reason(e).isEmpty() ? "closed without an answer" : reason(e)), e);
    }

    /**
     * Whether the port of a plain HTTP request that broke speaks TLS: it answers a TLS hello with a certificate or
     * a TLS alert. Nothing but the hello is sent.
     */
    private boolean speaksTls(URI uri) {
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        try {
            SSLContext context = ssl != null ? ssl : SSLContext.getDefault();
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(uri.getHost(), port), PROBE_MILLIS);
                socket.setSoTimeout(PROBE_MILLIS);
                socket.startHandshake();
                return true;
            }
        } catch (SSLHandshakeException e) {
            String all = messages(e).toLowerCase(Locale.ROOT);
            return has(e, CertificateException.class) || all.contains("pkix") || all.contains("received fatal alert");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** {@code https://host:port}, what a person recognises. */
    static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    /** The innermost message of the chain, without Java class names; empty when none has one. */
    private static String reason(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
            }
        }
        return best == null ? "" : CLASS_NAME.matcher(best).replaceAll("").strip();
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(' ');
        }
        return all.toString();
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
