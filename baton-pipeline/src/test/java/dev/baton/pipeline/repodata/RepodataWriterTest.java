package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.rpm.Nevra;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepodataWriterTest {
  @TempDir static Path tmp;
  static Path repo;
  static Path reference;

  @BeforeAll
  static void packagesAndCreaterepoC() throws Exception {
    repo = tmp.resolve("repo");
    Tools.rpm(repo, "hello", "1.0", "1", "Requires: bash >= 4.0", "Requires: /etc/hello/hello.conf",
        "Requires: coreutils", "Requires: coreutils", "Provides: greeting = 2", "Obsoletes: oldhello < 1.0",
        "Conflicts: badhello <= 0.9-3", "Recommends: cowsay", "Suggests: fortune", "Supplements: shell",
        "Enhances: bash");
    Tools.rpm(repo, "hello", "1.1", "2", "Epoch: 3", "Requires: greeting");
    Tools.rpm(repo, "world", "2.0", "1.el9", "Requires: hello >= 3:1.1-2", "Requires(pre): /usr/sbin/useradd");
    // createrepo_c writes into a copy, so both read the very same files (same mtimes).
    reference = tmp.resolve("reference");
    Files.createDirectories(reference);
    Tools.run(tmp, "cp", "-a", repo.toString() + "/.", reference.toString());
    Tools.createrepo(reference);
  }

  @Test
  void primaryFilelistsAndOtherMatchCreaterepoCsForTheSameFiles() throws Exception {
    Path out = tmp.resolve("mine");
    Files.createDirectories(out);
    Tools.run(tmp, "cp", "-a", repo.toString() + "/.", out.toString());
    Repomd repomd = new RepodataWriter().write(out, read(out), List.of(), Compression.GZ);

    for (String type : List.of("primary", "filelists", "other")) {
      Set<String> ours = blocks(out.resolve(repomd.entry(type).orElseThrow().href()));
      Set<String> theirs = blocks(reference.resolve("repodata").resolve(
          Tools.file(reference.resolve("repodata"), "-" + type + ".xml.gz").getFileName()));
      assertThat(ours).as(type).hasSize(3).isEqualTo(theirs);
    }
    // And our own reader agrees on what it wrote.
    List<PrimaryPackage> listed = PrimaryReaderTest.read(out.resolve(repomd.entry("primary").orElseThrow().href()));
    assertThat(listed).extracting(p -> p.nevra().toString())
        .containsExactlyInAnyOrder("hello-1.0-1.noarch", "hello-3:1.1-2.noarch", "world-2.0-1.el9.noarch");
    for (PrimaryPackage p : listed) {
      assertThat(p.sha256()).isEqualTo(Tools.sha256(out.resolve(p.href())));
    }
  }

  @Test
  void repomdListsEveryFileWithItsChecksumsAndSizes() throws Exception {
    Path out = tmp.resolve("sums");
    Repomd written = new RepodataWriter().write(out, read(repo), List.of(advisory("hello", "3:1.1-2")),
        Compression.XZ);
    Repomd read;
    try (InputStream in = Files.newInputStream(out.resolve("repodata/repomd.xml"))) {
      read = RepomdReader.read(in);
    }
    assertThat(read).isEqualTo(written);
    assertThat(read.entries()).extracting(RepomdEntry::type)
        .containsExactly("primary", "filelists", "other", "updateinfo");
    for (RepomdEntry e : read.entries()) {
      Path file = out.resolve(e.href());
      assertThat(e.href()).endsWith("-" + e.type() + ".xml.xz").startsWith("repodata/" + e.checksum());
      assertThat(Tools.sha256(file)).isEqualTo(e.checksum());
      assertThat(Files.size(file)).isEqualTo(e.size());
      byte[] open;
      try (InputStream in = Compression.XZ.decompress(Files.newInputStream(file))) {
        open = in.readAllBytes();
      }
      assertThat((long) open.length).isEqualTo(e.openSize());
      Path plain = Files.write(tmp.resolve("open-" + e.type()), open);
      assertThat(Tools.sha256(plain)).isEqualTo(e.openChecksum());
    }
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no temporary directory left behind")
          .containsOnly("repodata");
    }
  }

  @Test
  void aFailureLeavesThePreviousMetadataAsItWas() throws Exception {
    Path out = tmp.resolve("atomic");
    new RepodataWriter().write(out, read(repo), List.of(), Compression.GZ);
    byte[] before = Files.readAllBytes(out.resolve("repodata/repomd.xml"));
    List<PackageMetadata> good = read(repo);
    int[] passes = {0};
    // The first pass (counting) goes through; the second, which writes, fails after two packages.
    Iterable<PackageMetadata> failing = () -> new Iterator<>() {
      final boolean writing = ++passes[0] == 2;
      int i;

      @Override public boolean hasNext() {
        return true;
      }

      @Override public PackageMetadata next() {
        if (writing && i == 2) {
          throw new IllegalStateException("disk on fire");
        }
        return good.get(i++);
      }
    };
    assertThatThrownBy(() -> new RepodataWriter().write(out, new Limited(failing, 3), List.of(), Compression.GZ))
        .hasMessageContaining("disk on fire");
    assertThat(Files.readAllBytes(out.resolve("repodata/repomd.xml"))).isEqualTo(before);
    try (Stream<Path> left = Files.list(out)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsOnly("repodata");
    }
  }

  @Test
  void aDuplicateAdvisoryIdIsRefused() {
    Path out = tmp.resolve("dup");
    assertThatThrownBy(() -> new RepodataWriter().write(out, read(repo),
        List.of(advisory("hello", "3:1.1-2"), advisory("hello", "3:1.1-2")), Compression.GZ))
        .hasMessageContaining("SITE-SA:2026:0001").hasMessageContaining("twice");
    assertThat(out.resolve("repodata")).doesNotExist();
  }

  static UpdateRecord advisory(String name, String evr) {
    Nevra nevra = Nevra.parse(name + "-" + evr + ".noarch");
    return new UpdateRecord("SITE-SA:2026:0001", "security", "Important", "stable", "linux-team@example.org",
        "Important: " + name + " security update", "2026-01-10 12:00:00", "2026-01-11 08:30:00",
        "An update for " + name + " & friends", "Fixes <CVE-2026-0001>.",
        List.of(new UpdateRecord.Reference("https://example.org/CVE-2026-0001", "CVE-2026-0001", "cve",
            "CVE-2026-0001")),
        List.of(new UpdateRecord.Package(nevra, name + "-" + nevra.version() + "-" + nevra.release() + ".src.rpm",
            nevra.fileName(), null, true)));
  }

  static List<PackageMetadata> read(Path dir) throws IOException {
    List<PackageMetadata> packages = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path rpm : files.filter(f -> f.toString().endsWith(".rpm")).sorted().toList()) {
        packages.add(PackageMetadata.read(rpm, rpm.getFileName().toString()));
      }
    }
    return packages;
  }

  /** The {@code <package ...>...</package>} blocks of a metadata file, as text. */
  static Set<String> blocks(Path gz) throws IOException {
    String xml;
    try (InputStream in = Compression.ofFileName(gz.toString()).decompress(Files.newInputStream(gz))) {
      xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> blocks = new TreeSet<>();
    Arrays.stream(xml.split("(?=<package )")).skip(1)
        .map(b -> b.substring(0, b.indexOf("</package>") + 10)).forEach(blocks::add);
    return blocks;
  }

  /** An iterable that is not a collection (so it is counted by iterating), of at most {@code max} elements. */
  record Limited(Iterable<PackageMetadata> inner, int max) implements Iterable<PackageMetadata> {
    @Override public Iterator<PackageMetadata> iterator() {
      Iterator<PackageMetadata> it = inner.iterator();
      return new Iterator<>() {
        int n;

        @Override public boolean hasNext() {
          return n < max && it.hasNext();
        }

        @Override public PackageMetadata next() {
          n++;
          return it.next();
        }
      };
    }
  }
}
