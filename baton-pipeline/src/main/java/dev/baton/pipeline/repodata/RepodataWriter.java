package dev.baton.pipeline.repodata;

import dev.baton.pipeline.files.Directories;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a repository's metadata: primary, filelists and other (and updateinfo when there are advisories) plus
 * repomd.xml, into {@code repoDir/repodata/}.
 *
 * <p>Streaming, one pass: each package is written to the three files as it comes from the iterable and is then no
 * longer referenced, so 10,000 packages need no more memory than one (the iterable may read RPM headers lazily). A
 * {@link Collection} is iterated once; any other iterable twice (the package count heads each file).
 *
 * <p>Atomic: everything is written and fsynced in a temporary directory beside {@code repodata/}, which is then
 * renamed into place; a failure leaves the previous {@code repodata/} (or none) as it was and removes the temporary
 * directory. Replacing an existing {@code repodata/} takes two renames (aside, then into place); a publication that
 * clients read while it changes is built in a new directory and switched as a whole by its owner. One writer per
 * directory at a time (the caller serialises publishes); what a crashed writer left behind ({@code .repodata-*}) is
 * removed by the next one.
 */
public final class RepodataWriter {
  private final Clock clock;

  public RepodataWriter(Clock clock) {
    this.clock = clock;
  }

  public RepodataWriter() {
    this(Clock.systemUTC());
  }

  /** Writes the metadata (see the class comment); returns what repomd.xml lists. */
  public Repomd write(Path repoDir, Iterable<PackageMetadata> packages, List<UpdateRecord> advisories,
      Compression compression) throws IOException {
    Files.createDirectories(repoDir);
    removeLeftovers(repoDir);
    long now = clock.instant().getEpochSecond();
    Path temp = repoDir.resolve(".repodata-" + UUID.randomUUID());
    Files.createDirectory(temp);
    try {
      Repomd repomd = writeInto(temp, packages, advisories, compression, now);
      Directories.syncQuietly(temp);
      switchInto(repoDir, temp);
      return repomd;
    } catch (IOException | RuntimeException e) {
      Directories.deleteTree(temp);
      throw e;
    }
  }

  /** Temporary and set-aside directories of a writer that crashed (there is one writer per directory at a time). */
  private static void removeLeftovers(Path repoDir) throws IOException {
    try (Stream<Path> children = Files.list(repoDir)) {
      for (Path p : children.filter(p -> p.getFileName().toString().startsWith(".repodata-")).toList()) {
        Directories.deleteTree(p);
      }
    }
  }

  private static Repomd writeInto(Path dir, Iterable<PackageMetadata> packages, List<UpdateRecord> advisories,
      Compression compression, long now) throws IOException {
    long count = count(packages);
    List<MetadataFile> files = new ArrayList<>();
    try {
      MetadataFile primary = open(files, dir, "primary", compression);
      MetadataFile filelists = open(files, dir, "filelists", compression);
      MetadataFile other = open(files, dir, "other", compression);
      primary.writer().write(PackageXml.PRIMARY_HEAD.formatted(count));
      filelists.writer().write(PackageXml.FILELISTS_HEAD.formatted(count));
      other.writer().write(PackageXml.OTHER_HEAD.formatted(count));
      long written = 0;
      for (PackageMetadata p : packages) {
        PackageXml.primary(primary.writer(), p);
        PackageXml.filelists(filelists.writer(), p);
        PackageXml.other(other.writer(), p);
        written++;
      }
      if (written != count) {
        throw new IllegalStateException("the packages changed while their metadata was written (" + count
            + " counted, " + written + " written)");
      }
      primary.writer().write("</metadata>\n");
      filelists.writer().write("</filelists>\n");
      other.writer().write("</otherdata>\n");
      List<RepomdEntry> entries = new ArrayList<>();
      entries.add(primary.finish(now));
      entries.add(filelists.finish(now));
      entries.add(other.finish(now));
      if (advisories != null && !advisories.isEmpty()) {
        MetadataFile updateinfo = open(files, dir, "updateinfo", compression);
        UpdateinfoXml.write(updateinfo.writer(), advisories);
        entries.add(updateinfo.finish(now));
      }
      Repomd repomd = new Repomd(Long.toString(now), entries);
      writeRepomd(dir.resolve("repomd.xml"), repomd);
      return repomd;
    } catch (IOException | RuntimeException e) {
      files.forEach(MetadataFile::abandon);
      throw e;
    }
  }

  private static MetadataFile open(List<MetadataFile> files, Path dir, String type, Compression compression)
      throws IOException {
    MetadataFile f = new MetadataFile(dir, type, compression);
    files.add(f);
    return f;
  }

  private static long count(Iterable<PackageMetadata> packages) {
    if (packages instanceof Collection<?> c) {
      return c.size();
    }
    long n = 0;
    for (PackageMetadata ignored : packages) {
      n++;
    }
    return n;
  }

  private static void writeRepomd(Path file, Repomd repomd) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
         Writer w = new java.io.OutputStreamWriter(java.nio.channels.Channels.newOutputStream(channel),
             StandardCharsets.UTF_8)) {
      RepomdXml.write(w, repomd);
      w.flush();
      channel.force(true);
    }
  }

  private static void switchInto(Path repoDir, Path temp) throws IOException {
    Path target = repoDir.resolve("repodata");
    Path old = null;
    if (Files.exists(target)) {
      old = repoDir.resolve(".repodata-old-" + UUID.randomUUID());
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("cannot rename " + temp + " to " + target + " atomically: " + e.getMessage(), e);
    }
    Directories.syncQuietly(repoDir);
    if (old != null) {
      Directories.deleteTree(old);
    }
  }


}
