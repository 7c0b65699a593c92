package dev.baton.agent.script;

import java.nio.file.Path;
import java.util.List;

/**
 * What a script directory holds: the scripts that will run, in order, and the files skipped with the reason.
 *
 * @param missing the directory does not exist (the phase has no scripts)
 */
public record ScriptScan(Path dir, boolean missing, List<Script> scripts, List<SkippedFile> skipped) {

    public ScriptScan {
        scripts = List.copyOf(scripts);
        skipped = List.copyOf(skipped);
    }

    public static ScriptScan none(Path dir) {
        return new ScriptScan(dir, true, List.of(), List.of());
    }
}
