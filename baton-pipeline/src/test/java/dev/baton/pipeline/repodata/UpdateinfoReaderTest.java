package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateinfoReaderTest {
  static final String RHSA = """
      <?xml version="1.0" encoding="UTF-8"?>
      <updates>
        <update from="linux-team@example.org" status="stable" type="security" version="2.0">
          <id>SITE-SA:2026:0001</id>
          <title>Important: openssl security update</title>
          <issued date="2026-01-10 12:00:00"/>
          <updated date="2026-01-11 08:30:00"/>
          <severity>Important</severity>
          <summary>An update for openssl</summary><description>Fixes &lt;things&gt;.</description>
          <references>
            <reference href="https://example.org/RHSA-2026:0001" id="RHSA-2026:0001" type="self" title="RHSA"/>
            <reference href="https://example.org/CVE-2026-0001" id="CVE-2026-0001" type="cve" title="CVE-2026-0001"/>
          </references>
          <pkglist><collection short="site9"><name>Site Linux 9</name>
            <package name="openssl" epoch="1" version="3.0.7" release="18.el9.site" arch="x86_64"
                     src="openssl-3.0.7-18.el9.site.src.rpm">
              <filename>openssl-3.0.7-18.el9.site.x86_64.rpm</filename>
              <sum type="sha256">%s</sum>
              <reboot_suggested>True</reboot_suggested>
            </package>
          </collection>
          <collection short="other"><name>Other</name>
            <module name="m" stream="1" version="1" context="c" arch="x86_64"/>
            <package name="openssl-libs" version="3.0.7" release="18.el9.site" arch="x86_64">
              <filename>openssl-libs-3.0.7-18.el9.site.x86_64.rpm</filename>
            </package>
          </collection></pkglist>
        </update>
        <update from="x@example.org" status="stable" type="bugfix" version="2.0">
          <id>SITE-BA:2026:0002</id><title>bugfix</title><issued date="2026-02-01 00:00:00"/>
          <references/><pkglist/>
        </update>
      </updates>
      """.formatted("ab".repeat(32));

  @TempDir Path tmp;

  @Test
  void readsAnAdvisoryAsUpdateinfoHasIt() {
    List<UpdateRecord> read = read(RHSA);
    assertThat(read).hasSize(2);
    UpdateRecord u = read.get(0);
    assertThat(u.id()).isEqualTo("SITE-SA:2026:0001");
    assertThat(u.type()).isEqualTo("security");
    assertThat(u.severity()).isEqualTo("Important");
    assertThat(u.status()).isEqualTo("stable");
    assertThat(u.from()).isEqualTo("linux-team@example.org");
    assertThat(u.issued()).isEqualTo("2026-01-10 12:00:00");
    assertThat(u.updated()).isEqualTo("2026-01-11 08:30:00");
    assertThat(u.description()).isEqualTo("Fixes <things>.");
    assertThat(u.references()).extracting(UpdateRecord.Reference::id).containsExactly("RHSA-2026:0001",
        "CVE-2026-0001");
    assertThat(u.packages()).extracting(p -> p.nevra().toString())
        .containsExactly("openssl-1:3.0.7-18.el9.site.x86_64", "openssl-libs-3.0.7-18.el9.site.x86_64");
    UpdateRecord.Package p = u.packages().get(0);
    assertThat(p.sha256()).isEqualTo("ab".repeat(32));
    assertThat(p.rebootSuggested()).isTrue();
    assertThat(p.src()).isEqualTo("openssl-3.0.7-18.el9.site.src.rpm");
    assertThat(u.packages().get(1).rebootSuggested()).isFalse();
    assertThat(read.get(1).severity()).isNull();
    assertThat(read.get(1).packages()).isEmpty();
  }

  @Test
  void readsBackWhatTheWriterWrote() throws Exception {
    UpdateRecord advisory = RepodataWriterTest.advisory("hello", "3:1.1-2");
    Path out = tmp.resolve("repo");
    Repomd repomd = new RepodataWriter().write(out, List.of(), List.of(advisory), Compression.ZSTD);
    Path file = out.resolve(repomd.entry("updateinfo").orElseThrow().href());
    List<UpdateRecord> read = new ArrayList<>();
    try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file))) {
      UpdateinfoReader.read(in, read::add);
    }
    assertThat(read).containsExactly(advisory);
  }

  @Test
  void badAdvisoriesAreRefused() {
    assertThatThrownBy(() -> read(RHSA.replace("<id>SITE-SA:2026:0001</id>", "")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("without an <id>");
    assertThatThrownBy(() -> read(RHSA.replace("type=\"security\" ", "")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("SITE-SA:2026:0001")
        .hasMessageContaining("type");
    assertThatThrownBy(() -> read(RHSA.substring(0, RHSA.indexOf("<pkglist>") + 30)))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> read(RHSA.replace("<filename>openssl-3", "<filename>../../openssl-3")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("no directories");
    assertThatThrownBy(() -> read(Hostile.billionLaughs("updates")))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("DOCTYPE");
    assertThatThrownBy(() -> read(Hostile.externalEntity("updates", "<update type=\"x\"><id>XXE</id></update>")))
        .isInstanceOf(RepodataFormatException.class).hasMessageNotContaining("root:");
  }

  private static List<UpdateRecord> read(String xml) {
    List<UpdateRecord> read = new ArrayList<>();
    UpdateinfoReader.read(new ByteArrayInputStream(xml.strip().getBytes(StandardCharsets.UTF_8)), read::add);
    return read;
  }
}
