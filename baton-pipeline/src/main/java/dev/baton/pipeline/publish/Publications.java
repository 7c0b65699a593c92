package dev.baton.pipeline.publish;

import dev.baton.pipeline.content.ContentStore;
import dev.baton.pipeline.files.Directories;
import dev.baton.pipeline.repodata.Compression;
import dev.baton.pipeline.repodata.PackageFiles;
import dev.baton.pipeline.repodata.RepodataWriter;
import dev.baton.pipeline.repodata.UpdateRecord;
import dev.baton.pipeline.repository.PackageRecord;
import dev.baton.pipeline.signing.DetachedSignatures;
import dev.baton.pipeline.signing.KeySigner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The publications of repositories on disk: {@code <root>/<repo>/<version>-<id>/} (packages under
 * {@code Packages/<first letter>/}, {@code repodata/}, {@code repodata/repomd.xml.asc} when signed), the live one
 * named by the symlink {@code <root>/<repo>/current}.
 *
 * <p>Crash safety: a publication is built in {@code .partial-<version>-<id>/} beside the live one, every file and
 * directory fsynced, then renamed to its final name; {@code current} is switched by renaming a new symlink over it
 * (atomic). Files inside a publication are never changed afterwards. So whatever happens at any point (an exception,
 * {@code kill -9}, a power cut after the fsyncs) {@code current} names a whole publication, the old one until the
 * rename of the symlink, the new one after; what a failed build left ({@code .partial-*}, {@code .current-*}) is
 * removed by the next publish of that repository. One publish per repository at a time (the caller serialises them:
 * the {@code repo-publish} job runs once per subject).
 *
 * <p>Package files are hard links into the {@link ContentStore} (its files are never changed in place), or copies
 * when linking fails (another file system).
 */
public final class Publications {

    /** The name of the symlink naming the live publication. */
    public static final String CURRENT = "current";

    private static final Pattern PUBLICATION = Pattern.compile("[0-9]+-[0-9]{17}");
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int READ_THREADS = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** The steps of a publish, in order; tests inject failures between them. */
    public enum Step { PACKAGES_LINKED, REPODATA_WRITTEN, SIGNED, COMPLETE, SWITCHED }

    private final Path root;
    private final ContentStore content;
    private final Clock clock;
    private final Consumer<Step> afterStep;

    /**
     * @param afterStep called after each {@link Step} (tests throw from it to simulate a crash there)
     */
    public Publications(Path root, ContentStore content, Clock clock, Consumer<Step> afterStep) {
        this.root = root.toAbsolutePath();
        this.content = content;
        this.clock = clock;
        this.afterStep = afterStep;
    }

    public Publications(Path root, ContentStore content) {
        this(root, content, Clock.systemUTC(), step -> { });
    }

    /** What one publish made. */
    public record Publication(String repository, int version, Path directory, int packages, int advisories,
                              boolean signed) {

        /** "published version 3 of el-testing: 12 packages, 2 advisories, repomd.xml signed" */
        public String describe() {
            return "published version " + version + " of " + repository + ": " + packages + " packages, " + advisories
                    + " advisories, " + (signed ? "repomd.xml signed" : "unsigned");
        }
    }

    /**
     * Publishes these packages (and advisories) as a new publication of {@code version} of the repository, signs
     * {@code repomd.xml} with {@code signer} (when not null), switches {@code current} to it and removes the
     * publications beyond the {@code keep} newest besides the live one.
     */
    public Publication publish(String repository, int version, List<PackageRecord> packages,
                               List<UpdateRecord> advisories, KeySigner signer, int keep) throws IOException {
        Path repoDir = root.resolve(repository);
        Files.createDirectories(repoDir);
        removeLeftovers(repoDir);
        String name = version + "-" + newId(repoDir);
        Path partial = repoDir.resolve(".partial-" + name);
        Files.createDirectory(partial);
        List<String> hrefs = link(partial, packages);
        afterStep.accept(Step.PACKAGES_LINKED);
        new RepodataWriter(clock).write(partial, new PackageFiles(partial, hrefs, READ_THREADS), advisories,
                Compression.GZ);
        afterStep.accept(Step.REPODATA_WRITTEN);
        if (signer != null) {
            Path repodata = partial.resolve("repodata");
            String signature = DetachedSignatures.signArmored(Files.readAllBytes(repodata.resolve("repomd.xml")),
                    signer);
            writeSynced(repodata.resolve("repomd.xml.asc"), signature.getBytes(StandardCharsets.US_ASCII));
            Directories.syncQuietly(repodata);
            afterStep.accept(Step.SIGNED);
        }
        Path done = repoDir.resolve(name);
        Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
        Directories.syncQuietly(repoDir);
        afterStep.accept(Step.COMPLETE);
        switchCurrent(repoDir, name);
        afterStep.accept(Step.SWITCHED);
        prune(repoDir, keep);
        return new Publication(repository, version, done, packages.size(), advisories.size(), signer != null);
    }

