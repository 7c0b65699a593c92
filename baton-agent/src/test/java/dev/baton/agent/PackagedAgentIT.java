package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed program, after {@code package}: {@code target/baton-agent.jar} (shaded) holds the agent and its few
 * libraries and nothing of the server, runs on its own, and the launcher {@code src/dist/baton-agent} starts it with
 * the AOT cache the build made ({@code target/baton-agent.aot}) when this JVM made it. Run by failsafe in
 * {@code integration-test}, so by {@code ./run-tests} ({@code mvn verify}) and {@code mvn install}.
 */
class PackagedAgentIT {

    /** Where every class of the jar must come from: the agent, the native API client, Jackson, picocli. */
    static final List<String> ALLOWED = List.of("dev/baton/agent/", "dev/baton/client/", "com/fasterxml/jackson/", "picocli/");
    /** The server side, named so a failure says what leaked in. */
    static final List<String> FORBIDDEN = List.of("dev/baton/server/", "dev/baton/store/", "dev/baton/web/", "dev/baton/lock/",
            "dev/baton/auth/", "io/javalin/", "org/jdbi/", "org/sqlite/", "org/eclipse/jetty/", "org/flywaydb/", "com/zaxxer/",
            "org/postgresql/", "io/micrometer/", "ch/qos/logback/", "org/slf4j/", "org/bouncycastle/");

    static Path jar;
    static Path launcher;

    @BeforeAll
    static void find() {
        jar = Path.of(System.getProperty("baton.agent.jar", "target/baton-agent.jar")).toAbsolutePath();
        launcher = Path.of("src/dist/baton-agent").toAbsolutePath();
        assertThat(jar).as("the shaded jar (mvn package)").isRegularFile();
    }

    @Test
    void theJarHoldsTheAgentAndItsFewLibrariesAndNoServerCode() throws IOException {
        List<String> classes = new ArrayList<>();
        String mainClass;
        try (JarFile j = new JarFile(jar.toFile())) {
            mainClass = j.getManifest().getMainAttributes().getValue("Main-Class");
            for (JarEntry e : j.stream().toList()) {
                String n = e.getName().replaceFirst("^META-INF/versions/\\d+/", "");
                if (n.endsWith(".class") && !n.equals("module-info.class")) {
                    classes.add(n);
                }
            }
        }
        assertThat(mainClass).isEqualTo("dev.baton.agent.AgentMain");
        assertThat(classes).contains("dev/baton/agent/AgentMain.class", "dev/baton/client/BatonClient.class");
        for (String forbidden : FORBIDDEN) {
            assertThat(classes).as("classes under " + forbidden).noneMatch(c -> c.startsWith(forbidden));
        }
        TreeSet<String> strangers = new TreeSet<>();
        classes.stream().filter(c -> ALLOWED.stream().noneMatch(c::startsWith)).map(c -> c.substring(0, c.lastIndexOf('/') + 1))
                .forEach(strangers::add);
        assertThat(strangers).as("packages that are none of " + ALLOWED).isEmpty();
        assertThat(Files.size(jar)).as("a small artifact").isLessThan(5L * 1024 * 1024);
    }

