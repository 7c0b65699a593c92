package dev.baton.notify;

import java.time.Instant;

/**
 * One notice to send on one channel for one rule, as the outbox holds it.
 *
 * @param attempts      sends tried so far
 * @param nextAttemptAt when the sender may try (again)
 * @param lastError     why the last try failed, or null
 */
public record OutboxEntry(long id, Notice notice, long ruleId, long channelId, String batchKey, OutboxState state,
                          int attempts, Instant nextAttemptAt, String lastError, Instant sentAt, Instant createdAt) {
}
