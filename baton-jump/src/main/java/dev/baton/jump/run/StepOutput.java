package dev.baton.jump.run;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The output of the line a host runs: each line goes to the host's log at once, the last {@link JumpStep#MAX_OUTPUT}
 * characters are kept for the step's record, and what was seen so far is saved to the store at most every
 * {@code interval} (at the first line at once), so an interrupted line's output can be shown.
 */
final class StepOutput implements Consumer<String> {

    private final HostLog log;
    private final Consumer<String> save;
    private final long intervalNanos;
    private final StringBuilder tail = new StringBuilder();
    private long lastSave;

    StepOutput(HostLog log, Consumer<String> save, Duration interval) {
        this.log = log;
        this.save = save;
        this.intervalNanos = interval.toNanos();
        this.lastSave = System.nanoTime() - intervalNanos;
    }

    @Override
    public synchronized void accept(String line) {
        log.line(line);
        tail.append(line).append('\n');
        if (tail.length() > 2 * JumpStep.MAX_OUTPUT) {
            tail.delete(0, tail.length() - JumpStep.MAX_OUTPUT);
        }
        long now = System.nanoTime();
        if (now - lastSave >= intervalNanos) {
            lastSave = now;
            save.accept(text());
        }
    }

    synchronized String text() {
        return JumpStep.tail(tail.toString());
    }
}
