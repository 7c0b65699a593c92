package dev.baton.pipeline.sync;

import dev.baton.pipeline.advisory.Advisory;
import dev.baton.pipeline.advisory.CsafFormatException;
import dev.baton.pipeline.advisory.CsafReader;
import dev.baton.pipeline.advisory.CsafSource;
import dev.baton.pipeline.files.Directories;
import dev.baton.pipeline.remote.Remote;
import dev.baton.pipeline.repodata.Hrefs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A remote's CSAF 2.0 advisories from an http(s) URL, fetched with the remote's HTTP settings (proxy, TLS client
 * certificate): either one document (a URL ending in {@code .json}) or a base URL laid out as Red Hat's, whose
 * {@code index.txt} lists the documents' paths relative to it, one per line.
 *
 * <p>Incremental: each document's {@code ETag} and {@code Last-Modified} are kept in
 * {@code <pipelineDir>/csaf/<remote>.properties} and sent back ({@code If-None-Match}, {@code If-Modified-Since}), so
 * a sync fetches only the documents that are new or changed (the server answers the others 304). The validators are
 * saved only by {@link #save}, after the caller recorded the advisories, so a crash in between fetches them again.
 *
 * <p>Bad input is refused per document, naming it and why, and nothing of it is recorded: an index line that is not
 * a safe relative {@code .json} path, an HTTP error, a document over {@link #MAX_DOCUMENT} bytes, one that is not a
 * CSAF security advisory. Its validators are not kept, so the next sync fetches and reports it again. An index that
 * cannot be fetched fails the read as a whole.
 */
final class CsafFeed {

    /** The largest CSAF document read (Red Hat's largest are a few MiB). */
    static final long MAX_DOCUMENT = 32L << 20;
    /** The largest {@code index.txt} read. */
    static final long MAX_INDEX = 64L << 20;
    static final String INDEX = "index.txt";

    /** What one read found: the advisories and problems, how many documents were fetched and how many unchanged. */
    record Result(CsafSource.Batch batch, int fetched, int unchanged, Map<String, String> validators) {
    }

    private final Upstream upstream;
    private final String single;
    private final String remote;
    private final Path stateFile;

    private CsafFeed(Upstream upstream, String single, String remote, Path stateFile) {
        this.upstream = upstream;
        this.single = single;
        this.remote = remote;
        this.stateFile = stateFile;
    }

    /** The feed of {@code remote}, whose advisories setting is an http(s) URL; its state lives under {@code pipelineDir}. */
    static CsafFeed of(Remote remote, Path pipelineDir) {
        URI url = URI.create(remote.advisories().strip());
        Path state = pipelineDir.resolve("csaf").resolve(remote.name() + ".properties");
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.endsWith(".json")) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            return new CsafFeed(Upstream.of(remote, url.resolve(".")), name, remote.name(), state);
        }
        URI base = path.endsWith("/") ? url : URI.create(url + "/");
        return new CsafFeed(Upstream.of(remote, base), null, remote.name(), state);
    }

    /** Fetches the new and changed documents and reads them; the others are left alone. */
    Result read() throws IOException, InterruptedException {
        Map<String, String> known = load();
        List<String> problems = new ArrayList<>();
        List<String> paths = single != null ? List.of(single) : index(problems);
        List<Advisory> advisories = new ArrayList<>();
        Map<String, String> validators = new TreeMap<>();
        int fetched = 0;
        int unchanged = 0;
        for (String path : paths) {
            String[] previous = split(known.get(path));
            Upstream.Conditional answer;
            try {
                answer = upstream.conditional(path, previous[0], previous[1], MAX_DOCUMENT);
            } catch (SyncFailedException e) {
                problems.add(e.getMessage());
                continue;
            }
            if (answer.unchanged()) {
                unchanged++;
                validators.put(path, known.get(path));
                continue;
            }
            fetched++;
            try {
                advisories.add(CsafReader.read(new ByteArrayInputStream(answer.bytes()), upstream.url(path).toString(),
                        remote));
            } catch (CsafFormatException e) {
                problems.add(e.getMessage());
                continue; // not kept: fetched and reported again next time
            }
            if (answer.etag() != null || answer.lastModified() != null) {
                validators.put(path, join(answer.etag(), answer.lastModified()));
            }
        }
        return new Result(new CsafSource.Batch(advisories, problems), fetched, unchanged, validators);
    }

    /** Keeps the validators of what {@code result} read (written atomically): the next read skips those documents. */
    void save(Result result) throws IOException {
        Properties properties = new Properties();
        properties.putAll(result.validators());
        Files.createDirectories(stateFile.getParent());
        Path temp = Files.createTempFile(stateFile.getParent(), stateFile.getFileName().toString(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(channel)) {
                properties.store(out, "CSAF documents of remote " + remote + ": path = ETag TAB Last-Modified");
                out.flush();
                channel.force(true);
            }
            Files.move(temp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Directories.syncQuietly(stateFile.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The documents {@code index.txt} lists; an unsafe line is a problem and skipped. */
    private List<String> index(List<String> problems) throws IOException, InterruptedException {
        byte[] bytes = upstream.small(INDEX, MAX_INDEX).orElseThrow(() -> new SyncFailedException(
                "the CSAF advisories of remote " + remote + " have no " + upstream.url(INDEX) + " (HTTP 404): give the "
                        + "URL of a directory with an index.txt listing the documents, or of one .json document"));
        Map<String, Boolean> paths = new LinkedHashMap<>();
        int number = 0;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            number++;
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            String problem = Hrefs.problem(path);
            if (problem == null && !path.endsWith(".json")) {
                problem = "is not a .json document";
            }
            if (problem != null) {
                problems.add(upstream.url(INDEX) + " line " + number + ": \"" + shorten(path) + "\" " + problem
                        + "; skipped (the index lists CSAF documents by paths relative to it)");
                continue;
            }
            paths.put(path, true);
        }
        return List.copyOf(paths.keySet());
    }

    private Map<String, String> load() throws IOException {
        Map<String, String> known = new LinkedHashMap<>();
        if (Files.isRegularFile(stateFile)) {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(stateFile)) {
                properties.load(in);
            }
            properties.stringPropertyNames().forEach(k -> known.put(k, properties.getProperty(k)));
        }
        return known;
    }

    private static String join(String etag, String lastModified) {
        return (etag == null ? "" : etag) + "\t" + (lastModified == null ? "" : lastModified);
    }

    /** {etag, lastModified}, each null when absent. */
    private static String[] split(String value) {
        if (value == null) {
            return new String[] {null, null};
        }
        int tab = value.indexOf('\t');
        String etag = tab < 0 ? value : value.substring(0, tab);
        String lastModified = tab < 0 ? "" : value.substring(tab + 1);
        return new String[] {etag.isEmpty() ? null : etag, lastModified.isEmpty() ? null : lastModified};
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
