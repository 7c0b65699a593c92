package dev.baton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Looks into the server's JVM with {@code jcmd} from the same JDK, and into {@code /proc}. */
final class Jvm {

    private static final Pattern HEAP = Pattern.compile("heap\\s+total (?:reserved )?(\\d+)K, committed (\\d+)K, used (\\d+)K");
    private static final Pattern HEAP_OLD = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /** Heap after a full GC: used and committed bytes, and the raw jcmd output. */
    record Heap(long usedBytes, long committedBytes, String raw) {
    }

    private Jvm() {
    }

    static Path jcmd() {
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    static String jcmd(long pid, String... command) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(jcmd().toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", command) + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** Runs a full GC in the process, then reads the heap. */
    static Heap heapAfterGc(long pid) throws IOException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP.matcher(info);
        if (m.find()) {
            return new Heap(Long.parseLong(m.group(3)) * 1024, Long.parseLong(m.group(2)) * 1024, info);
        }
        Matcher old = HEAP_OLD.matcher(info);
        if (old.find()) {
            return new Heap(Long.parseLong(old.group(2)) * 1024, Long.parseLong(old.group(1)) * 1024, info);
        }
        throw new IOException("cannot read the heap from jcmd GC.heap_info:\n" + info);
    }

    /** The first {@code lines} classes of {@code jcmd GC.class_histogram} (by bytes), with its header. */
    static String histogram(long pid, int lines) {
        try {
            String[] all = jcmd(pid, "GC.class_histogram").split("\n");
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < all.length && i <= lines + 2; i++) {
                sb.append(all[i]).append('\n');
            }
            return sb.toString();
        } catch (IOException e) {
            return "(no histogram: " + e.getMessage() + ")";
        }
    }

    /** A field of {@code /proc/PID/status} in bytes ({@code VmRSS}) or as a number ({@code Threads}); -1 when unknown. */
    static long procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    String[] f = line.substring(field.length() + 1).trim().split("\\s+");
                    long n = Long.parseLong(f[0]);
                    return f.length > 1 && f[1].equals("kB") ? n * 1024 : n;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Open file descriptors of a process, -1 when unknown. */
    static long openFiles(long pid) {
        try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
