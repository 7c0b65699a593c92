package dev.baton.agent.script;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a script's output into lines for the log, each at most {@link #maxBytes} bytes long: a line that is longer
 * keeps its first bytes (up to the last whole UTF-8 character) and says how many bytes were cut, and the lines after
 * it come through unharmed. A script that prints 25 MB without a newline costs the log one short line, and the
 * agent never holds more than one capped line in memory.
 *
 * <p>Bytes come in as they are read ({@link #feed}); a line ends at {@code \n}, {@code \r} or {@code \r\n}, as
 * {@link java.io.BufferedReader#readLine()} ends it, and {@link #finish} ends the last one if it has no newline.
 * Not thread-safe: one reader feeds it.
 */
public final class OutputLines {

    /** How much of one line is logged. */
    public static final int MAX_LINE_BYTES = 4096;

    /**
     * One line of output.
     *
     * @param text the line (its first {@code maxBytes} bytes at most), without the line end
     * @param cut  how many bytes of the line were left out; 0 for a whole line
     */
    public record Line(String text, long cut) {
        /** The line as the log shows it: the text, and when it was cut, how much was. */
        public String forLog() {
            return cut == 0 ? text : text + " [... " + cut + " more bytes of this line not logged]";
        }
    }

    private final int maxBytes;
    private final Consumer<Line> sink;
    private final byte[] line;
    private int length;
    private long cut;
    /** The last byte was {@code \r}: a {@code \n} right after it belongs to the same line end. */
    private boolean afterCr;
    /** Bytes were fed since the last line ended (an empty line before end of input is still a line). */
    private boolean open;

    public OutputLines(int maxBytes, Consumer<Line> sink) {
        this.maxBytes = maxBytes;
        this.sink = sink;
        this.line = new byte[maxBytes];
    }

    public void feed(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            byte b = bytes[i];
            if (b == '\n' && afterCr) {
                afterCr = false;
                continue;
            }
            afterCr = b == '\r';
            if (b == '\n' || b == '\r') {
                emit();
                continue;
            }
            open = true;
            if (length < maxBytes) {
                line[length++] = b;
            } else {
                cut++;
            }
        }
    }

    /** Ends the last line, when the output did not end with a line end. */
    public void finish() {
        if (open) {
            emit();
        }
    }

    private void emit() {
        int keep = length;
        if (cut > 0) {
            keep = wholeCharacters();
        }
        sink.accept(new Line(new String(line, 0, keep, StandardCharsets.UTF_8), cut + (length - keep)));
        length = 0;
        cut = 0;
        open = false;
    }

    /** How many of the kept bytes end on a character boundary (a character cut in two is left out whole). */
    private int wholeCharacters() {
        int start = length - 1;
        while (start >= 0 && start > length - 4 && (line[start] & 0xC0) == 0x80) {
            start--;
        }
        if (start < 0) {
            return length;
        }
        int lead = line[start] & 0xFF;
        int size = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + size > length ? start : length;
    }
}