    /** The live publication's directory of a repository, if it has one. */
    public Optional<Path> current(String repository) {
        Path link = root.resolve(repository).resolve(CURRENT);
        if (!Files.isSymbolicLink(link)) {
            return Optional.empty();
        }
        try {
            Path target = link.toRealPath();
            return Files.isDirectory(target) ? Optional.of(target) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The directory holding every repository's publications. */
    public Path root() {
        return root;
    }

    /** Links (or copies) each package to {@code Packages/<first letter>/<file name>}; answers the hrefs. */
    private List<String> link(Path dir, List<PackageRecord> packages) throws IOException {
        List<String> hrefs = new ArrayList<>(packages.size());
        Set<String> taken = new HashSet<>();
        Set<Path> directories = new HashSet<>();
        for (PackageRecord p : packages) {
            Path source = content.path(p.sha256()).orElseThrow(() -> new IOException("the file of " + p.describe()
                    + " is missing from the content store " + content.directory() + "; nothing was published"));
            String letter = p.nevra().name().substring(0, 1).toLowerCase(Locale.ROOT);
            String href = "Packages/" + letter + "/" + p.nevra().fileName();
            if (!taken.add(href)) {
                // two files of one NEVRA (an original and a signed copy): each keeps its own name
                href = "Packages/" + letter + "/" + p.sha256().substring(0, 12) + "/" + p.nevra().fileName();
                taken.add(href);
            }
            Path target = dir.resolve(href);
            if (directories.add(target.getParent())) {
                Files.createDirectories(target.getParent());
            }
            try {
                Files.createLink(target, source);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                fsync(target);
            }
            hrefs.add(href);
        }
        List<Path> sorted = new ArrayList<>(directories);
        sorted.sort(Comparator.comparing(Path::toString).reversed());
        for (Path d : sorted) {
            Directories.syncQuietly(d);
        }
        Directories.syncQuietly(dir.resolve("Packages"));
        Directories.syncQuietly(dir);
        return hrefs;
    }

    /** A new symlink {@code .current-<uuid>} renamed over {@code current}: readers see the old or the new, never none. */
    private static void switchCurrent(Path repoDir, String name) throws IOException {
        Path temp = repoDir.resolve(".current-" + UUID.randomUUID());
        Files.createSymbolicLink(temp, Path.of(name));
        try {
            Files.move(temp, repoDir.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Directories.syncQuietly(repoDir);
    }

    /** Removes the publications older than the {@code keep} newest besides the live one. */
    private static void prune(Path repoDir, int keep) throws IOException {
        String live = Files.readSymbolicLink(repoDir.resolve(CURRENT)).toString();
        List<String> others = publications(repoDir).stream().filter(n -> !n.equals(live)).toList();
        for (int i = 0; i < others.size() - keep; i++) {
            Directories.deleteTree(repoDir.resolve(others.get(i)));
        }
    }

    /** The names of the finished publications, oldest first. */
    static List<String> publications(Path repoDir) throws IOException {
        try (Stream<Path> children = Files.list(repoDir)) {
            return children.map(p -> p.getFileName().toString()).filter(n -> PUBLICATION.matcher(n).matches())
                    .sorted(Comparator.comparing((String n) -> n.substring(n.indexOf('-') + 1))).toList();
        }
    }

    private static void removeLeftovers(Path repoDir) throws IOException {
        try (Stream<Path> children = Files.list(repoDir)) {
            for (Path p : children.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".partial-") || n.startsWith(".current-")) {
                    Directories.deleteTree(p);
                }
            }
        }
    }

    /** A publication id: the time in milliseconds (sortable), made unique within the repository. */
    private String newId(Path repoDir) throws IOException {
        long at = clock.millis();
        Set<String> ids = new HashSet<>();
        for (String n : publications(repoDir)) {
            ids.add(n.substring(n.indexOf('-') + 1));
        }
        String id = ID.format(Instant.ofEpochMilli(at));
        while (ids.contains(id)) {
            at++;
            id = ID.format(Instant.ofEpochMilli(at));
        }
        return id;
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " exists already", e);
        }
    }

    private static void fsync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }


}
