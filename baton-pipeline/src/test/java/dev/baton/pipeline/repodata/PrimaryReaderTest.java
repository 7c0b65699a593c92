package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrimaryReaderTest {
  @TempDir static Path tmp;
  static Path repo;
  static Path primaryGz;
  static String primaryXml;

  @BeforeAll
  static void createrepo() throws Exception {
    repo = tmp.resolve("repo");
    Tools.rpm(repo, "hello", "1.0", "1", "Requires: bash >= 4.0");
    Tools.rpm(repo, "hello", "1.1", "2", "Epoch: 3");
    Tools.rpm(repo, "world", "2.0", "1.el9");
    primaryGz = Tools.file(Tools.createrepo(repo), "-primary.xml.gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(primaryGz))) {
      primaryXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void readsCreaterepoCsPrimaryInEveryCompression() throws Exception {
    Path xml = tmp.resolve("primary.xml");
    Files.writeString(xml, primaryXml);
    Map<Compression, Path> files = new TreeMap<>();
    files.put(Compression.NONE, xml);
    files.put(Compression.GZ, primaryGz);
    // The reference tools, as a remote would have compressed it.
    Tools.run(tmp, "xz", "-k", "-f", xml.toString());
    files.put(Compression.XZ, tmp.resolve("primary.xml.xz"));
    Tools.run(tmp, "bzip2", "-k", "-f", xml.toString());
    files.put(Compression.BZ2, tmp.resolve("primary.xml.bz2"));
    Tools.run(tmp, "zstd", "-q", "-f", xml.toString(), "-o", tmp.resolve("primary.xml.zst").toString());
    files.put(Compression.ZSTD, tmp.resolve("primary.xml.zst"));

    for (var e : files.entrySet()) {
      assertThat(Compression.ofFileName(e.getValue().toString())).isEqualTo(e.getKey());
      List<PrimaryPackage> packages = read(e.getValue());
      assertThat(packages).as(e.getKey().name()).extracting(p -> p.nevra().toString())
          .containsExactlyInAnyOrder("hello-1.0-1.noarch", "hello-3:1.1-2.noarch", "world-2.0-1.el9.noarch");
      for (PrimaryPackage p : packages) {
        Path rpm = repo.resolve(p.href());
        assertThat(p.sha256()).isEqualTo(Tools.sha256(rpm));
        assertThat(p.packageSize()).isEqualTo(Files.size(rpm));
        assertThat(p.sourceRpm()).isEqualTo(p.nevra().name() + "-" + p.nevra().version() + "-"
            + p.nevra().release() + ".src.rpm");
        assertThat(p.buildTime()).isPositive();
      }
    }
  }

  @Test
  void streamsFiftyThousandPackagesInASmallHeap() throws Exception {
    // A 50,000-package primary (~80 MB of XML) read in a JVM with a 24 MiB heap: only streaming fits.
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
        SyntheticPrimary.class.getName(), "50000").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    long expectedSizes = 50_000L * 10_000 + 49_999L * 50_000 / 2;
    assertThat(out.trim()).isEqualTo("read 50000 50000 " + expectedSizes);
  }

  @Test
  void truncatedPrimaryIsRefused() throws Exception {
    byte[] gz = Files.readAllBytes(primaryGz);
    Path half = tmp.resolve("half-primary.xml.gz");
    Files.write(half, Arrays.copyOf(gz, gz.length / 2));
    assertThatThrownBy(() -> read(half)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("primary.xml").hasMessageContaining("truncated");
    String cut = primaryXml.substring(0, primaryXml.indexOf("<package", 200) + 120);
    assertThatThrownBy(() -> read(cut)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void garbagePrimaryIsRefused() throws Exception {
    Path garbage = tmp.resolve("garbage-primary.xml.zst");
    Files.write(garbage, "definitely not zstd data, just text".repeat(10).getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> read(garbage)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("primary.xml");
    assertThatThrownBy(() -> read("<repomd/>")).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("not <metadata>");
    assertThatThrownBy(() -> read("<metadata><package><name>x</package></metadata>"))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("primary.xml");
  }

  @Test
  void pathTraversalAndForeignLocationsAreRefused() {
    for (String bad : new String[] {"../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
        "http://evil.example/hello.rpm", "Packages/../../../x.rpm", "Packages\\..\\x.rpm", "//evil.example/x.rpm"}) {
      String xml = primaryXml.replaceFirst("<location href=\"[^\"]*\"",
          java.util.regex.Matcher.quoteReplacement("<location href=\"" + bad + "\""));
      assertThatThrownBy(() -> read(xml)).as(bad).isInstanceOf(RepodataFormatException.class)
          .hasMessageContaining("location href=\"" + bad).hasMessageContaining("inside it");
    }
    String base = primaryXml.replaceFirst("<location href=", "<location xml:base=\"http://evil.example/\" href=");
    assertThatThrownBy(() -> read(base)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("xml:base");
  }

  @Test
  void absurdSizesAndOtherChecksumsAreRefused() {
    String huge = primaryXml.replaceFirst("package=\"\\d+\"", "package=\"99999999999999999999999\"");
    assertThatThrownBy(() -> read(huge)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("package=\"99999999999999999999999\"").hasMessageContaining("absurdly large");
    String tooBig = primaryXml.replaceFirst("package=\"\\d+\"", "package=\"" + (1L << 40) + "\"");
    assertThatThrownBy(() -> read(tooBig)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("outside 0..");
    String sha1 = primaryXml.replaceFirst("<checksum type=\"sha256\" pkgid=\"YES\">[0-9a-f]+",
        "<checksum type=\"sha1\" pkgid=\"YES\">" + "a".repeat(40));
    assertThatThrownBy(() -> read(sha1)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("sha1").hasMessageContaining("sha256");
  }

  @Test
  void entityAttacksAreRefused() {
    assertThatThrownBy(() -> read(Hostile.billionLaughs("metadata"))).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> read(Hostile.externalEntity("metadata", "<package><name>XXE</name></package>")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("root:");
  }

  @Test
  void oneHugeTextIsRefusedBeforeItIsBuffered() {
    InputStream endless = new InputStream() {
      final byte[] head = "<metadata><package><description>".getBytes(StandardCharsets.UTF_8);
      long pos;

      @Override public int read() {
        return pos < head.length ? head[(int) pos++] : (pos++ < (1L << 34) ? 'a' : -1);
      }
    };
    assertThatThrownBy(() -> PrimaryReader.read(endless, p -> { }))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("longer than");
  }

  static List<PrimaryPackage> read(Path file) throws Exception {
    List<PrimaryPackage> packages = new ArrayList<>();
    try (InputStream in = Compression.ofFileName(file.toString()).decompress(Files.newInputStream(file))) {
      PrimaryReader.read(in, packages::add);
    }
    return packages;
  }

  static List<PrimaryPackage> read(String xml) {
    List<PrimaryPackage> packages = new ArrayList<>();
    PrimaryReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), packages::add);
    return packages;
  }
}
