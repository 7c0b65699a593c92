package dev.baton.agent.state;

import java.time.Instant;

/**
 * A script of an action phase that was started and has not been seen to end: recorded in the state before the
 * script may start, and struck out once its result is recorded. If the agent is killed meanwhile, the script goes on
 * in its own session; the next run finds it by this record and does not start it a second time beside it.
 *
 * @param script     the script's name (its label: {@code user:name} for user scripts)
 * @param pgid       its process group (and session): the pid of the small shell that runs it and records its exit
 *                   status
 * @param startTicks when that shell started, in clock ticks since boot (field 22 of {@code /proc/<pgid>/stat}), so
 *                   that a process that later got the same pid is not taken for it
 * @param bootId     the boot it runs in (null if unknown): after a reboot it is surely gone
 * @param since      when it started, for its time limit
 */
public record RunningScript(String script, long pgid, long startTicks, String bootId, Instant since) {
}
