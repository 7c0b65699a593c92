package dev.baton.progress;

import java.time.Instant;

/**
 * One step of an agent run on a host, as the agent reported it: a phase started, a script finished,
 * the lock was taken, the run failed.
 *
 * @param id         assigned by the store, increasing; 0 before it is stored
 * @param host       the holder name the agent locks as (usually its FQDN)
 * @param runId      one agent pass; all steps of a pass share it
 * @param status     what happened, e.g. {@code started}, {@code ok}, {@code failed}, {@code lock_acquired}
 * @param exitCode   a script's exit code, if the step was a script
 * @param at         when it happened, by the host's clock
 * @param receivedAt when the server stored it, by the server's clock
 */
public record RunReport(long id, String host, String runId, String phase, String script, String status,
                        Integer exitCode, String message, Instant at, Instant receivedAt) {
}
