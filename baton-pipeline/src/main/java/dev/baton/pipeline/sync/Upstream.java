package dev.baton.pipeline.sync;

import dev.baton.client.tls.TlsContexts;
import dev.baton.pipeline.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * Fetches the files of one remote over HTTP(S) with the JDK's client: through the remote's proxy, presenting its
 * client certificate, relative to its base URL (hrefs were checked safe by the metadata readers). Every read is
 * bounded by a size the caller declares, so a server that sends more than it announced is cut off.
 *
 * <p>Downloads resume: {@link #download} appends to a partial file with an HTTP {@code Range} request, and starts
 * over when the server ignores the range.
 */
final class Upstream {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final URI base;
    private final HttpClient client;

    private Upstream(URI base, HttpClient client) {
        this.base = base;
        this.client = client;
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
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (remote.proxy() != null) {
            builder.proxy(ProxySelector.of(new InetSocketAddress(remote.proxy().getHost(), remote.proxy().getPort())));
        }
        if (remote.clientCertificate() != null) {
            Path key = remote.clientKey() == null ? remote.clientCertificate() : remote.clientKey();
            try {
                builder.sslContext(TlsContexts.create(null, remote.clientCertificate(), key));
            } catch (IOException e) {
                throw new SyncFailedException("the client certificate of remote " + remote.name() + " cannot be used: "
                        + e.getMessage());
            }
        }
        return new Upstream(base, builder.build());
    }

    URI url(String href) {
        return base.resolve(href);
    }

    /**
     * The whole of a small file (repomd.xml, its signature); empty when the server answers 404.
     *
     * @throws SyncFailedException another status, or more than {@code max} bytes
     */
    java.util.Optional<byte[]> small(String href, long max) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = get(href, null);
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return java.util.Optional.empty();
            }
            requireOk(href, response.statusCode());
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new SyncFailedException(url(href) + " is larger than " + max + " bytes; refused");
            }
            return java.util.Optional.of(bytes);
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
        HttpResponse<InputStream> response = get(href, have > 0 ? "bytes=" + have + "-" : null);
        boolean resumed = response.statusCode() == 206;
        try (InputStream body = response.body()) {
            if (!resumed) {
                requireOk(href, response.statusCode());
                if (digest != null) {
                    digest.reset(); // starting over: the kept bytes are overwritten
                }
            }
            StandardOpenOption mode = resumed ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
            long written = resumed ? have : 0;
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
        }
        return resumed;
    }

    /**
     * A file fetched only when it changed since the validators given (null: fetch it): its bytes and new validators,
     * or {@link Conditional#unchanged()} when the server answered 304 Not Modified.
     *
     * @throws SyncFailedException another status than 200 or 304, or more than {@code max} bytes
     */
    Conditional conditional(String href, String etag, String lastModified, long max)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(href);
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() == 304) {
                return new Conditional(null, etag, lastModified);
            }
            requireOk(href, response.statusCode());
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new SyncFailedException(url(href) + " is larger than " + max + " bytes; refused");
            }
            return new Conditional(bytes, response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null));
        }
    }

    /** What a conditional fetch answered: the bytes (null when unchanged) and the validators to send next time. */
    record Conditional(byte[] bytes, String etag, String lastModified) {
        boolean unchanged() {
            return bytes == null;
        }
    }

    private HttpResponse<InputStream> get(String href, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = request(href);
        if (range != null) {
            request.header("Range", range);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest.Builder request(String href) {
        return HttpRequest.newBuilder(url(href)).timeout(READ_TIMEOUT).GET().header("User-Agent", "baton-sync");
    }

    private void requireOk(String href, int status) {
        if (status != 200) {
            throw new SyncFailedException("GET " + url(href) + " answered HTTP " + status);
        }
    }
}
