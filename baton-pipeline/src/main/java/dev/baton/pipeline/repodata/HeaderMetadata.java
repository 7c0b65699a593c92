package dev.baton.pipeline.repodata;

import dev.baton.pipeline.repodata.PackageMetadata.Changelog;
import dev.baton.pipeline.repodata.PackageMetadata.Dependencies;
import dev.baton.pipeline.repodata.PackageMetadata.Dependency;
import dev.baton.pipeline.repodata.PackageMetadata.FileEntry;
import dev.baton.pipeline.repodata.PackageMetadata.FileType;
import dev.baton.pipeline.rpm.RpmFile;
import dev.baton.pipeline.rpm.RpmHeader;
import dev.baton.pipeline.rpm.RpmTag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link PackageMetadata} from an RPM file's header the way createrepo_c does, so that both produce the same
 * primary.xml for the same file: requires drop {@code rpmlib(...)}, files the package itself lists in primary.xml,
 * names it provides itself, exact repeats, and all but one {@code libc.so.6} requirement; versions are split into
 * epoch (0 when absent), version and release; the changelog keeps the newest {@link #CHANGELOG_LIMIT} entries.
 */
final class HeaderMetadata {
  /** createrepo_c's default {@code --changelog-limit}. */
  static final int CHANGELOG_LIMIT = 10;

  private static final int SENSE_LESS = 1 << 1;
  private static final int SENSE_GREATER = 1 << 2;
  private static final int SENSE_EQUAL = 1 << 3;
  private static final int SENSE_PREREQ = 1 << 6;
  private static final int SENSE_SCRIPT_PRE = 1 << 9;
  private static final int SENSE_SCRIPT_POST = 1 << 10;
  private static final int FILE_GHOST = 1 << 6;
  private static final int MODE_TYPE = 0170000;
  private static final int MODE_DIR = 0040000;

  private HeaderMetadata() {
  }

  static PackageMetadata read(Path rpm, String href) throws IOException {
    RpmFile file = RpmFile.open(rpm);
    RpmHeader h = file.header();
    RpmHeader sig = file.signature();
    List<FileEntry> files = files(h);
    Set<String> primaryFiles = new HashSet<>();
    for (FileEntry f : files) {
      if (PackageXml.isPrimaryFile(f.path())) {
        primaryFiles.add(f.path());
      }
    }
    List<Dependency> provides = dependencies(h, RpmTag.PROVIDENAME, RpmTag.PROVIDEFLAGS, RpmTag.PROVIDEVERSION);
    Set<String> provided = new HashSet<>();
    provides.forEach(d -> provided.add(d.name()));
    Dependencies deps = new Dependencies(provides,
        requires(h, primaryFiles, provided),
        dependencies(h, RpmTag.CONFLICTNAME, RpmTag.CONFLICTFLAGS, RpmTag.CONFLICTVERSION),
        dependencies(h, RpmTag.OBSOLETENAME, RpmTag.OBSOLETEFLAGS, RpmTag.OBSOLETEVERSION),
        dependencies(h, RpmTag.SUGGESTNAME, RpmTag.SUGGESTFLAGS, RpmTag.SUGGESTVERSION),
        dependencies(h, RpmTag.ENHANCENAME, RpmTag.ENHANCEFLAGS, RpmTag.ENHANCEVERSION),
        dependencies(h, RpmTag.RECOMMENDNAME, RpmTag.RECOMMENDFLAGS, RpmTag.RECOMMENDVERSION),
        dependencies(h, RpmTag.SUPPLEMENTNAME, RpmTag.SUPPLEMENTFLAGS, RpmTag.SUPPLEMENTVERSION));
    long installed = h.number(RpmTag.LONGSIZE, h.number(RpmTag.SIZE, 0));
    long archive = sig.number(RpmTag.SIG_LONGARCHIVESIZE, sig.number(RpmTag.SIG_PAYLOADSIZE,
        h.number(RpmTag.ARCHIVESIZE, 0)));
    return new PackageMetadata(file.nevra(), sha256(rpm), href, file.size(), installed, archive,
        Files.getLastModifiedTime(rpm).toInstant().getEpochSecond(), h.number(RpmTag.BUILDTIME, 0),
        text(h, RpmTag.SUMMARY), text(h, RpmTag.DESCRIPTION), text(h, RpmTag.PACKAGER), text(h, RpmTag.URL),
        text(h, RpmTag.LICENSE), text(h, RpmTag.VENDOR), text(h, RpmTag.GROUP), text(h, RpmTag.BUILDHOST),
        text(h, RpmTag.SOURCERPM), file.headerStart(), file.headerEnd(), deps, files, changelogs(h));
  }

  private static String text(RpmHeader h, int tag) {
    String s = h.string(tag);
    return s == null ? "" : s;
  }

  private static List<FileEntry> files(RpmHeader h) {
    List<String> paths;
    List<String> basenames = h.strings(RpmTag.BASENAMES);
    if (!basenames.isEmpty()) {
      List<String> dirnames = h.strings(RpmTag.DIRNAMES);
      int[] indexes = h.ints(RpmTag.DIRINDEXES);
      if (indexes.length != basenames.size()) {
        throw new RepodataFormatException("the header lists " + basenames.size() + " file names but "
            + indexes.length + " directory indexes");
      }
      paths = new ArrayList<>(basenames.size());
      for (int i = 0; i < basenames.size(); i++) {
        if (indexes[i] < 0 || indexes[i] >= dirnames.size()) {
          throw new RepodataFormatException("the header's file " + basenames.get(i) + " points at directory #"
              + indexes[i] + " of " + dirnames.size());
        }
        paths.add(dirnames.get(indexes[i]) + basenames.get(i));
      }
    } else {
      paths = h.strings(RpmTag.OLDFILENAMES);
    }
    int[] modes = h.ints(RpmTag.FILEMODES);
    long[] flags = h.longs(RpmTag.FILEFLAGS);
    List<FileEntry> files = new ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      FileType type = i < modes.length && (modes[i] & MODE_TYPE) == MODE_DIR ? FileType.DIR
          : i < flags.length && (flags[i] & FILE_GHOST) != 0 ? FileType.GHOST : FileType.FILE;
      files.add(new FileEntry(paths.get(i), type));
    }
    return files;
  }

  private static List<Dependency> dependencies(RpmHeader h, int nameTag, int flagsTag, int versionTag) {
    List<String> names = h.strings(nameTag);
    long[] flags = h.longs(flagsTag);
    List<String> versions = h.strings(versionTag);
    List<Dependency> out = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      out.add(dependency(names.get(i), i < flags.length ? flags[i] : 0, i < versions.size() ? versions.get(i) : "",
          false));
    }
    return out;
  }

  private static List<Dependency> requires(RpmHeader h, Set<String> primaryFiles, Set<String> provided) {
    List<String> names = h.strings(RpmTag.REQUIRENAME);
    long[] flags = h.longs(RpmTag.REQUIREFLAGS);
    List<String> versions = h.strings(RpmTag.REQUIREVERSION);
    List<Dependency> out = new ArrayList<>(names.size());
    Map<String, Dependency> last = new HashMap<>();
    Dependency libc = null;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      long f = i < flags.length ? flags[i] : 0;
      if (name.startsWith("rpmlib(") || primaryFiles.contains(name) || provided.contains(name)) {
        continue;
      }
      boolean pre = (f & (SENSE_PREREQ | SENSE_SCRIPT_PRE | SENSE_SCRIPT_POST)) != 0;
      Dependency d = dependency(name, f, i < versions.size() ? versions.get(i) : "", pre);
      Dependency previous = last.get(name);
      if (previous != null && previous.equals(d)) {
        continue;
      }
      if (name.startsWith("libc.so.6")) {
        // Only the highest glibc symbol version matters to a solver; createrepo_c keeps that one, listed last.
        libc = libc == null || dev.baton.pipeline.rpm.RpmVersions.compare(name, libc.name()) > 0 ? d : libc;
        continue;
      }
      out.add(d);
      last.put(name, d);
    }
    if (libc != null) {
      out.add(libc);
    }
    return out;
  }

  private static Dependency dependency(String name, long flags, String evr, boolean pre) {
    String comparison = switch ((int) (flags & (SENSE_LESS | SENSE_GREATER | SENSE_EQUAL))) {
      case SENSE_LESS -> "LT";
      case SENSE_GREATER -> "GT";
      case SENSE_EQUAL -> "EQ";
      case SENSE_LESS | SENSE_EQUAL -> "LE";
      case SENSE_GREATER | SENSE_EQUAL -> "GE";
      default -> null;
    };
    if (evr == null || evr.isEmpty()) {
      return new Dependency(name, comparison, null, null, null, pre);
    }
    String epoch = "0";
    String rest = evr;
    int colon = evr.indexOf(':');
    if (colon >= 0 && evr.substring(0, colon).chars().allMatch(Character::isDigit)) {
      epoch = colon == 0 ? "0" : evr.substring(0, colon);
      rest = evr.substring(colon + 1);
    }
    int dash = rest.lastIndexOf('-');
    String version = dash < 0 ? rest : rest.substring(0, dash);
    String release = dash < 0 ? null : rest.substring(dash + 1);
    return new Dependency(name, comparison, epoch, version, release, pre);
  }

  private static List<Changelog> changelogs(RpmHeader h) {
    long[] times = h.longs(RpmTag.CHANGELOGTIME);
    List<String> names = h.strings(RpmTag.CHANGELOGNAME);
    List<String> texts = h.strings(RpmTag.CHANGELOGTEXT);
    int n = Math.min(CHANGELOG_LIMIT, Math.min(times.length, Math.min(names.size(), texts.size())));
    List<Changelog> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      // Entries of the same time (rpm keeps only the day) get distinct ones, the newest the latest, as createrepo_c
      // does: a run of k equal times t becomes t+k-1 .. t, so clients that key changelogs by time keep them all.
      out.add(new Changelog(names.get(i).stripTrailing(), times[i] + countSameBelow(times, i, n), texts.get(i)));
    }
    return out;
  }

  /** How many entries after {@code i} (up to {@code n}) carry the same time as entry {@code i}, in a row. */
  private static int countSameBelow(long[] times, int i, int n) {
    int k = 0;
    while (i + k + 1 < n && times[i + k + 1] == times[i]) {
      k++;
    }
    return k;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
