package dev.baton.pipeline.repodata;

import dev.baton.pipeline.rpm.Nevra;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything primary.xml, filelists.xml and other.xml say about one package, as createrepo_c derives it from the
 * RPM header: the NEVRA, {@code pkgid} (the sha256 of the whole .rpm file), where it lies in the repository
 * ({@code href}), sizes (file, installed, payload archive) and times (file mtime, build; seconds), descriptive
 * strings (empty when the header has none), the byte range of the main header in the file, the dependencies as
 * primary.xml lists them (already filtered like createrepo_c: no {@code rpmlib(...)} requires, no requires the
 * package satisfies itself, no duplicates), every file, and the changelog newest-first.
 */
public record PackageMetadata(Nevra nevra, String pkgid, String href, long packageSize, long installedSize,
    long archiveSize, long fileTime, long buildTime, String summary, String description, String packager,
    String url, String license, String vendor, String group, String buildhost, String sourcerpm, long headerStart,
    long headerEnd, Dependencies dependencies, List<FileEntry> files, List<Changelog> changelogs) {

  public PackageMetadata {
    Objects.requireNonNull(nevra, "nevra");
    Objects.requireNonNull(pkgid, "pkgid");
    Hrefs.checkRelative(href, "package " + nevra);
    Objects.requireNonNull(dependencies, "dependencies");
    files = List.copyOf(files);
    changelogs = List.copyOf(changelogs);
  }

  /**
   * Reads a package's metadata from its RPM header (and hashes the whole file for the pkgid), as createrepo_c
   * would for the same file; {@code href} is where the file lies in the repository (relative, checked).
   *
   * @throws dev.baton.pipeline.rpm.RpmFormatException when the file is not a well-formed RPM package
   */
  public static PackageMetadata read(Path rpm, String href) throws IOException {
    return HeaderMetadata.read(rpm, href);
  }

  /** The dependency lists of a package (each possibly empty), in header order. */
  public record Dependencies(List<Dependency> provides, List<Dependency> requires, List<Dependency> conflicts,
      List<Dependency> obsoletes, List<Dependency> suggests, List<Dependency> enhances, List<Dependency> recommends,
      List<Dependency> supplements) {
    public Dependencies {
      provides = List.copyOf(provides);
      requires = List.copyOf(requires);
      conflicts = List.copyOf(conflicts);
      obsoletes = List.copyOf(obsoletes);
      suggests = List.copyOf(suggests);
      enhances = List.copyOf(enhances);
      recommends = List.copyOf(recommends);
      supplements = List.copyOf(supplements);
    }

    /** No dependencies at all. */
    public static Dependencies none() {
      List<Dependency> e = List.of();
      return new Dependencies(e, e, e, e, e, e, e, e);
    }
  }

  /**
   * One dependency entry: a name, and for a versioned one the comparison ({@code EQ LT GT LE GE}) with epoch,
   * version and release (each null when absent; epoch is "0" when a version is given without one, as createrepo_c
   * writes it); {@code pre} marks a requirement needed before install scripts run.
   */
  public record Dependency(String name, String flags, String epoch, String version, String release, boolean pre) {
    public Dependency {
      Objects.requireNonNull(name, "name");
    }

    /** An unversioned dependency. */
    public static Dependency of(String name) {
      return new Dependency(name, null, null, null, null, false);
    }
  }

  /** A file of the package: its path and whether it is a plain file, a directory or a ghost. */
  public record FileEntry(String path, FileType type) {
  }

  /** How filelists.xml marks a file. */
  public enum FileType {
    FILE, DIR, GHOST
  }

  /** A changelog entry: author line, time (seconds), text. */
  public record Changelog(String author, long date, String text) {
  }
}
