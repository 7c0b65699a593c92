package dev.baton.agent.script;

import java.nio.file.Path;
import java.util.List;

/**
 * What a script directory holds: the scripts that will run, in order, and the files skipped with the reason.
 *
 * @param dir     the directory; null when none is configured
 * @param missing the directory does not exist, or none is configured (no scripts)
 * @param refused why none of the directory's scripts runs although it exists (not a directory, unreadable,
 *                writable by others), else null; the same reason is among {@code skipped}, for the log
 */
public record ScriptScan(Path dir, boolean missing, String refused, List<Script> scripts, List<SkippedFile> skipped) {

    public ScriptScan {
        scripts = List.copyOf(scripts);
        skipped = List.copyOf(skipped);
    }

    public static ScriptScan none(Path dir) {
        return new ScriptScan(dir, true, null, List.of(), List.of());
    }

    static ScriptScan refused(Path dir, String why) {
        return new ScriptScan(dir, false, why, List.of(), List.of(new SkippedFile(dir, why)));
    }

    /** Why the directory's scripts cannot run ("does not exist", or {@link #refused}); null when they can. */
    public String problem() {
        return missing ? (dir == null ? "no directory is configured" : "does not exist") : refused;
    }
}
