package dev.baton.pipeline.testing;

import dev.baton.pipeline.files.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a tiny noarch package with the real {@code rpmbuild} (Debian's rpm 4.18), for tests: a name, version and
 * release, a file or two with given contents, optional Requires, Provides, epoch and summary.
 *
 * <pre>
 * Path rpm = RpmBuilder.named("hello").version("1.1").file("/usr/share/hello/greeting", "hi").build(dir);
 * </pre>
 *
 * The package lands in {@code dir} as {@code name-version-release.noarch.rpm}; rpmbuild's work tree is a temporary
 * directory below {@code dir}, removed afterwards.
 */
public final class RpmBuilder {

    private final String name;
    private String version = "1.0";
    private String release = "1";
    private Integer epoch;
    private String summary;
    private String description;
    private final Map<String, String> files = new LinkedHashMap<>();
    private final List<String> requires = new ArrayList<>();
    private final List<String> provides = new ArrayList<>();
    private final List<String> changelog = new ArrayList<>();

    private RpmBuilder(String name) {
        this.name = name;
    }

    public static RpmBuilder named(String name) {
        return new RpmBuilder(name);
    }

    public RpmBuilder version(String value) {
        this.version = value;
        return this;
    }

    public RpmBuilder release(String value) {
        this.release = value;
        return this;
    }

    public RpmBuilder epoch(int value) {
        this.epoch = value;
        return this;
    }

    public RpmBuilder summary(String value) {
        this.summary = value;
        return this;
    }

    public RpmBuilder description(String value) {
        this.description = value;
        return this;
    }

    /** A file installed at an absolute path with these contents (default: one file under /usr/share/NAME). */
    public RpmBuilder file(String absolutePath, String contents) {
        if (!absolutePath.startsWith("/")) {
            throw new IllegalArgumentException("a packaged file needs an absolute path: " + absolutePath);
        }
        files.put(absolutePath, contents);
        return this;
    }

    /** A Requires line, e.g. {@code "bash >= 4"}. */
    public RpmBuilder requires(String value) {
        requires.add(value);
        return this;
    }

    /** A Provides line, e.g. {@code "greeting(hello) = 1"}. */
    public RpmBuilder provides(String value) {
        provides.add(value);
        return this;
    }

    /** A %changelog entry's text (dated 2026-01-01, by Baton Tests). */
    public RpmBuilder changelog(String text) {
        changelog.add(text);
        return this;
    }

    /** Runs rpmbuild and returns the package file in {@code dir}. */
    public Path build(Path outDir) {
        Path dir = outDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path top = Files.createTempDirectory(dir, "rpmbuild-");
            try {
                Path sources = Files.createDirectories(top.resolve("SOURCES").resolve(name));
                Map<String, String> contents = files.isEmpty()
                        ? Map.of("/usr/share/" + name + "/README", name + " " + version + "-" + release + "\n")
                        : files;
                StringBuilder install = new StringBuilder();
                StringBuilder list = new StringBuilder();
                int n = 0;
                for (Map.Entry<String, String> file : contents.entrySet()) {
                    String source = "f" + n++;
                    Files.writeString(sources.resolve(source), file.getValue(), StandardCharsets.UTF_8);
                    String target = file.getKey();
                    String parent = target.substring(0, target.lastIndexOf('/'));
                    install.append("mkdir -p %{buildroot}").append(parent.isEmpty() ? "/" : parent).append('\n');
                    install.append("install -m 0644 ").append(sources.resolve(source)).append(" %{buildroot}")
                            .append(target).append('\n');
                    list.append(target).append('\n');
                }
                Path spec = top.resolve(name + ".spec");
                Files.writeString(spec, spec(install.toString(), list.toString()), StandardCharsets.UTF_8);
                ProcessRunner.run(top, Map.of(), List.of("rpmbuild", "-bb", "--nodeps", "--quiet",
                        "--define", "_topdir " + top,
                        "--define", "_build_id_links none",
                        "--define", "__os_install_post %{nil}",
                        spec.toString()));
                String fileName = name + "-" + version + "-" + release + ".noarch.rpm";
                Path built = top.resolve("RPMS").resolve("noarch").resolve(fileName);
                Path out = dir.resolve(fileName);
                Files.move(built, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return out;
            } finally {
                Directories.deleteTree(top);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + name + " with rpmbuild", e);
        }
    }

    private String spec(String install, String list) {
        StringBuilder s = new StringBuilder();
        s.append("Name: ").append(name).append('\n');
        if (epoch != null) {
            s.append("Epoch: ").append(epoch).append('\n');
        }
        s.append("Version: ").append(version).append('\n');
        s.append("Release: ").append(release).append('\n');
        s.append("Summary: ").append(summary == null ? "The " + name + " test package" : summary).append('\n');
        s.append("License: MIT\nURL: https://example.org/").append(name).append('\n');
        s.append("BuildArch: noarch\n");
        requires.forEach(r -> s.append("Requires: ").append(r).append('\n'));
        provides.forEach(p -> s.append("Provides: ").append(p).append('\n'));
        s.append("\n%description\n").append(description == null ? "A package built by Baton's tests." : description)
                .append("\n\n%install\n").append(install)
                .append("\n%files\n").append(list);
        if (!changelog.isEmpty()) {
            s.append("\n%changelog\n");
            for (String text : changelog) {
                s.append("* Thu Jan 01 2026 Baton Tests <tests@example.org> - ").append(version).append('-')
                        .append(release).append("\n- ").append(text).append("\n\n");
            }
        }
        return s.toString();
    }
}
