package dev.baton.jump.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A command's output stream (standard output and error share one): cuts the bytes into lines as they arrive, hands
 * each line to a consumer (without its line end, a trailing carriage return dropped) and keeps the last
 * {@link CommandResult#TAIL_LIMIT} characters. Synchronized: MINA may write from more than one I/O thread.
 */
final class OutputLines extends OutputStream {

    private final Consumer<String> consumer;
    private final Predicate<String> hidden;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final StringBuilder tail = new StringBuilder();

    OutputLines(Consumer<String> consumer) {
        this(consumer, line -> false);
    }

    /** @param hidden lines for the session itself (it sees them first), left out of the output and the tail */
    OutputLines(Consumer<String> consumer, Predicate<String> hidden) {
        this.consumer = consumer;
        this.hidden = hidden;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                line.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        line.write(b, start, off + len - start);
    }

    /** Hands out a last line without line end, if any. */
    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }

    /** The last {@link CommandResult#TAIL_LIMIT} characters of what was written, lines ended by {@code \n}. */
    synchronized String tail() {
        StringBuilder all = new StringBuilder(tail);
        if (line.size() > 0) {
            all.append(line.toString(StandardCharsets.UTF_8));
        }
        return all.length() <= CommandResult.TAIL_LIMIT ? all.toString()
                : all.substring(all.length() - CommandResult.TAIL_LIMIT);
    }

    private void emit() {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (hidden.test(text)) {
            return;
        }
        tail.append(text).append('\n');
        if (tail.length() > 2 * CommandResult.TAIL_LIMIT) {
            tail.delete(0, tail.length() - CommandResult.TAIL_LIMIT);
        }
        consumer.accept(text);
    }
}
