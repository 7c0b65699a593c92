package dev.baton.pipeline.repodata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.pipeline.testing.RpmBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof that counts: Debian's real dnf, in an installroot, reads a repository whose metadata Baton wrote (no
 * createrepo_c involved), lists and installs from it, and shows and applies an advisory from its updateinfo.xml.
 */
class DnfReadsWrittenRepositoryTest {
  @TempDir Path tmp;

  @Test
  void dnfListsInstallsAndUpdatesByAdvisory() throws Exception {
    Path repo = tmp.resolve("repo");
    Path packages = Files.createDirectories(repo.resolve("Packages"));
    RpmBuilder.named("hello").version("1.0").release("1").build(packages);
    RpmBuilder.named("hello").version("1.1").release("1").build(packages);
    RpmBuilder.named("world").version("2.0").release("1").requires("hello >= 1.1").build(packages);
    List<PackageMetadata> metadata = new ArrayList<>();
    for (String f : List.of("hello-1.0-1.noarch.rpm", "hello-1.1-1.noarch.rpm", "world-2.0-1.noarch.rpm")) {
      metadata.add(PackageMetadata.read(packages.resolve(f), "Packages/" + f));
    }
    new RepodataWriter().write(repo, metadata, List.of(RepodataWriterTest.advisory("hello", "1.1-1")),
        Compression.GZ);

    Path root = Files.createDirectories(tmp.resolve("root"));
    Path reposd = Files.createDirectories(tmp.resolve("repos.d"));
    Files.writeString(reposd.resolve("site.repo"), "[site]\nname=Site\nbaseurl=file://" + repo
        + "\nenabled=1\ngpgcheck=0\nrepo_gpgcheck=0\nmetadata_expire=0\n");

    dnf(root, reposd, "makecache");
    assertThat(dnf(root, reposd, "list", "--available", "--showduplicates"))
        .contains("hello.noarch", "1.0-1", "1.1-1", "world.noarch", "2.0-1");
    dnf(root, reposd, "install", "hello-1.0-1");
    assertThat(rpmQuery(root)).contains("hello-1.0-1.noarch");

    assertThat(dnf(root, reposd, "updateinfo", "list"))
        .contains("SITE-SA:2026:0001", "Important/Sec.", "hello-1.1-1.noarch");
    assertThat(dnf(root, reposd, "updateinfo", "info", "SITE-SA:2026:0001"))
        .contains("Important: hello security update", "CVE-2026-0001");
    dnf(root, reposd, "upgrade", "--advisory", "SITE-SA:2026:0001");
    assertThat(rpmQuery(root)).contains("hello-1.1-1.noarch").doesNotContain("hello-1.0-1");

    dnf(root, reposd, "install", "world");
    assertThat(rpmQuery(root)).contains("world-2.0-1.noarch");
  }

  private static String dnf(Path root, Path reposd, String... args) {
    List<String> command = new ArrayList<>(List.of("dnf", "-y", "--installroot", root.toString(), "--releasever", "9",
        "--setopt=reposdir=" + reposd, "--disablerepo=*", "--enablerepo=site",
        "--setopt=install_weak_deps=0"));
    command.addAll(List.of(args));
    return Tools.run(root, command.toArray(String[]::new));
  }

  private static String rpmQuery(Path root) {
    return Tools.run(root, "rpm", "--root", root.toString(), "-qa");
  }
}
