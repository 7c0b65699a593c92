package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CompressionTest {
  @Test
  void kindIsToldByTheFileNameSuffix() {
    assertThat(Compression.ofFileName("repodata/abc-primary.xml.gz")).isEqualTo(Compression.GZ);
    assertThat(Compression.ofFileName("repodata/abc-primary.xml.xz")).isEqualTo(Compression.XZ);
    assertThat(Compression.ofFileName("repodata/abc-primary.xml.BZ2")).isEqualTo(Compression.BZ2);
    assertThat(Compression.ofFileName("repodata/abc-primary.xml.zst")).isEqualTo(Compression.ZSTD);
    assertThat(Compression.ofFileName("repodata/repomd.xml")).isEqualTo(Compression.NONE);
  }

  @Test
  void zchunkIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> Compression.ofFileName("repodata/x-primary.xml.zck"))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("zchunk").hasMessageContaining("gz, xz");
  }

  @Test
  void everyKindRoundTrips() throws Exception {
    byte[] text = "<metadata>".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    for (Compression c : Compression.values()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream z = c.compress(out)) {
        z.write(text);
      }
      try (InputStream in = c.decompress(new ByteArrayInputStream(out.toByteArray()))) {
        assertThat(in.readAllBytes()).as(c.name()).isEqualTo(text);
      }
    }
  }

  @Test
  void dataOfAnotherFormatIsRefusedNamingTheFormat() {
    byte[] garbage = "this is not compressed at all".getBytes(StandardCharsets.UTF_8);
    for (Compression c : new Compression[] {Compression.GZ, Compression.XZ, Compression.BZ2}) {
      assertThatThrownBy(() -> c.decompress(new ByteArrayInputStream(garbage)))
          .as(c.name()).isInstanceOf(RepodataFormatException.class).hasMessageContaining("not " + c.name().toLowerCase());
    }
  }
}
