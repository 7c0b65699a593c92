package dev.baton.pipeline.repodata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real tools the repodata tests compare with: rpmbuild for small noarch packages, createrepo_c for reference
 * metadata, the xz/bzip2/zstd commands for recompressing it. (Until engineer rpm's RpmBuilder fixture is merged,
 * packages are built here.)
 */
final class Tools {
  private Tools() {
  }

  /** Runs a command in {@code dir}; its output when it exits 0, else an AssertionError with the output. */
  static String run(Path dir, String... command) {
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " timed out");
      }
      if (p.exitValue() != 0) {
        throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Builds {@code name-version-release.noarch.rpm} into {@code outDir} with rpmbuild: an executable under
   * /usr/bin, a config file under /etc, a data file, a changelog entry, and {@code extraTags} (spec lines such as
   * "Requires: bash >= 4"). Returns the package file.
   */
  static Path rpm(Path outDir, String name, String version, String release, String... extraTags) {
    try {
      Path top = Files.createTempDirectory(outDir.getParent() == null ? outDir : outDir.getParent(), "rpmbuild");
      List<String> spec = new ArrayList<>(List.of(
          "Name: " + name, "Version: " + version, "Release: " + release,
          "Summary: " + name + " <test> & package", "License: MIT", "URL: https://example.org/" + name,
          "BuildArch: noarch"));
      spec.addAll(List.of(extraTags));
      spec.addAll(List.of(
          "%description", "The " + name + " test package & more.",
          "%install",
          "mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/" + name + " %{buildroot}/usr/share/" + name,
          "printf '#!/bin/sh\\necho " + name + "\\n' > %{buildroot}/usr/bin/" + name,
          "chmod 755 %{buildroot}/usr/bin/" + name,
          "echo x > %{buildroot}/etc/" + name + "/" + name + ".conf",
          "echo " + version + " > %{buildroot}/usr/share/" + name + "/data",
          "%post", "true",
          "%files", "/usr/bin/" + name, "%dir /etc/" + name,
          "%config(noreplace) /etc/" + name + "/" + name + ".conf", "/usr/share/" + name,
          "%changelog", "* Mon Jan 05 2026 Tester <t@example.org> - " + version + "-" + release,
          "- first <release> of " + name, ""));
      Path specFile = top.resolve(name + ".spec");
      Files.write(specFile, spec);
      run(top, "rpmbuild", "-bb", "--quiet", "--define", "_topdir " + top, specFile.toString());
      Files.createDirectories(outDir);
      Path built = top.resolve("RPMS/noarch/" + name + "-" + version + "-" + release + ".noarch.rpm");
      return Files.copy(built, outDir.resolve(built.getFileName()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** createrepo_c over {@code repo} (no sqlite databases): returns the repodata directory. */
  static Path createrepo(Path repo) {
    run(repo, "createrepo_c", "-q", "--no-database", repo.toString());
    return repo.resolve("repodata");
  }

  /** The one file in {@code repodata} whose name ends with {@code suffix}. */
  static Path file(Path repodata, String suffix) {
    try (var files = Files.list(repodata)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst()
          .orElseThrow(() -> new AssertionError("no *" + suffix + " in " + repodata));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
