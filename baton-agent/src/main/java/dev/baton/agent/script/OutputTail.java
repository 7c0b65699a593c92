package dev.baton.agent.script;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Follows a file a script writes its output to, as {@code tail -f} does, cutting it into lines ({@link OutputLines})
 * on a thread of its own, from {@link #start} until {@link #stop}, which reads what is left and ends the last line.
 */
public final class OutputTail {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Path file;
    private final long from;
    private final OutputLines lines;
    private volatile boolean stopping;
    private Thread thread;

    /**
     * @param from where to begin (0: the whole file; its size: only what comes)
     */
    public OutputTail(Path file, long from, Consumer<OutputLines.Line> sink) {
        this.file = file;
        this.from = from;
        this.lines = new OutputLines(OutputLines.MAX_LINE_BYTES, sink);
    }

    public OutputTail start(String name) {
        thread = new Thread(this::follow, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Reads the rest of the file and waits (a bounded time) for the last lines to be handed on. */
    public void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void follow() {
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(from);
            while (true) {
                boolean last = stopping; // read once more after the stop: what the script wrote before it ended
                int n = ch.read(buffer.clear());
                if (n > 0) {
                    lines.feed(buffer.array(), 0, n);
                } else if (last) {
                    break;
                } else {
                    LockSupport.parkNanos(POLL_NANOS);
                }
            }
        } catch (IOException e) {
            // the file is gone: nothing more to read
        } finally {
            lines.finish();
        }
    }
}
