package dev.baton.agent.state;

import java.nio.file.Path;

/**
 * The state file is not one this agent (or the seeds' clients) wrote. {@link #movedTo()} is where it was
 * kept for inspection, or null when it was left in place (read-only commands).
 */
public class StateFileException extends Exception {
    private final Path movedTo;

    public StateFileException(String message, Path movedTo) {
        super(message);
        this.movedTo = movedTo;
    }

    public Path movedTo() {
        return movedTo;
    }
}
