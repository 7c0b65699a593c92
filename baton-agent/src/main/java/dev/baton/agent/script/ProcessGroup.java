package dev.baton.agent.script;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Signals to a whole process group ({@code kill -s SIGNAL -- -PGID}): a script, its children and grandchildren.
 */
public final class ProcessGroup {

    private ProcessGroup() {
    }

    /**
     * Ends group {@code pgid} the way a time limit does: {@code SIGTERM} to the group, then, if anything of it is
     * still alive after {@code grace}, {@code SIGKILL} (a group that ignores TERM still dies).
     */
    public static void terminate(long pgid, Duration grace) {
        signal("TERM", pgid);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && alive(pgid)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (alive(pgid)) {
            signal("KILL", pgid);
        }
    }

    /** Sends a signal to every process of group {@code pgid}; true when kill(1) succeeded. */
    static boolean signal(String signal, long pgid) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether any process of group {@code pgid} is still alive ({@code kill -0}). */
    static boolean alive(long pgid) {
        return signal("0", pgid);
    }
}
