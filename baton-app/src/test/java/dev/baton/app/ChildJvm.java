package dev.baton.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.baton.app.Main} in a child JVM on this JVM's class path (less the test classes), the way an
 * operator runs {@code baton}: its own process, its own environment, its exit code. Every child is tracked and killed
 * when this JVM exits, so an aborted test never leaves a server behind.
 */
public final class ChildJvm {

    /**
     * Every child: a small GC, the JDK's class data sharing, and the native access the shaded jar's manifest
     * grants (SQLite's JNI library), so the JDK prints no warning.
     */
    private static final List<String> BASE = List.of("-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED");
    /**
     * The admin CLI starts faster with C1 only. Not the server: C1 makes its password hashing (PBKDF2, 600,000
     * rounds, at every first login) about ten times slower.
     */
    private static final List<String> CLI_ONLY = List.of("-XX:TieredStopAtLevel=1", "-Xss512k");
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "child-jvm-reaper"));
    }

    /** What a finished child did. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private ChildJvm() {
    }

    /** The command line of {@code java ... dev.baton.app.Main args}, on the product's class path. */
    static List<String> command(List<String> jvmOptions, List<String> args) {
        return command(productClassPath(), Main.class.getName(), jvmOptions, args);
    }

    static List<String> command(String classPath, String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(BASE);
        if (args.isEmpty() || !args.getFirst().equals("server")) {
            command.addAll(CLI_ONLY);
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * This JVM's class path without test classes and test jars, whose resources (a {@code logback-test.xml})
     * would change how the program behaves: the children run what ships.
     */
    static String productClassPath() {
        List<String> product = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.equals("test-classes") && !name.endsWith("-tests.jar")) {
                product.add(entry);
            }
        }
        return String.join(File.pathSeparator, product);
    }

    /**
     * A process builder for {@code baton args}, with no {@code BATON_*} variable inherited from this JVM
     * (they would change what the child does) and {@code env} added.
     */
    static ProcessBuilder builder(Map<String, String> env, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder(command(List.of(), args));
        pb.environment().keySet().removeIf(k -> k.startsWith("BATON_"));
        pb.environment().putAll(env);
        return pb;
    }

    /** Starts a child and tracks it until it exits. */
    static Process start(ProcessBuilder pb) {
        try {
            Process p = pb.start();
            LIVE.add(p);
            p.onExit().thenRun(() -> LIVE.remove(p));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + pb.command().getFirst(), e);
        }
    }

    /** Runs {@code baton args} to its end (killed after {@code timeout}) and returns its exit code and output. */
    public static Result run(Map<String, String> env, Duration timeout, String... args) {
        return runAsync(env, timeout, args).join();
    }

    /** Starts {@code baton args}; the future completes when it exits (or is killed after {@code timeout}). */
    static CompletableFuture<Result> runAsync(Map<String, String> env, Duration timeout, String... args) {
        File out;
        File err;
        try {
            out = File.createTempFile("baton-cli-", ".out");
            err = File.createTempFile("baton-cli-", ".err");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessBuilder pb = builder(env, List.of(args)).redirectOutput(out).redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = start(pb);
        return CompletableFuture.supplyAsync(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("baton " + String.join(" ", args) + " did not finish within " + timeout
                            + "\n" + read(out.toPath()) + read(err.toPath()));
                }
                return new Result(p.exitValue(), read(out.toPath()), read(err.toPath()));
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } finally {
                out.delete();
                err.delete();
            }
        }, task -> Thread.ofPlatform().daemon().name("child-jvm-wait").start(task));
    }

    /** Errors are one clear line for people, never a Java stack trace. */
    static void assertNoStackTrace(ChildJvm.Result result) {
        assertThat(result.err()).as("stderr of %s", result)
                .doesNotContainPattern("(?m)^\\s+at [\\w$.]+\\(")                   // a stack frame
                .doesNotContainPattern("\\b[a-z]\\w*(\\.\\w+)+(Exception|Error)\\b") // a qualified exception class
                .doesNotContain("Caused by");
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
