package dev.baton.pipeline.advisory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CSAF advisories of a remote, read from a directory (and its subdirectories: Red Hat files them by year) of
 * {@code *.json} files. A file that cannot be read is reported in {@link Batch#problems} and the others are still
 * read, so one broken file does not hold back every advisory. (A remote's advisories from an http(s) URL are read by
 * the sync, which fetches them with the remote's HTTP settings.)
 */
public final class CsafSource {

    /** What a read found: the advisories, and one line per file that could not be read (naming it and why). */
    public record Batch(List<Advisory> advisories, List<String> problems) {
        public Batch {
            advisories = List.copyOf(advisories);
            problems = List.copyOf(problems);
        }
    }

    private final Path directory;
    private final String remote;

    private CsafSource(Path directory, String remote) {
        this.directory = directory;
        this.remote = remote;
    }

    /** The files below {@code directory}, as advisories of remote {@code remote}. */
    public static CsafSource directory(Path directory, String remote) {
        return new CsafSource(directory, remote);
    }

    /** Reads every {@code *.json} file, in path order. */
    public Batch read() {
        if (!Files.isDirectory(directory)) {
            throw new CsafFormatException("the CSAF directory " + directory + " of remote " + remote
                    + " is not a readable directory", null);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(directory)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the CSAF directory " + directory, e);
        }
        List<Advisory> advisories = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            try {
                advisories.add(CsafReader.read(file, remote));
            } catch (CsafFormatException e) {
                problems.add(e.getMessage());
            }
        }
        return new Batch(advisories, problems);
    }
}
