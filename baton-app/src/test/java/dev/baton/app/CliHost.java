package dev.baton.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs many {@code baton} command lines in one child JVM, so a test of the admin CLI does not pay a JVM start
 * (over a second of CPU here) per command. The child has its own environment, which is where the CLI reads
 * its credentials; each command line goes through {@link Main#run} (what {@code main} calls before
 * {@code System.exit}) with {@code System.out} and {@code System.err} captured, exactly as picocli writes them.
 *
 * <p>Protocol: the test writes one JSON array of arguments per line to the child's stdin; the child answers
 * with one line {@value #MARKER}{@code {"exit":N,"out":"...","err":"..."}} on stdout. Anything else on stdout
 * (a command run by {@code lock run} inherits it) is ignored.
 */
final class CliHost implements AutoCloseable {

    static final String MARKER = "@@baton-cli-host@@ ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    /** Starts a host whose commands see {@code env} (and no inherited {@code BATON_*} variable). */
    CliHost(Map<String, String> env) {
        // The whole test class path: this class lives in the test classes.
        ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(System.getProperty("java.class.path"),
                CliHost.class.getName(), List.of(), List.of()));
        pb.environment().keySet().removeIf(k -> k.startsWith("BATON_"));
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        process = ChildJvm.start(pb);
        requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("cli-host-reader").start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith(MARKER)) {
                        answers.add(line.substring(MARKER.length()));
                    }
                }
            } catch (IOException e) {
                // the host went away; run() reports it
            }
        });
    }

    /** Runs {@code baton args} in the host and returns what it printed and its exit code. */
    synchronized ChildJvm.Result run(Duration timeout, String... args) {
        try {
            requests.write(JSON.writeValueAsString(args) + "\n");
            requests.flush();
            String answer = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer == null) {
                throw new AssertionError("baton " + String.join(" ", args) + " gave no answer within " + timeout
                        + (process.isAlive() ? "" : "; the CLI host exited with " + process.exitValue()));
            }
            JsonNode result = JSON.readTree(answer);
            return new ChildJvm.Result(result.path("exit").asInt(), result.path("out").asText(), result.path("err").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("the CLI host is gone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** The child's side: reads command lines, runs each through {@link Main#run}, answers on stdout. */
    public static void main(String[] ignored) throws IOException {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            List<String> args = new ArrayList<>();
            JSON.readTree(line).forEach(a -> args.add(a.asText()));
            var out = new ByteArrayOutputStream();
            var err = new ByteArrayOutputStream();
            int exit;
            try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                System.setOut(o);
                System.setErr(e);
                try {
                    exit = Main.run(args.toArray(String[]::new));
                } catch (Throwable t) {
                    t.printStackTrace(e); // what the JVM would print for an uncaught exception
                    exit = 1;
                } finally {
                    System.out.flush();
                    System.err.flush();
                    System.setOut(stdout);
                    System.setErr(stderr);
                }
            }
            ObjectNode answer = JSON.createObjectNode().put("exit", exit)
                    .put("out", out.toString(StandardCharsets.UTF_8)).put("err", err.toString(StandardCharsets.UTF_8));
            stdout.println(MARKER + JSON.writeValueAsString(answer));
            stdout.flush();
        }
    }
}
