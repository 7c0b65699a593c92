package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.pipeline.rpm.RpmFormatException;
import dev.baton.pipeline.testing.RpmBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFilesTest {
  @TempDir static Path repo;
  static List<String> hrefs = new ArrayList<>();

  @BeforeAll
  static void packages() {
    for (int i = 0; i < 6; i++) {
      Path rpm = RpmBuilder.named("p" + i).version("1." + i).build(repo.resolve("Packages"));
      hrefs.add("Packages/" + rpm.getFileName());
    }
  }

  @Test
  void readsInParallelAndHandsOverInOrder() throws Exception {
    List<PackageMetadata> sequential = new ArrayList<>();
    for (String href : hrefs) {
      sequential.add(PackageMetadata.read(repo.resolve(href), href));
    }
    PackageFiles files = new PackageFiles(repo, hrefs, 3);
    assertThat(files).hasSize(6);
    assertThat(new ArrayList<>(files)).isEqualTo(sequential);
    assertThat(new ArrayList<>(files)).as("a second iteration reads again").isEqualTo(sequential);
  }

  @Test
  void aFileThatIsNotAPackageEndsTheIterationNamingIt() throws Exception {
    byte[] good = Files.readAllBytes(repo.resolve(hrefs.get(0)));
    Files.write(repo.resolve("Packages/truncated-1-1.noarch.rpm"), Arrays.copyOf(good, 200));
    List<String> withBad = new ArrayList<>(hrefs);
    withBad.add(2, "Packages/truncated-1-1.noarch.rpm");
    assertThatThrownBy(() -> new ArrayList<>(new PackageFiles(repo, withBad, 2)))
        .isInstanceOf(RpmFormatException.class).hasMessageContaining("truncated-1-1.noarch.rpm");
    Path out = repo.resolve("out");
    assertThatThrownBy(() -> new RepodataWriter().write(out, new PackageFiles(repo, withBad, 2), List.of(),
        Compression.GZ)).isInstanceOf(RpmFormatException.class);
    assertThat(out.resolve("repodata")).doesNotExist();
  }

  @Test
  void anUnsafeHrefIsRefused() {
    assertThatThrownBy(() -> new ArrayList<>(new PackageFiles(repo, List.of("../outside.rpm"), 1)))
        .isInstanceOf(RepodataFormatException.class).hasMessageContaining("../outside.rpm");
  }
}
