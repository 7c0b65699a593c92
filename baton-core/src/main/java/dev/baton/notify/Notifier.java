package dev.baton.notify;

import dev.baton.lock.BadRequestException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baton's notifications: the one entry point {@link #publish(Notice)} through which every part raises one, the
 * channels and rules operators set up, and the durable outbox that sends.
 *
 * <h2>The outbox</h2>
 * <ul>
 *   <li>A notice is stored, with one outbox entry per matching rule, before anything is sent; a notice whose
 *       dedupe key is stored already (the same failure seen twice, the same stale holder found by two servers)
 *       is dropped in the same transaction, so each occurrence is told once.</li>
 *   <li>{@link #sendDue()}, run periodically by every server, claims a due message (one entry, or a digest's
 *       entries) with a compare-and-set that gives it a lease, sends it, and marks it sent. Two servers sharing
 *       one store never send the same message twice at once; a server killed while sending leaves the claim to
 *       run out, and the message is sent after the lease. Delivery is therefore at least once: a server killed
 *       after the far side accepted but before it marked the message sent sends it again (a webhook receiver can
 *       drop the repeat by its {@code X-Baton-Delivery} header).</li>
 *   <li>A failed send is tried again after {@link NotifierSettings#backoff}, doubling; after
 *       {@link NotifierSettings#maxAttempts()} tries it is kept as a dead letter ({@link #failed}), which an
 *       operator can {@link #retry}.</li>
 *   <li>A digest rule's entries are due at the end of their hour or day (UTC) and go out as one message.</li>
 * </ul>
 * Channel secrets are stored as they are (they must be usable) and never appear in what this class logs or in a
 * {@link Channel}'s {@code toString}.
 */
public final class Notifier {

    private static final System.Logger log = System.getLogger(Notifier.class.getName());
    /** Batches claimed per {@link #sendDue()} call. */
    static final int BATCHES_PER_ROUND = 50;

    private final NotifyStore store;
    private final ChannelTransport transport;
    private final NotificationKinds kinds;
    private final NotifierSettings settings;
    private final InstantSource clock;
    private final String serverId = UUID.randomUUID().toString();
    private final AtomicLong claims = new AtomicLong();

    public Notifier(NotifyStore store, ChannelTransport transport, NotificationKinds kinds, NotifierSettings settings,
                    InstantSource clock) {
        this.store = store;
        this.transport = transport;
        this.kinds = kinds;
        this.settings = settings;
        this.clock = clock;
    }

    public NotificationKinds kinds() {
        return kinds;
    }

    /**
     * Raises a notification: stores it with an outbox entry per matching rule, unless its dedupe key is known.
     * Returns whether it was new. Durable when this returns; sent later by {@link #sendDue()}.
     */
    public boolean publish(Notice notice) {
        kinds.require(notice.kind());
        Instant now = now();
        List<Delivery> deliveries = new ArrayList<>();
        for (Rule rule : store.rules()) {
            if (rule.matches(notice)) {
                deliveries.add(delivery(rule, notice, now));
            }
        }
        return store.publish(notice, deliveries, now);
    }

    /**
     * Raises a notification for one rule only, when it matches: for the kinds each rule hears of at its own
     * threshold, where one rule's crossing is an occurrence of its own (its dedupe key names the rule). Returns
     * whether it was new.
     */
    public boolean publish(Notice notice, Rule rule) {
        kinds.require(notice.kind());
        if (!rule.matches(notice)) {
            return false;
        }
        Instant now = now();
        return store.publish(notice, List.of(delivery(rule, notice, now)), now);
    }

    /** Which of these dedupe keys are stored already: told occurrences. */
    public Set<String> known(Collection<String> dedupeKeys) {
        return dedupeKeys.isEmpty() ? Set.of() : store.knownKeys(dedupeKeys);
    }

    private static Delivery delivery(Rule rule, Notice notice, Instant now) {
        Instant due = rule.frequency().due(now);
        String batch = rule.frequency() == Frequency.IMMEDIATELY
                ? "r" + rule.id() + ":" + notice.dedupeKey()
                : "r" + rule.id() + ":" + rule.frequency().wireName() + ":" + due.toEpochMilli();
        return new Delivery(rule.id(), rule.channelId(), batch, due);
    }

    /**
     * Sends what is due, a message at a time, each under a claim; returns how many messages went out. Safe on
     * any number of servers at once.
     */
    public int sendDue() {
        int sent = 0;
        for (String batch : store.dueBatches(now(), BATCHES_PER_ROUND)) {
            Instant now = now();
            String token = serverId + ":" + claims.incrementAndGet();
            List<OutboxEntry> claimed = store.claim(batch, token, now, now.plus(settings.lease()));
            if (claimed.isEmpty()) {
                continue; // another server was first
            }
            if (send(batch, token, claimed)) {
                sent++;
            }
        }
        return sent;
    }

    private boolean send(String batch, String token, List<OutboxEntry> entries) {
        OutboxEntry first = entries.stream().min(Comparator.comparingLong(OutboxEntry::id)).orElseThrow();
        int attempts = entries.stream().mapToInt(OutboxEntry::attempts).max().orElse(0) + 1;
        Optional<Channel> channel = store.channel(first.channelId());
        if (channel.isEmpty()) {
            store.markFailed(batch, token, "the channel was removed", now(), true);
            return false;
        }
        try {
            transport.send(channel.get(), message(batch, first.id(), entries));
            store.markSent(batch, token, now());
            return true;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            boolean dead = attempts >= settings.maxAttempts();
            store.markFailed(batch, token, why, now().plus(settings.backoff(attempts)), dead);
            log.log(System.Logger.Level.WARNING, "notification {0} on channel {1} failed (try {2} of {3}){4}: {5}",
                    "outbox-" + first.id(), channel.get().name(), attempts, settings.maxAttempts(),
                    dead ? ", kept as a dead letter" : "", why);
            return false;
        }
    }

    private static Message message(String batch, long firstId, List<OutboxEntry> entries) {
        List<Notice> notices = entries.stream().sorted(Comparator.comparing((OutboxEntry e) -> e.notice().at())
                .thenComparingLong(OutboxEntry::id)).map(OutboxEntry::notice).toList();
        String deliveryId = "outbox-" + firstId;
        String[] parts = batch.split(":", 3);
        if (parts.length == 3 && (parts[1].equals("hourly") || parts[1].equals("daily"))) {
            return Message.digest(deliveryId, Frequency.parse(parts[1]), notices);
        }
        return Message.of(deliveryId, notices.getFirst());
    }

    // ------------------------------------------------------------------------------------------ channels and rules

    public Channel addChannel(Channel channel) {
        return store.addChannel(channel, now());
    }

    public List<Channel> channels() {
        return store.channels();
    }

    public Optional<Channel> channel(long id) {
        return store.channel(id);
    }

    public boolean removeChannel(long id) {
        return store.removeChannel(id);
    }

    /** Sends a test message on the channel now, bypassing the outbox; throws {@link DeliveryException} when it fails. */
    public void testChannel(long id) {
        Channel channel = store.channel(id).orElseThrow(() -> new BadRequestException("no channel with id " + id));
        Notice n = new Notice("baton.test", null, "Test message from Baton",
                "This is a test of the notification channel '" + channel.name() + "'. Nothing needs doing.",
                "test:" + UUID.randomUUID(), now());
        transport.send(channel, Message.of("test-" + UUID.randomUUID(), n));
    }

    /**
     * Stores a rule after checking its kinds are known, that a threshold is set only on kinds that take one, and
     * that its channel exists.
     */
    public Rule addRule(Rule rule) {
        rule.kinds().forEach(kinds::require);
        if (rule.after() != null) {
            List<String> without = rule.kinds().stream().filter(k -> !kinds.takesThreshold(k)).sorted().toList();
            if (!without.isEmpty()) {
                throw new BadRequestException("a threshold ('after', --after) applies only to "
                        + String.join(" and ", kinds.thresholdKinds()) + "; " + String.join(", ", without)
                        + (without.size() == 1 ? " takes" : " take") + " none: put " + (without.size() == 1 ? "it" : "them")
                        + " in a rule of " + (without.size() == 1 ? "its" : "their") + " own, without a threshold");
            }
        }
        if (store.channel(rule.channelId()).isEmpty()) {
            throw new BadRequestException("no channel with id " + rule.channelId() + "; list them with 'baton notify channel list'");
        }
        return store.addRule(rule, now());
    }

    public List<Rule> rules() {
        return store.rules();
    }

    public boolean removeRule(long id) {
        return store.removeRule(id);
    }

    // ------------------------------------------------------------------------------------------------ the outbox

    /** Outbox entries newest first; {@code state} null for all. */
    public List<OutboxEntry> outbox(OutboxState state, Long before, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadRequestException("limit must be between 1 and 1000");
        }
        return store.outbox(state, before, limit);
    }

    /** The dead letters, newest first: sends given up after their last try. For the console and the API. */
    public List<OutboxEntry> failed(int limit) {
        return outbox(OutboxState.DEAD, null, limit);
    }

    /** Entries per state, every state present. */
    public Map<OutboxState, Long> counts() {
        Map<OutboxState, Long> counts = new java.util.EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            counts.put(s, 0L);
        }
        counts.putAll(store.outboxCounts());
        return counts;
    }

    /** Sends a dead letter again (with its whole message), from its first try; false when it is not a dead letter. */
    public boolean retry(long entryId) {
        return store.retry(entryId, now());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
