package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Baton server ({@code java -jar baton.jar server}) in its own JVM, as an operator runs it: port
 * 0 (the port is read from its "listening on" line), the admin password from
 * {@code BATON_ADMIN_PASSWORD}, its output in a log file.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://[^ ]+:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;
    private final Deque<String> tail;

    private ServerProcess(Process process, int port, Path log, Deque<String> tail) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.tail = tail;
    }

    /**
     * Starts the server and returns when it listens.
     *
     * @param storeUrl a PostgreSQL JDBC URL, or null for the embedded store in {@code dataDir}
     */
    static ServerProcess start(Path java, Path jar, Path dataDir, String storeUrl, String adminPassword,
                               List<String> jvmOptions, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("--enable-native-access=ALL-UNNAMED"); // as ./baton starts it
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar.toString(), "server", "--bind", "127.0.0.1", "--port", "0",
                "--data", dataDir.toString()));
        if (storeUrl != null) {
            cmd.addAll(List.of("--store", storeUrl));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("BATON_"));
        pb.environment().put("BATON_ADMIN_PASSWORD", adminPassword);
        Files.createDirectories(log.getParent());
        Process process = pb.start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread.ofPlatform().daemon().name("server-log").start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 var writer = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                writer.println("# " + String.join(" ", cmd));
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    writer.println(line);
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
            listening.completeExceptionally(new IOException("the server exited (code "
                    + process.onExit().join().exitValue() + ")"));
        });
        try {
            int port = listening.get(90, TimeUnit.SECONDS);
            return new ServerProcess(process, port, log, tail);
        } catch (Exception e) {
            process.destroyForcibly();
            String why = e instanceof TimeoutException ? "did not listen within 90 s" : String.valueOf(e.getCause());
            throw new IOException("the Baton server " + why + "; its log " + log + " ends with:\n"
                    + String.join("\n", snapshot(tail)), e);
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    String logTail() {
        return String.join("\n", snapshot(tail));
    }

    /** SIGTERM (the server closes its store), then SIGKILL if it has not exited within {@code graceSeconds}. */
    void stop(int graceSeconds) {
        process.destroy();
        try {
            if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(15);
        }
    }
}
