package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepomdReaderTest {
  @TempDir static Path tmp;
  static Path repo;
  static String repomdXml;

  @BeforeAll
  static void createrepo() throws Exception {
    repo = tmp.resolve("repo");
    Tools.rpm(repo, "hello", "1.0", "1");
    Tools.createrepo(repo);
    repomdXml = Files.readString(repo.resolve("repodata/repomd.xml"));
  }

  @Test
  void readsWhatCreaterepoCWrote() throws Exception {
    Repomd repomd;
    try (InputStream in = Files.newInputStream(repo.resolve("repodata/repomd.xml"))) {
      repomd = RepomdReader.read(in);
    }
    assertThat(repomd.revision()).isNotBlank();
    assertThat(repomd.entries()).extracting(RepomdEntry::type).containsExactly("primary", "filelists", "other");
    RepomdEntry primary = repomd.entry("primary").orElseThrow();
    Path file = repo.resolve(primary.href());
    assertThat(primary.checksumType()).isEqualTo("sha256");
    assertThat(primary.checksum()).isEqualTo(Tools.sha256(file));
    assertThat(primary.size()).isEqualTo(Files.size(file));
    assertThat(primary.openSize()).isPositive();
    assertThat(primary.openChecksum()).hasSize(64);
    assertThat(primary.timestamp()).isPositive();
    assertThat(primary.compression()).isEqualTo(Compression.GZ);
  }

  @Test
  void truncatedIsRefused() {
    String truncated = repomdXml.substring(0, repomdXml.indexOf("<data type=\"filelists\"") + 40);
    assertThatThrownBy(() -> read(truncated)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("repomd.xml").hasMessageContaining("truncated");
  }

  @Test
  void garbageIsRefused() {
    assertThatThrownBy(() -> read("\u0000\u0001garbage, not xml at all")).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("repomd.xml");
    assertThatThrownBy(() -> read("<html><body>Not found</body></html>")).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("not <repomd>");
    assertThatThrownBy(() -> read("")).isInstanceOf(RepodataFormatException.class).hasMessageContaining("repomd.xml");
  }

  @Test
  void billionLaughsIsRefused() {
    assertThatThrownBy(() -> read(Hostile.billionLaughs("repomd"))).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("DOCTYPE").hasMessageContaining("billion laughs");
  }

  @Test
  void externalEntitiesAreNeverRead() {
    assertThatThrownBy(() -> read(Hostile.externalEntity("repomd", "<revision>XXE</revision>")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining("root:");
  }

  @Test
  void unsafeLocationsAreRefused() {
    for (String bad : new String[] {"../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
        "https://evil.example/primary.xml.gz", "repodata/../../x.xml.gz", "repodata/%2e%2e/x.gz"}) {
      String xml = repomdXml.replaceFirst("href=\"repodata/[^\"]*-primary.xml.gz\"", "href=\"" + bad + "\"");
      assertThat(xml).as("substitution").contains(bad);
      assertThatThrownBy(() -> read(xml)).as(bad).isInstanceOf(RepodataFormatException.class)
          .hasMessageContaining("location href=\"" + bad).hasMessageContaining("inside it");
    }
  }

  @Test
  void absurdDeclaredSizesAreRefused() {
    String huge = repomdXml.replaceFirst("<size>\\d+</size>", "<size>99999999999999999999999</size>");
    assertThatThrownBy(() -> read(huge)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("<size>").hasMessageContaining("absurdly large");
    String tooBig = repomdXml.replaceFirst("<open-size>\\d+</open-size>", "<open-size>" + (1L << 50) + "</open-size>");
    assertThatThrownBy(() -> read(tooBig)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("<open-size>" + (1L << 50)).hasMessageContaining("refused");
    String negative = repomdXml.replaceFirst("<size>\\d+</size>", "<size>-5</size>");
    assertThatThrownBy(() -> read(negative)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("<size>-5</size>");
  }

  @Test
  void badChecksumsAreRefused() {
    String shortSum = repomdXml.replaceFirst("(<checksum type=\"sha256\">)[0-9a-f]+", "$1abc");
    assertThatThrownBy(() -> read(shortSum)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("not 64 hex digits");
    String unknown = repomdXml.replaceFirst("<checksum type=\"sha256\">", "<checksum type=\"crc32\">");
    assertThatThrownBy(() -> read(unknown)).isInstanceOf(RepodataFormatException.class)
        .hasMessageContaining("crc32");
  }

  private static Repomd read(String xml) {
    return RepomdReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }
}
