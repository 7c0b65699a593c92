package dev.baton.notify;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where channels, rules and the outbox are kept. Implementations are SQL stores that several servers may share;
 * the outbox's claims are compare-and-sets, so that one message is sent by one server.
 */
public interface NotifyStore {

    /** Stores a channel; a name taken already is a {@link dev.baton.lock.BadRequestException}. */
    Channel addChannel(Channel channel, Instant at);

    List<Channel> channels();

    Optional<Channel> channel(long id);

    /** Deletes a channel no rule uses (else a {@link dev.baton.lock.BadRequestException}); false when unknown. */
    boolean removeChannel(long id);

    /** Stores a rule; its channel must exist. */
    Rule addRule(Rule rule, Instant at);

    List<Rule> rules();

    boolean removeRule(long id);

    /**
     * Stores the notice with its deliveries in one transaction, unless a notice with its dedupe key is stored
     * already. Returns whether it was new.
     */
    boolean publish(Notice notice, List<Delivery> deliveries, Instant at);

    /** Which of these dedupe keys are stored: notices told already. Any number of keys. */
    Set<String> knownKeys(Collection<String> dedupeKeys);

    /** Keys of batches with an entry pending and due at {@code now} and not under a live claim, oldest first. */
    List<String> dueBatches(Instant now, int limit);

    /**
     * Claims the pending, due, unclaimed entries of a batch for {@code token} until {@code until}, in one
     * compare-and-set; returns those this call claimed (empty when another server was first).
     */
    List<OutboxEntry> claim(String batchKey, String token, Instant now, Instant until);

    /** Marks the entries of a batch claimed by {@code token} sent. */
    void markSent(String batchKey, String token, Instant at);

    /**
     * Records a failed try of the entries claimed by {@code token}: counts it, releases the claim, and either
     * schedules the next try at {@code nextAttempt} or, with {@code dead}, gives them up.
     */
    void markFailed(String batchKey, String token, String error, Instant nextAttempt, boolean dead);

    /** Outbox entries newest first, of one state (null: all), with ids below {@code before} (null: newest). */
    List<OutboxEntry> outbox(OutboxState state, Long before, int limit);

    /** Entries per state. */
    Map<OutboxState, Long> outboxCounts();

    /** Puts a dead entry's whole batch back to pending, due now, with its tries counted from zero; false when it is not dead. */
    boolean retry(long entryId, Instant now);
}
