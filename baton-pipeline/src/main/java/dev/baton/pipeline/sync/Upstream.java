package dev.baton.pipeline.sync;

import dev.baton.client.tls.TlsContexts;
import dev.baton.pipeline.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * Fetches the files of one remote over HTTP(S): through the remote's proxy, presenting its client certificate,
 * relative to its base URL (hrefs were checked safe by the metadata readers). Every read is bounded by a size the
 * caller declares, so a server that sends more than it announced is cut off.
 *
 * <p>Downloads resume: {@link #download} appends to a partial file with an HTTP {@code Range} request, and starts
 * over when the server ignores the range. A body that ends before its {@code Content-Length} is a dropped connection
 * (HttpURLConnection throws "Premature EOF"), so the caller resumes rather than taking a short file.
 *
 * <p>Blocking {@link HttpURLConnection}s (keep-alive, on the caller's virtual thread) rather than the JDK's
 * asynchronous {@code HttpClient}: measured on the sync bench (bench/README.md, "Mirroring a remote"), the
 * asynchronous client cost a fresh server about 2.5 times the CPU for the same 600 downloads (its selector thread
 * hands every body chunk to the reading thread, and much more code to compile). Redirects are followed here, at most
 * {@link #MAX_REDIRECTS}, never from https to http.
 */
final class Upstream {

    /** How long opening a connection may take. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** How long one read may wait for bytes (and the headers for the first). */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);
    /** Redirects followed per request, as many as the JDK's HttpClient follows. */
    static final int MAX_REDIRECTS = 5;

    static {
        // The JDK keeps at most http.maxConnections (default 5) idle keep-alive connections per server, read once at
        // its first connection; a sync fetches RemoteSync.PARALLEL (8) files at a time, so with the default some
        // requests open a new connection. Set only when the operator has not (-Dhttp.maxConnections=N wins).
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(2 * RemoteSync.PARALLEL));
        }
    }

    private final URI base;
    private final Proxy proxy;
    private final SSLSocketFactory tls;

    private Upstream(URI base, Proxy proxy, SSLSocketFactory tls) {
        this.base = base;
        this.proxy = proxy;
        this.tls = tls;
    }

    /** A client for {@code remote}; fails with a clear message when its certificate or key cannot be used. */
    static Upstream of(Remote remote) {
        return of(remote, remote.url());
    }

    /**
     * A client with {@code remote}'s settings (proxy, client certificate) for files relative to another base URL (its
     * CSAF advisories).
     */
    static Upstream of(Remote remote, URI base) {
        Proxy proxy = remote.proxy() == null ? null
                : new Proxy(Proxy.Type.HTTP, new InetSocketAddress(remote.proxy().getHost(), remote.proxy().getPort()));
        SSLSocketFactory tls = null;
        if (remote.clientCertificate() != null) {
            Path key = remote.clientKey() == null ? remote.clientCertificate() : remote.clientKey();
            try {
                tls = TlsContexts.create(null, remote.clientCertificate(), key).getSocketFactory();
            } catch (IOException e) {
                throw new SyncFailedException("the client certificate of remote " + remote.name() + " cannot be used: "
                        + e.getMessage());
            }
        }
        return new Upstream(base, proxy, tls);
    }

    URI url(String href) {
        return base.resolve(href);
    }

    /**
     * The whole of a small file (repomd.xml, its signature); empty when the server answers 404.
     *
     * @throws SyncFailedException another status, or more than {@code max} bytes
     */
    Optional<byte[]> small(String href, long max) throws IOException, InterruptedException {
        try (Response response = get(href, null, null, null)) {
            if (response.status() == 404) {
                return Optional.empty();
            }
            requireOk(href, response.status());
            return Optional.of(readAtMost(href, response.body(), max));
        }
    }

    /**
     * Fetches {@code href} into {@code partial}, continuing what a file of that name holds already, until it has
     * {@code size} bytes or the server's body ends; never writes more than {@code size + 1} bytes (the one too many
     * tells the caller that the server sent more than declared).
     *
     * @return whether a Range request was answered with the rest (a resumed download)
     */
    boolean download(String href, Path partial, long size) throws IOException, InterruptedException {
        return download(href, partial, size, null);
    }

    /**
     * {@link #download(String, Path, long)}, feeding {@code digest} (reset first) with every byte the partial file
     * holds at the end: the bytes kept from an earlier attempt, then those written now. So the caller knows the
     * file's digest without reading it again.
     */
    boolean download(String href, Path partial, long size, MessageDigest digest)
            throws IOException, InterruptedException {
        long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
        if (have > size) {
            Files.delete(partial);
            have = 0;
        }
        if (digest != null) {
            digest.reset();
            if (have > 0) {
                Metadata.feed(partial, digest);
            }
        }
        if (have == size && size > 0) {
            return false; // complete already: the checks decide
        }
        try (Response response = get(href, have > 0 ? "bytes=" + have + "-" : null, null, null)) {
            boolean resumed = response.status() == 206;
            if (!resumed) {
                requireOk(href, response.status());
                if (digest != null) {
                    digest.reset(); // starting over: the kept bytes are overwritten
                }
            }
            StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            long written = resumed ? have : 0;
            InputStream body = response.body();
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
                byte[] buffer = new byte[64 * 1024];
                while (written <= size) {
                    int n = body.read(buffer, 0, (int) Math.min(buffer.length, size + 1 - written));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    if (digest != null) {
                        digest.update(buffer, 0, n);
                    }
                    written += n;
                }
            }
            return resumed;
        }
    }

    /**
     * A file fetched only when it changed since the validators given (null: fetch it): its bytes and new validators,
     * or {@link Conditional#unchanged()} when the server answered 304 Not Modified.
     *
     * @throws SyncFailedException another status than 200 or 304, or more than {@code max} bytes
     */
    Conditional conditional(String href, String etag, String lastModified, long max)
            throws IOException, InterruptedException {
        try (Response response = get(href, null, etag, lastModified)) {
            if (response.status() == 304) {
                return new Conditional(null, etag, lastModified);
            }
            requireOk(href, response.status());
            byte[] bytes = readAtMost(href, response.body(), max);
            return new Conditional(bytes, response.header("ETag"), response.header("Last-Modified"));
        }
    }

    /** What a conditional fetch answered: the bytes (null when unchanged) and the validators to send next time. */
    record Conditional(byte[] bytes, String etag, String lastModified) {
        boolean unchanged() {
            return bytes == null;
        }
    }

    /**
     * GETs {@code href} (with a Range or conditional headers when given), following redirects. The caller closes the
     * answer; a body read to its end leaves the connection for the next request.
     */
    private Response get(String href, String range, String etag, String lastModified) throws IOException {
        URI target = url(href);
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection = open(target);
            if (range != null) {
                connection.setRequestProperty("Range", range);
            }
            if (etag != null) {
                connection.setRequestProperty("If-None-Match", etag);
            }
            if (lastModified != null) {
                connection.setRequestProperty("If-Modified-Since", lastModified);
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException e) {
                connection.disconnect();
                throw e;
            }
            if (status < 0) {
                connection.disconnect();
                throw new IOException("GET " + target + " was not answered with HTTP");
            }
            if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
                String location = connection.getHeaderField("Location");
                discard(connection);
                target = redirect(url(href), target, status, location, redirects);
                continue;
            }
            InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            return new Response(connection, status, body == null ? InputStream.nullInputStream() : body);
        }
    }

    private HttpURLConnection open(URI target) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) (proxy == null ? target.toURL().openConnection()
                : target.toURL().openConnection(proxy));
        if (tls != null && connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestProperty("User-Agent", "baton-sync");
        connection.setRequestProperty("Accept", "*/*");
        return connection;
    }

    /** Where a redirect leads: http or https, never from https down to http, at most {@link #MAX_REDIRECTS}. */
    static URI redirect(URI asked, URI from, int status, String location, int redirects) {
        if (location == null || location.isBlank()) {
            throw new SyncFailedException("GET " + from + " answered HTTP " + status + " without a Location");
        }
        if (redirects == MAX_REDIRECTS) {
            throw new SyncFailedException("GET " + asked + " was redirected more than " + MAX_REDIRECTS + " times");
        }
        URI to;
        try {
            to = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new SyncFailedException("GET " + from + " redirects to a malformed URL: " + location);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new SyncFailedException("GET " + from + " redirects to " + to + ": only http and https are followed");
        }
        if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
            throw new SyncFailedException("GET " + from + " redirects from https down to http (" + to + "); refused");
        }
        return to;
    }

    /** Reads a redirect's body away so its connection can be used again. */
    private static void discard(HttpURLConnection connection) {
        try (InputStream in = connection.getResponseCode() >= 400 ? connection.getErrorStream()
                : connection.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            connection.disconnect();
        }
    }

    private byte[] readAtMost(String href, InputStream body, long max) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new SyncFailedException(url(href) + " is larger than " + max + " bytes; refused");
        }
        return bytes;
    }

    private void requireOk(String href, int status) {
        if (status != 200) {
            throw new SyncFailedException("GET " + url(href) + " answered HTTP " + status);
        }
    }

    /** One answered GET; closing it closes the body (a connection whose body was not read whole is not reused). */
    private record Response(HttpURLConnection connection, int status, InputStream body) implements AutoCloseable {

        String header(String name) {
            return connection.getHeaderField(name);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
