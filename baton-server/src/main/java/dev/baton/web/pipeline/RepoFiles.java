package dev.baton.web.pipeline;

import dev.baton.pipeline.publish.Publications;
import dev.baton.web.ApiError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published repositories' files: {@code GET} and {@code HEAD /repos/<name>/<path>} serve the file at
 * {@code <path>} of the repository's live publication ({@code current}), as a plain web server would: with
 * {@code Content-Length}, {@code Last-Modified}, {@code If-Modified-Since} (304), a single {@code Range} (206, or 416
 * when it lies beyond the file) and a content type by extension (xml, gz, rpm, asc). A missing file or repository is
 * a 404 in the native error shape; there are no directory listings.
 *
 * <p>Reads are public, like the web server hosts fetch from: dnf on every host reads them with no credentials, and
 * what is published is what hosts install anyway (the keys that matter are the signatures on it).
 *
 * <p>Nothing outside the publication is served: the path is taken from the raw request, encoded separators
 * ({@code %2F}, {@code %5C}), NUL, {@code .} and {@code ..} segments are refused, and the file's real path (every
 * symlink resolved) must lie inside the publication's real directory. A file read while a newer publication goes
 * live or an old one is removed stays whole: files of a publication are never changed, and an open file outlives
 * its removal.
 */
final class RepoFiles {

    static final String PREFIX = "/repos/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final int BUFFER = 64 * 1024;

    private final Publications publications;

    RepoFiles(Publications publications) {
        this.publications = publications;
    }

    void routes(JavalinConfig config) {
        config.routes.get(PREFIX + "{name}/<path>", this::serve);
        config.routes.head(PREFIX + "{name}/<path>", this::serve);
    }

    private void serve(Context ctx) throws IOException {
        String raw = ctx.req().getRequestURI();
        String rest = raw.startsWith(PREFIX) ? raw.substring(PREFIX.length()) : "";
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || rest.contains("\\")) {
            throw notFound(rest);
        }
        String[] segments = rest.split("/", -1);
        String repository = decode(segments[0]);
        if (!NAME.matcher(repository).matches()) {
            throw notFound(rest);
        }
        Path live = publications.current(repository).orElseThrow(() -> ApiError.notFound("repository " + repository
                + " has no publication (it does not exist or was never published)"));
        Path file = live;
        for (int i = 1; i < segments.length; i++) {
            String s = decode(segments[i]);
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('\0') >= 0) {
                throw notFound(rest);
            }
            file = file.resolve(s);
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (NoSuchFileException e) {
            throw notFound(rest);
        }
        if (!real.startsWith(live) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(rest);
        }
        send(ctx, real, live);
    }

    /**
     * Sends the file. Its Last-Modified is the later of the file's and the publication's: a package file is linked
     * from the content store with the time it was stored, and a newer publication may put an older file at a path
     * a client cached from an earlier one.
     */
    private static void send(Context ctx, Path file, Path publication) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            Instant modified = later(Files.readAttributes(file, BasicFileAttributes.class).lastModifiedTime()
                    .toInstant(), Files.getLastModifiedTime(publication).toInstant()).truncatedTo(ChronoUnit.SECONDS);
            ctx.header("Last-Modified", HTTP_DATE.format(ZonedDateTime.ofInstant(modified, ZoneOffset.UTC)));
            ctx.header("Accept-Ranges", "bytes");
            Instant since = date(ctx.header("If-Modified-Since"));
            if (since != null && !modified.isAfter(since) && ctx.header("Range") == null) {
                ctx.status(304);
                return;
            }
            long start = 0;
            long end = size - 1;
            int status = 200;
            String range = ctx.header("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.strip());
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    if (m.group(1).isEmpty()) { // the last N bytes
                        long n = Long.parseLong(m.group(2));
                        start = Math.max(0, size - n);
                    } else {
                        start = Long.parseLong(m.group(1));
                        if (!m.group(2).isEmpty()) {
                            end = Math.min(end, Long.parseLong(m.group(2)));
                        }
                    }
                    if (start >= size || start > end || (m.group(1).isEmpty() && Long.parseLong(m.group(2)) == 0)) {
                        ctx.header("Content-Range", "bytes */" + size);
                        throw new ApiError(416, "range_not_satisfiable", "the range " + range + " lies outside the "
                                + size + " bytes of " + file.getFileName());
                    }
                    status = 206;
                    ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
                }
                // a malformed or multi-part range is ignored: the whole file, as RFC 9110 allows
            }
            long length = size == 0 ? 0 : end - start + 1;
            ctx.status(status).contentType(contentType(file.getFileName().toString()));
            ctx.res().setContentLengthLong(length);
            if (ctx.method() == HandlerType.HEAD) {
                return;
            }
            OutputStream out = ctx.res().getOutputStream();
            channel.position(start);
            InputStream in = Channels.newInputStream(channel);
            byte[] buffer = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    static String contentType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".xml")) {
            return "application/xml";
        }
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        if (name.endsWith(".rpm")) {
            return "application/x-rpm";
        }
        if (name.endsWith(".asc")) {
            return "application/pgp-signature";
        }
        if (name.endsWith(".xz")) {
            return "application/x-xz";
        }
        if (name.endsWith(".zst")) {
            return "application/zstd";
        }
        return "application/octet-stream";
    }

    private static Instant date(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return ZonedDateTime.parse(header.strip(), HTTP_DATE).toInstant();
        } catch (DateTimeParseException e) {
            return null; // an unreadable date is ignored (RFC 9110)
        }
    }

    private static String decode(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static ApiError notFound(String path) {
        return ApiError.notFound("no file " + path + " in the published repositories");
    }
}
