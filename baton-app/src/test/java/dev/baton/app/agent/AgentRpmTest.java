package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baton-agent RPM, built by {@code packaging/rpm/build.sh} from the packaged agent jar, checked with
 * {@code rpm -qp}, put in a dnf repository and installed with Debian's {@code dnf} into an empty installroot; then a
 * second build is installed over it and keeps the configuration file a person changed ({@code %config(noreplace)}).
 *
 * <p>The Java runtime the package requires cannot come from an empty installroot: the test builds a stand-in
 * {@code java-21-openjdk-headless} (which also provides {@code /bin/sh}, the launcher's interpreter) and puts it in
 * the same repository, so dnf's resolver has to find and pick it. Where the repository comes from is one call,
 * {@link #repository}: today {@code createrepo_c} over a directory; Baton's own publication can replace it.
 */
class AgentRpmTest {

    private static final Path ROOT = projectRoot();
    private static final Path AGENT_JAR = ROOT.resolve("baton-agent/target/baton-agent.jar");

    @TempDir
    Path work;

    /** A dnf repository the test's packages are put into, and the baseurl dnf reads it from. */
    interface PackageRepository {
        /** Makes {@code rpms} (and what the repository held before) available; returns the baseurl. */
        String publish(List<Path> rpms) throws Exception;
    }

    @Test
    void theRpmHoldsTheAgentAndInstallsWithDnfKeepingAChangedConfigOnUpgrade() throws Exception {
        assertThat(AGENT_JAR).as("the packaged agent (./mvnw -pl baton-agent -am package)").exists();
        Path rpms = work.resolve("rpms");
        Path first = buildAgentRpm("1", ROOT.resolve("baton-agent/src/dist/agent.ini"), rpms);
        assertThat(first.getFileName().toString()).isEqualTo("baton-agent-0.1.0-1.noarch.rpm");

        // what the package holds, needs and runs
        assertThat(lines(run("rpm", "-qpl", first.toString()))).contains(
                "/usr/bin/baton-agent", "/usr/lib/baton-agent/baton-agent.jar",
                "/usr/lib/systemd/system/baton-agent.service", "/usr/lib/systemd/system/baton-agent.timer",
                "/usr/lib/systemd/system/baton-agent-boot.service", "/etc/baton-agent/agent.ini",
                "/etc/baton-agent/update.d", "/var/cache/baton-agent", "/usr/share/doc/baton-agent/agent.md",
                "/usr/share/doc/baton-agent/agent-rpm.md");
        assertThat(lines(run("rpm", "-qpc", first.toString()))).containsExactly("/etc/baton-agent/agent.ini");
        assertThat(run("rpm", "-qp", "--qf", "[%{FILENAMES} %{FILEFLAGS:fflags}\n]", first.toString()))
                .contains("/etc/baton-agent/agent.ini cn");
        assertThat(run("rpm", "-qp", "--qf", "%{ARCH}", first.toString())).isEqualTo("noarch");
        assertThat(lines(run("rpm", "-qp", "--requires", first.toString())))
                .contains("(java-21-openjdk-headless or java-25-openjdk-headless or java-latest-openjdk-headless)");
        String scripts = run("rpm", "-qp", "--scripts", first.toString());
        assertThat(scripts).contains("preuninstall scriptlet (using <lua>)", "\"disable\", \"--now\"", "baton-agent.timer")
                .doesNotContain("postinstall"); // the package never enables the timer: the config comes first

        // a repository with the agent and the stand-in runtime; dnf resolves the Java dependency to the stand-in
        Path standIn = buildStandIn(rpms);
        PackageRepository repository = repository(work.resolve("repo"));
        String baseUrl = repository.publish(List.of(first, standIn));
        Path installRoot = work.resolve("root");
        dnf(installRoot, baseUrl, "install", "baton-agent");
        assertThat(run("rpm", "--root", installRoot.toString(), "-q", "baton-agent", "java-21-openjdk-headless"))
                .contains("baton-agent-0.1.0-1.noarch", "java-21-openjdk-headless-21-0.standin.noarch");

        Path launcher = installRoot.resolve("usr/bin/baton-agent");
        assertThat(launcher).isExecutable();
        assertThat(installRoot.resolve("usr/lib/baton-agent/baton-agent.jar")).hasSameBinaryContentAs(AGENT_JAR);
        assertThat(installRoot.resolve("usr/lib/systemd/system/baton-agent.timer")).content().contains("OnCalendar=hourly");
        assertThat(installRoot.resolve("usr/lib/systemd/system/baton-agent.service")).content()
                .contains("ExecStart=/usr/bin/baton-agent run");
        Path config = installRoot.resolve("etc/baton-agent/agent.ini");
        assertThat(config).content().contains("[baton]", "reboot_cmd = systemctl reboot");
        assertThat(installRoot.resolve("etc/baton-agent/needs_update.d")).isDirectory();

        // the installed launcher finds the installed jar and runs it: the default config is refused, plainly
        String checked = run(List.of(launcher.toString(), "check-config", "--cfg", config.toString()), 1,
                Map.of("JAVA_HOME", System.getProperty("java.home")));
        assertThat(checked).contains("lock_name: required key is missing").doesNotContain("Exception");

        // a person edits the config; the next build ships another default: the upgrade keeps the person's file
        Files.writeString(config, "\nlock_name = web\n", java.nio.file.StandardOpenOption.APPEND);
        Path changedDefault = work.resolve("agent.ini");
        Files.writeString(changedDefault, Files.readString(ROOT.resolve("baton-agent/src/dist/agent.ini")) + "; the second build\n");
        Path second = buildAgentRpm("2", changedDefault, rpms);
        dnf(installRoot, repository.publish(List.of(second)), "upgrade", "baton-agent");
        assertThat(run("rpm", "--root", installRoot.toString(), "-q", "baton-agent")).isEqualTo("baton-agent-0.1.0-2.noarch");
        assertThat(config).content().contains("lock_name = web").doesNotContain("the second build");
        assertThat(installRoot.resolve("etc/baton-agent/agent.ini.rpmnew")).content().contains("the second build");
    }

    @Test
    void theBuildScriptSaysWhatIsMissing() throws Exception {
        String out = run(List.of(ROOT.resolve("packaging/rpm/build.sh").toString(), "--jar", work.resolve("none.jar").toString()),
                2, Map.of());
        assertThat(out).contains("no agent jar at " + work.resolve("none.jar")).contains("./mvnw -pl baton-agent -am package");
        out = run(List.of(ROOT.resolve("packaging/rpm/build.sh").toString(), "--jar", AGENT_JAR.toString(), "--version", "0.1.0", "--release", "1-2"), 2,
                Map.of());
        assertThat(out).contains("may only hold letters, digits and ._+~^");
    }

    /**
     * The repository the packages are installed from: {@code createrepo_c} over a directory, served as a
     * {@code file://} baseurl. Switching to Baton's own publication replaces this one method (a server, a
     * repository, {@code repo add} of the files, and the server's {@code /repos/<name>/} as the baseurl).
     */
    private static PackageRepository repository(Path dir) throws IOException {
        Files.createDirectories(dir);
        return rpms -> {
            for (Path rpm : rpms) {
                Files.copy(rpm, dir.resolve(rpm.getFileName()));
            }
            run("createrepo_c", "--quiet", "--update", dir.toString());
            return dir.toUri().toString();
        };
    }

    private Path buildAgentRpm(String release, Path config, Path out) throws Exception {
        String path = run(ROOT.resolve("packaging/rpm/build.sh").toString(), "--jar", AGENT_JAR.toString(),
                "--config", config.toString(), "--out", out.toString(), "--version", "0.1.0", "--release", release);
        return Path.of(path);
    }

    /** A package named as EL's JDK 21 runtime, with nothing in it, that also provides the shell. */
    private Path buildStandIn(Path out) throws Exception {
        Path spec = work.resolve("standin.spec");
        Files.writeString(spec, """
                Name: java-21-openjdk-headless
                Version: 21
                Release: 0.standin
                Summary: a stand-in for the Java runtime, in tests only
                License: none
                BuildArch: noarch
                Provides: /bin/sh
                %description
                Stands in for EL's Java runtime and shell in an empty installroot.
                %files
                """);
        run("rpmbuild", "-bb", "--quiet", "--define", "_topdir " + work.resolve("standin-top"), "--define", "_rpmdir " + out,
                "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm", spec.toString());
        return out.resolve("java-21-openjdk-headless-21-0.standin.noarch.rpm");
    }

    /** Debian's dnf on an installroot, reading only the test's repository. */
    private void dnf(Path installRoot, String baseUrl, String... command) throws Exception {
        Path repos = work.resolve("yum.repos.d");
        Files.createDirectories(repos);
        Files.writeString(repos.resolve("test.repo"), "[test]\nname=test\nbaseurl=" + baseUrl + "\ngpgcheck=0\nmetadata_expire=0\n");
        List<String> cmd = new ArrayList<>(List.of("dnf", "-y", "--installroot", installRoot.toString(), "--releasever", "9",
                "--setopt=reposdir=" + repos, "--nogpgcheck", "--setopt=install_weak_deps=False", "--refresh"));
        cmd.addAll(List.of(command));
        run(cmd, 0, Map.of());
    }

    private static List<String> lines(String s) {
        return s.lines().toList();
    }

    private static String run(String... command) throws Exception {
        return run(List.of(command), 0, Map.of());
    }

    /** Runs a command, expecting {@code exit}; returns stdout and stderr together, trimmed. */
    private static String run(List<String> command, int exit, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end in 5 minutes\n" + out);
        }
        assertThat(p.exitValue()).as(command + " printed:\n" + out).isEqualTo(exit);
        return out;
    }

    private static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("packaging/rpm/build.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("packaging/rpm/build.sh not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
