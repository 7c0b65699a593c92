package dev.baton.agent.script;

import java.nio.file.Path;

/**
 * One hook script that passed the checks and will run.
 *
 * @param runAs null to run as the agent's own user, else a user name (run through {@code sudo -n -u})
 */
public record Script(Path path, String name, String runAs) {

    public static Script of(Path path) {
        return new Script(path, path.getFileName().toString(), null);
    }

    /** The name used in logs and reports: the file name, prefixed with the user for user scripts. */
    public String label() {
        return runAs == null ? name : runAs + ":" + name;
    }
}
