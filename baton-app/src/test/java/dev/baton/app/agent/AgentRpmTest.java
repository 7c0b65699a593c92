package dev.baton.app.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.app.ChildJvm;
import dev.baton.app.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baton-agent RPM, built by {@code packaging/rpm/build.sh} from the packaged agent jar, checked with
 * {@code rpm -qp}, published through Baton's own repositories and installed with Debian's {@code dnf} into an empty
 * installroot; then a second build is installed over it and keeps the configuration file a person changed
 * ({@code %config(noreplace)}).
 *
 * <p>The repository is a real Baton server's ({@link #repository}): a site key, a repository signed with it, the
 * built files uploaded with {@code baton repo add agent --file} (unsigned, so Baton signs its copies), published and
 * served under {@code /repos/agent/}; dnf reads it with {@code gpgcheck=1} and {@code repo_gpgcheck=1} against the
 * key {@code baton key export} printed.
 *
 * <p>The Java runtime the package requires cannot come from an empty installroot: the test builds a stand-in
 * {@code java-21-openjdk-headless} (which also provides {@code /bin/sh}, the launcher's interpreter) and puts it in
 * the same repository, so dnf's resolver has to find and pick it.
 */
class AgentRpmTest {

    private static final Path ROOT = projectRoot();
    private static final Path AGENT_JAR = ROOT.resolve("baton-agent/target/baton-agent.jar");
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(3);

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
        try (ServerProcess baton = batonServer()) {
            PackageRepository repository = repository(baton);
            String baseUrl = repository.publish(List.of(first, standIn));
            Path installRoot = work.resolve("root");
            dnf(installRoot, baseUrl, "install", "baton-agent");
            installedAndUpgraded(installRoot, repository, rpms);
        }
    }

    private void installedAndUpgraded(Path installRoot, PackageRepository repository, Path rpms) throws Exception {
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

    /** A real Baton server process on its own data directory, with a signing passphrase. */
    private ServerProcess batonServer() throws IOException {
        Path passphrase = work.resolve("signing.pass");
        Files.writeString(passphrase, "agent rpm test signing passphrase\n");
        Files.setPosixFilePermissions(passphrase, PosixFilePermissions.fromString("rw-------"));
        return ServerProcess.embedded(work.resolve("baton-data"), "--signing-passphrase-file", passphrase.toString())
                .start();
    }

    /**
     * The repository the packages are installed from: Baton's {@code agent}, signed with the site key {@code site}.
     * Each publish uploads the files with {@code baton repo add agent --file}, waits for {@code baton repo publish}
     * and answers the server's {@code /repos/agent/}; the site's public key goes to {@code site.asc} for dnf.
     */
    private PackageRepository repository(ServerProcess baton) throws IOException {
        String url = baton.url().toString();
        baton("key create", url, "key", "create", "site");
        ChildJvm.Result exported = baton("key export", url, "key", "export", "site");
        Files.writeString(work.resolve("site.asc"), exported.out());
        baton("repo create", url, "repo", "create", "agent", "--sign-with", "site");
        return rpms -> {
            List<String> add = new ArrayList<>(List.of("repo", "add", "agent"));
            for (Path rpm : rpms) {
                add.add("--file");
                add.add(rpm.toString());
            }
            ChildJvm.Result added = baton("repo add", url, add.toArray(String[]::new));
            assertThat(added.out()).contains("agent version");
            rpms.forEach(rpm -> assertThat(added.out()).contains(rpm.getFileName().toString().replace(".rpm", "")
                    + " signed_copy"));
            ChildJvm.Result published = baton("repo publish", url, "repo", "publish", "agent");
            assertThat(published.out()).contains("succeeded");
            return url + "/repos/agent/";
        };
    }

    /** {@code baton ARGS --server URL} as the admin; it must exit 0. */
    private static ChildJvm.Result baton(String what, String url, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--server", url));
        ChildJvm.Result result = ChildJvm.run(Map.of("BATON_ADMIN_PASSWORD", ServerProcess.ADMIN_PASSWORD), CLI_TIMEOUT,
                all.toArray(String[]::new));
        assertThat(result.exit()).as("baton %s: %s", what, result).isZero();
        return result;
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

    /**
     * Debian's dnf on an installroot, reading only the test's repository, as a host would: packages and repomd.xml
     * checked against the site key ({@code gpgcheck=1}, {@code repo_gpgcheck=1}).
     */
    private void dnf(Path installRoot, String baseUrl, String... command) throws Exception {
        Path repos = work.resolve("yum.repos.d");
        Files.createDirectories(repos);
        Files.writeString(repos.resolve("test.repo"), "[test]\nname=test\nbaseurl=" + baseUrl + "\ngpgcheck=1\n"
                + "repo_gpgcheck=1\ngpgkey=" + work.resolve("site.asc").toUri() + "\nmetadata_expire=0\n");
        List<String> cmd = new ArrayList<>(List.of("dnf", "-y", "--installroot", installRoot.toString(), "--releasever", "9",
                "--setopt=reposdir=" + repos, "--setopt=cachedir=" + work.resolve("dnf-cache"),
                "--setopt=install_weak_deps=False", "--noplugins", "--refresh"));
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