    @Test
    void theJarRunsOnItsOwn(@TempDir Path dir) throws Exception {
        Run version = run(List.of(java(), "-jar", jar.toString(), "--version"), Map.of());
        assertThat(version.exit()).as(version.toString()).isZero();
        assertThat(version.out()).startsWith("baton-agent ").doesNotContain("development build");

        Path cfg = nothingToDo(dir);
        Run idle = run(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(), "run", "--cfg", cfg.toString()),
                Map.of());
        assertThat(idle.exit()).as(idle.toString()).isZero();
        assertThat(idle.err()).contains("no updates available");
    }

    @Test
    void theLauncherRunsTheJarWithTheAotCacheTheBuildMade(@TempDir Path dir) throws Exception {
        Path cache = jar.resolveSibling("baton-agent.aot");
        assumeTrue(Files.exists(cache), "no AOT cache: built with a JDK before 25, or -Dbaton.agent.aot.skip=true");
        assertThat(Files.readString(jar.resolveSibling("baton-agent.aot.jvm")).strip()).isEqualTo(System.getProperty("java.runtime.version"));
        Path cfg = nothingToDo(dir);
        // the JVM that made the cache (this one); class loading logged to stderr says where each class came from
        Map<String, String> env = Map.of("BATON_AGENT_JAR", jar.toString(), "BATON_AGENT_JAVA", java(),
                "BATON_AGENT_JAVA_OPTS", "-Xlog:class+load=info:stderr");
        Run r = run(List.of(launcher.toString(), "run", "--cfg", cfg.toString()), env);
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("no updates available")
                .containsPattern("dev\\.baton\\.agent\\.AgentMain source: shared objects file")
                .containsPattern("dev\\.baton\\.agent\\.phase\\.UpdateWorkflow source: shared objects file")
                .doesNotContain("[warning]").doesNotContain("[error");
        assertThat(r.out()).isEmpty(); // JVM messages never go to the agent's stdout

        // turned off: the JDK's own CDS archive, the agent's classes from the jar
        Map<String, String> off = new java.util.HashMap<>(env);
        off.put("BATON_AGENT_AOT", "0");
        Run plain = run(List.of(launcher.toString(), "run", "--cfg", cfg.toString()), off);
        assertThat(plain.exit()).as(plain.toString()).isZero();
        assertThat(plain.err()).containsPattern("dev\\.baton\\.agent\\.AgentMain source: (file|jar):");
    }

    @Test
    void withoutAnAotCacheForItsJvmTheLauncherHasTheJvmMakeAClassDataArchive(@TempDir Path dir) throws Exception {
        Path cfg = nothingToDo(dir);
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Path copy = Files.copy(jar, lib.resolve("baton-agent.jar")); // no baton-agent.aot next to it
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = Map.of("BATON_AGENT_JAR", copy.toString(), "BATON_AGENT_JAVA", java(),
                "BATON_AGENT_CDS_DIR", cache.toString(), "BATON_AGENT_JAVA_OPTS", "-Xlog:class+load=info:stderr");
        Run first = run(List.of(launcher.toString(), "run", "--cfg", cfg.toString()), env);
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(first.err()).doesNotContain("[warning]").doesNotContain("[error");
        try (var files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(
                    "baton-agent-" + System.getProperty("java.runtime.version") + ".jsa");
        }
        Run second = run(List.of(launcher.toString(), "run", "--cfg", cfg.toString()), env);
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(second.err()).contains("dev.baton.agent.AgentMain source: shared objects file (top)");
        assertThat(second.out()).isEmpty();
    }

    @Test
    void theLauncherSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Run noJar = run(List.of(launcher.toString(), "--version"), Map.of("BATON_AGENT_JAR", dir.resolve("none.jar").toString()));
        assertThat(noJar.exit()).isEqualTo(2);
        assertThat(noJar.err()).contains("cannot find baton-agent.jar");

        Path oldJava = dir.resolve("jdk17");
        Files.createDirectories(oldJava.resolve("bin"));
        Files.writeString(oldJava.resolve("release"), "JAVA_VERSION=\"17.0.12\"\nJAVA_RUNTIME_VERSION=\"17.0.12+7\"\n");
        Path fake = oldJava.resolve("bin/java");
        Files.writeString(fake, "#!/bin/sh\nexit 99\n");
        fake.toFile().setExecutable(true);
        Run tooOld = run(List.of(launcher.toString(), "--version"), Map.of("BATON_AGENT_JAR", jar.toString(), "BATON_AGENT_JAVA", fake.toString()));
        assertThat(tooOld.exit()).isEqualTo(2);
        assertThat(tooOld.err()).contains("no Java 21 or newer");

        Run ok = run(List.of(launcher.toString(), "--version"), Map.of("BATON_AGENT_JAR", jar.toString(), "BATON_AGENT_JAVA", java()));
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).startsWith("baton-agent ");
    }

    @Test
    void theSystemdUnitsAreValid(@TempDir Path dir) throws Exception {
        Path analyze = Path.of("/usr/bin/systemd-analyze");
        assumeTrue(Files.isExecutable(analyze), "no systemd-analyze here");
        List<String> command = new ArrayList<>(List.of(analyze.toString(), "verify"));
        try (var units = Files.list(Path.of("src/dist/systemd"))) {
            for (Path unit : units.sorted().toList()) {
                // the launcher is not installed here; systemd checks that ExecStart's program exists
                Path copy = dir.resolve(unit.getFileName());
                Files.writeString(copy, Files.readString(unit).replace("/usr/bin/baton-agent", "/bin/true"));
                command.add(copy.toString());
            }
        }
        assertThat(command).hasSize(5);
        Run r = run(command, Map.of());
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(dir.toString());
    }

    // ------------------------------------------------------------------ helpers

    /** A config whose needs_update scripts all exit 0: the timer run with nothing to do. */
    static Path nothingToDo(Path dir) {
        TestFiles.script(dir.resolve("needs_update.d"), "10-apt", "exit 0");
        TestFiles.script(dir.resolve("needs_update.d"), "20-firmware", "exit 0");
        Path cfg = dir.resolve("agent.ini");
        TestFiles.write(cfg, "[baton]\nprotocol = none\nlock_name = web\nholder = it.example.com\nbase_dir = " + dir + "\nstate = "
                + dir.resolve("state") + "\nlock = " + dir.resolve("lock") + "\nlog = " + dir.resolve("agent.log") + "\nreboot_cmd = true\n");
        return cfg;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Run run(List<String> command, Map<String, String> env) throws Exception {
        File out = File.createTempFile("agent-it", ".out");
        File err = File.createTempFile("agent-it", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("BATON_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish in 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8), Files.readString(err.toPath(), StandardCharsets.UTF_8));
        } finally {
            out.delete();
            err.delete();
        }
    }
}
