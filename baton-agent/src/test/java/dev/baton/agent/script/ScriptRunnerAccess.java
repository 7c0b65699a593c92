package dev.baton.agent.script;

/** Lets tests outside the package kill a process group the way the runner does. */
public final class ScriptRunnerAccess {
    private ScriptRunnerAccess() {
    }

    public static void killGroup(long pgid) {
        ProcessGroup.signal("KILL", pgid);
    }
}
