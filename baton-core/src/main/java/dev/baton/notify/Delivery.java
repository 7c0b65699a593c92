package dev.baton.notify;

import java.time.Instant;

/**
 * What the outbox must do with a notice for one rule: send it on the rule's channel, alone or in a digest.
 *
 * @param batchKey entries with the same key go out as one message: a notice's own key for an immediate rule,
 *                 the rule and its period for a digest
 * @param dueAt    not before then: now, or the end of the digest's period
 */
public record Delivery(long ruleId, long channelId, String batchKey, Instant dueAt) {
}
