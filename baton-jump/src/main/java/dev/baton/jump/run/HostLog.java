package dev.baton.jump.run;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A host's log file ({@code %_LOGFILE%}), appended to and flushed line by line, so that what a host printed before a
 * crash is on disk. A log that cannot be written does not stop the host: the store keeps each line's output too, and
 * the first failure is reported once on standard error.
 */
final class HostLog implements AutoCloseable {

    private final Path file;
    private BufferedWriter out;
    private boolean broken;

    HostLog(Path file) {
        this.file = file;
    }

    synchronized void line(String text) {
        if (broken) {
            return;
        }
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            out.write(text);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            broken = true;
            System.err.println("jump: cannot write the host log " + file + ": " + e.getMessage()
                    + " (the store keeps each line's output)");
        }
    }

    /** A line of Baton's own, with the time: what ran, how it ended. */
    void note(String text) {
        line("# " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + text);
    }

    @Override
    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // flushed after every line already
            }
            out = null;
        }
    }
}
