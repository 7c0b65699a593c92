package dev.baton.agent.script;

import java.nio.file.Path;

/** A file in a script directory that will not run, and why (always logged: nothing is skipped silently). */
public record SkippedFile(Path path, String reason) {
    @Override
    public String toString() {
        return path + ": " + reason;
    }
}
