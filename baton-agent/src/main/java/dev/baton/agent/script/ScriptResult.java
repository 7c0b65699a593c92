package dev.baton.agent.script;

import java.time.Duration;

/**
 * How a script ended.
 *
 * @param exitCode the script's exit status; 128+signal when a signal ended it; 127 when it could not be started
 * @param timedOut the time limit ran out and its process group was killed
 * @param error    why it could not be started, else null
 */
public record ScriptResult(String script, int exitCode, boolean timedOut, Duration took, String error) {

    public boolean ok() {
        return exitCode == 0 && !timedOut && error == null;
    }

    public String describe() {
        if (error != null) {
            return "could not be started: " + error;
        }
        if (timedOut) {
            return "timed out after " + took.toSeconds() + " s; its process group was killed";
        }
        return "exit code " + exitCode + " after " + took.toMillis() + " ms";
    }
}
