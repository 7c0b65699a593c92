package dev.baton.agent.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's log: plain lines on stderr (for the journal, which adds its own time stamps) and, when a
 * file is configured, time-stamped lines (UTC) in that file.
 *
 * <p>Rotation is daily and done here, without a logging framework, so the agent starts fast: when the
 * file was last written on an earlier day (UTC) it is renamed to {@code <file>.YYYY-MM-DD} (that day) before
 * the first line of the new day, and only the newest {@code retention} rotated files are kept. A log file that
 * cannot be opened never stops the agent: it says so on stderr once and goes on without the file.
 *
 * <p>Thread-safe; every line is flushed, so a {@code kill -9} loses nothing already logged.
 *
 * <p>A line is written with one {@code write(2)} and time-stamped by {@link Timestamps}, without
 * {@code java.time.format}: a timer run with nothing to do is over in about 100 ms, and logs two lines per script.
 */
public final class AgentLog implements AutoCloseable {

    private final PrintStream stderr;
    private final Clock clock;
    private final Level stderrLevel;
    private final Level fileLevel;
    private final Path file;
    private final int retention;
    private OutputStream out;
    private LocalDate openDay;
    /** {@link #openDay} as days since 1970-01-01 (UTC), compared with each line's. */
    private long openEpochDay = Long.MIN_VALUE;
    private final String pid = Long.toString(ProcessHandle.current().pid());

    private AgentLog(PrintStream stderr, Clock clock, Level stderrLevel, Level fileLevel, Path file, int retention) {
        this.stderr = stderr;
        this.clock = clock;
        this.stderrLevel = stderrLevel;
        this.fileLevel = fileLevel;
        this.file = file;
        this.retention = retention;
    }

    /** A log that writes only to {@code stderr}, from {@code level} up. */
    public static AgentLog stderrOnly(PrintStream stderr, Clock clock, Level level) {
        return new AgentLog(stderr, clock, level, level, null, 0);
    }

    /**
     * A log writing to {@code stderr} and to {@code file}.
     *
     * @param retention rotated files to keep (the seeds' {@code log_retention}); 0 keeps none
     */
    public static AgentLog withFile(PrintStream stderr, Clock clock, Level level, Path file, int retention) {
        return new AgentLog(stderr, clock, level, level, file, retention);
    }

    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    public void warn(String message) {
        log(Level.WARNING, message);
    }

    public void error(String message) {
        log(Level.ERROR, message);
    }

    public boolean isDebug() {
        return fileLevel == Level.DEBUG || stderrLevel == Level.DEBUG;
    }

    public synchronized void log(Level level, String message) {
        if (level.compareTo(stderrLevel) >= 0) {
            stderr.println(switch (level) {
                case ERROR -> "error: " + message;
                case WARNING -> "warning: " + message;
                default -> message;
            });
        }
        if (file != null && level.compareTo(fileLevel) >= 0) {
            writeFile(level, message);
        }
    }

    private void writeFile(Level level, String message) {
        Instant now = clock.instant();
        long epochDay = Timestamps.epochDay(now);
        try {
            if (out == null || epochDay != openEpochDay) {
                open(LocalDate.ofEpochDay(epochDay));
                openEpochDay = openDay == null ? Long.MIN_VALUE : epochDay;
            }
            if (out == null) {
                return;
            }
            String line = Timestamps.iso(now) + " " + level + " [" + pid + "] " + message + "\n";
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            failFile(e);
        }
    }

    private void open(LocalDate today) throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        if (openDay == null && out == null && failed) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        rotateIfOld(today);
        out = new FileOutputStream(file.toFile(), true); // append; one write(2) per line, nothing buffered
        openDay = today;
    }

    private boolean failed;

    private void failFile(IOException e) {
        if (!failed) {
            stderr.println("warning: cannot write the log file " + file + " (" + e + "); logging to stderr only");
        }
        failed = true;
        out = null;
        openDay = null;
    }

    /** Renames the file to {@code file.YYYY-MM-DD} when it was last written before {@code today}, then prunes. */
    void rotateIfOld(LocalDate today) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        long writtenDay = Math.floorDiv(Files.getLastModifiedTime(file).toMillis(), 86_400_000L);
        if (writtenDay >= today.toEpochDay()) {
            return;
        }
        LocalDate written = LocalDate.ofEpochDay(writtenDay);
        Path rotated = file.resolveSibling(file.getFileName() + "." + written);
        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
        prune();
    }

    private void prune() throws IOException {
        String prefix = file.getFileName() + ".";
        List<Path> rotated = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.substring(prefix.length()).matches("\\d{4}-\\d{2}-\\d{2}");
        })) {
            files.forEach(rotated::add);
        }
        rotated.sort(null); // the dates sort by name
        for (int i = 0; i < rotated.size() - retention; i++) {
            Files.deleteIfExists(rotated.get(i));
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing left to tell
            }
            out = null;
        }
    }
}
