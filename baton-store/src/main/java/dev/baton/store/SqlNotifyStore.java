package dev.baton.store;

import dev.baton.lock.BadRequestException;
import dev.baton.lock.StoreUnavailableException;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.Delivery;
import dev.baton.notify.Frequency;
import dev.baton.notify.Notice;
import dev.baton.notify.NotifyStore;
import dev.baton.notify.OutboxEntry;
import dev.baton.notify.OutboxState;
import dev.baton.notify.Rule;
import dev.baton.notify.Secret;
import dev.baton.store.sql.Rows;
import dev.baton.store.sql.SqlFailure;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Notification channels, rules and the outbox on SQL (SQLite and PostgreSQL).
 *
 * <p>A batch is claimed by one {@code UPDATE ... WHERE batch_key = ? AND state = 'pending' AND (claimed_until IS
 * NULL OR claimed_until < now)}: on SQLite the single writer runs one such update at a time; on PostgreSQL a second
 * server's update waits for the first one's row locks and then re-reads the rows, finds them claimed and changes
 * nothing. Either way a batch is claimed by one server until its lease ends.
 */
public final class SqlNotifyStore implements NotifyStore {

    private static final String ENTRY = "SELECT o.*, n.kind, n.subject, n.title, n.body, n.dedupe_key, n.at, n.webhook_body "
            + "FROM notify_outbox o JOIN notify_notices n ON n.id = o.notice_id ";

    /** Dedupe keys looked up per query: well below SQLite's and PostgreSQL's limits on bound values. */
    private static final int KEYS_PER_QUERY = 500;

    private final Database db;

    public SqlNotifyStore(Database db) {
        this.db = db;
    }

    // ------------------------------------------------------------------------------------------------ channels

    @Override
    public Channel addChannel(Channel c, Instant at) {
        long id = db.writes().inTransaction(h -> {
            var insert = h.createQuery("INSERT INTO notify_channels (name, type, host, port, starttls, username, sender, "
                            + "recipients, url, secret, created_at) VALUES (:name, :type, :host, :port, :starttls, :user, "
                            + ":sender, :recipients, :url, :secret, :at) ON CONFLICT (name) DO NOTHING RETURNING id")
                    .bind("name", c.name()).bind("type", c.config().type()).bind("at", at.toEpochMilli())
                    .bind("secret", c.config().secret().value());
            switch (c.config()) {
                case ChannelConfig.Email e -> insert.bind("host", e.host()).bind("port", e.port())
                        .bind("starttls", e.startTls()).bind("user", e.user()).bind("sender", e.from())
                        .bind("recipients", String.join(",", e.to())).bind("url", (String) null);
                case ChannelConfig.Webhook w -> insert.bind("host", (String) null).bind("port", (Integer) null)
                        .bind("starttls", (Boolean) null).bind("user", (String) null).bind("sender", (String) null)
                        .bind("recipients", (String) null).bind("url", w.url().toString());
            }
            return insert.mapTo(Long.class).findOne()
                    .orElseThrow(() -> new BadRequestException("a channel named '" + c.name() + "' exists already"));
        });
        return c.withId(id);
    }

    @Override
    public List<Channel> channels() {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM notify_channels ORDER BY id")
                .map((rs, ctx) -> channel(rs)).list()));
    }

    @Override
    public Optional<Channel> channel(long id) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM notify_channels WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> channel(rs)).findOne()));
    }

    @Override
    public boolean removeChannel(long id) {
        return db.writes().inTransaction(h -> {
            List<Long> rules = h.createQuery("SELECT id FROM notify_rules WHERE channel_id = :id ORDER BY id")
                    .bind("id", id).mapTo(Long.class).list();
            if (!rules.isEmpty()) {
                throw new BadRequestException("channel " + id + " is used by rule(s) " + rules
                        + "; remove those rules first ('baton notify rule remove ID')");
            }
            return h.createUpdate("DELETE FROM notify_channels WHERE id = :id").bind("id", id).execute() == 1;
        });
    }

    // --------------------------------------------------------------------------------------------------- rules

    @Override
    public Rule addRule(Rule r, Instant at) {
        long id = db.writes().inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM notify_channels WHERE id = :id").bind("id", r.channelId())
                    .mapTo(Long.class).one() == 0) {
                throw new BadRequestException("no channel with id " + r.channelId());
            }
            return h.createQuery("INSERT INTO notify_rules (kinds, scopes, channel_id, frequency, after_seconds, created_at) "
                            + "VALUES (:kinds, :scopes, :channel, :frequency, :after, :at) RETURNING id")
                    .bind("kinds", String.join(",", r.kinds().stream().sorted().toList()))
                    .bind("scopes", String.join(",", r.scopes())).bind("channel", r.channelId())
                    .bind("frequency", r.frequency().wireName())
                    .bind("after", r.after() == null ? null : r.after().toSeconds()).bind("at", at.toEpochMilli())
                    .mapTo(Long.class).one();
        });
        return r.withId(id);
    }

    @Override
    public List<Rule> rules() {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM notify_rules ORDER BY id")
                .map((rs, ctx) -> new Rule(rs.getLong("id"), new LinkedHashSet<>(split(rs.getString("kinds"))),
                        split(rs.getString("scopes")), rs.getLong("channel_id"), Frequency.parse(rs.getString("frequency")),
                        seconds(rs, "after_seconds")))
                .list()));
    }

    @Override
    public boolean removeRule(long id) {
        return db.writes().inTransaction(h -> h.createUpdate("DELETE FROM notify_rules WHERE id = :id")
                .bind("id", id).execute() == 1);
    }

    // -------------------------------------------------------------------------------------------------- outbox

    @Override
    public boolean publish(Notice n, List<Delivery> deliveries, Instant at) {
        return db.writes().inTransaction(h -> {
            Optional<Long> id = h.createQuery("INSERT INTO notify_notices (kind, subject, title, body, dedupe_key, at, "
                            + "created_at, webhook_body) VALUES (:kind, :subject, :title, :body, :key, :at, :created, "
                            + ":webhookBody) "
                            + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id")
                    .bind("kind", n.kind()).bind("subject", n.subject()).bind("title", n.title()).bind("body", n.body())
                    .bind("key", n.dedupeKey()).bind("at", n.at().toEpochMilli()).bind("created", at.toEpochMilli())
                    .bind("webhookBody", n.webhookBody()).mapTo(Long.class).findOne();
            if (id.isEmpty()) {
                return false;
            }
            for (Delivery d : deliveries) {
                h.createUpdate("INSERT INTO notify_outbox (notice_id, rule_id, channel_id, batch_key, state, attempts, "
                                + "next_attempt_at, created_at) VALUES (:notice, :rule, :channel, :batch, 'pending', 0, :due, :at)")
                        .bind("notice", id.get()).bind("rule", d.ruleId()).bind("channel", d.channelId())
                        .bind("batch", d.batchKey()).bind("due", d.dueAt().toEpochMilli()).bind("at", at.toEpochMilli())
                        .execute();
            }
            return true;
        });
    }

    @Override
    public Set<String> knownKeys(Collection<String> dedupeKeys) {
        List<String> keys = List.copyOf(new LinkedHashSet<>(dedupeKeys));
        Set<String> known = new HashSet<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            known.addAll(reading(() -> db.jdbi().withHandle(h -> h.createQuery(
                            "SELECT dedupe_key FROM notify_notices WHERE dedupe_key IN (<keys>)")
                    .bindList("keys", chunk).mapTo(String.class).list())));
        }
        return known;
    }

    @Override
    public List<String> dueBatches(Instant now, int limit) {
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery("SELECT batch_key FROM notify_outbox "
                        + "WHERE state = 'pending' AND next_attempt_at <= :now AND (claimed_until IS NULL OR claimed_until < :now) "
                        + "GROUP BY batch_key ORDER BY MIN(id) LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(String.class).list()));
    }

    @Override
    public List<OutboxEntry> claim(String batchKey, String token, Instant now, Instant until) {
        int claimed = db.writes().inTransaction(h -> h.createUpdate("UPDATE notify_outbox SET claimed_by = :token, "
                        + "claimed_until = :until WHERE batch_key = :batch AND state = 'pending' AND next_attempt_at <= :now "
                        + "AND (claimed_until IS NULL OR claimed_until < :now)")
                .bind("token", token).bind("until", until.toEpochMilli()).bind("batch", batchKey)
                .bind("now", now.toEpochMilli()).execute());
        if (claimed == 0) {
            return List.of();
        }
        return reading(() -> db.jdbi().withHandle(h -> h.createQuery(ENTRY
                        + "WHERE o.batch_key = :batch AND o.claimed_by = :token AND o.state = 'pending' ORDER BY o.id")
                .bind("batch", batchKey).bind("token", token).map((rs, ctx) -> entry(rs)).list()));
    }

    @Override
    public void markSent(String batchKey, String token, Instant at) {
        db.writes().inTransaction(h -> h.createUpdate("UPDATE notify_outbox SET state = 'sent', sent_at = :at, "
                        + "attempts = attempts + 1, last_error = NULL, claimed_until = NULL "
                        + "WHERE batch_key = :batch AND claimed_by = :token AND state = 'pending'")
                .bind("at", at.toEpochMilli()).bind("batch", batchKey).bind("token", token).execute());
    }

    @Override
    public void markFailed(String batchKey, String token, String error, Instant nextAttempt, boolean dead) {
        String why = error.length() > 1000 ? error.substring(0, 1000) : error;
        db.writes().inTransaction(h -> h.createUpdate("UPDATE notify_outbox SET state = :state, attempts = attempts + 1, "
                        + "last_error = :error, next_attempt_at = :next, claimed_until = NULL "
                        + "WHERE batch_key = :batch AND claimed_by = :token AND state = 'pending'")
                .bind("state", dead ? "dead" : "pending").bind("error", why).bind("next", nextAttempt.toEpochMilli())
                .bind("batch", batchKey).bind("token", token).execute());
    }

    @Override
    public List<OutboxEntry> outbox(OutboxState state, Long before, int limit) {
        return reading(() -> db.jdbi().withHandle(h -> {
            var query = h.createQuery(ENTRY + "WHERE o.id < :before " + (state == null ? "" : "AND o.state = :state ")
                            + "ORDER BY o.id DESC LIMIT :limit")
                    .bind("before", before == null ? Long.MAX_VALUE : before).bind("limit", limit);
            if (state != null) {
                query.bind("state", state.wireName());
            }
            return query.map((rs, ctx) -> entry(rs)).list();
        }));
    }

    @Override
    public Map<OutboxState, Long> outboxCounts() {
        return reading(() -> db.jdbi().withHandle(h -> {
            Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
            h.createQuery("SELECT state, COUNT(*) AS n FROM notify_outbox GROUP BY state")
                    .map((rs, ctx) -> Map.entry(OutboxState.fromWire(rs.getString("state")), rs.getLong("n")))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return counts;
        }));
    }

    @Override
    public boolean retry(long entryId, Instant now) {
        return db.writes().inTransaction(h -> {
            Optional<String> batch = h.createQuery("SELECT batch_key FROM notify_outbox WHERE id = :id AND state = 'dead'")
                    .bind("id", entryId).mapTo(String.class).findOne();
            batch.ifPresent(b -> h.createUpdate("UPDATE notify_outbox SET state = 'pending', attempts = 0, "
                            + "next_attempt_at = :now, claimed_until = NULL WHERE batch_key = :batch AND state = 'dead'")
                    .bind("now", now.toEpochMilli()).bind("batch", b).execute());
            return batch.isPresent();
        });
    }

    // ------------------------------------------------------------------------------------------------- mapping

    private static Channel channel(ResultSet rs) throws SQLException {
        Secret secret = new Secret(rs.getString("secret"));
        ChannelConfig config = switch (rs.getString("type")) {
            case "email" -> new ChannelConfig.Email(rs.getString("host"), rs.getInt("port"), rs.getBoolean("starttls"),
                    rs.getString("username"), secret, rs.getString("sender"), split(rs.getString("recipients")));
            case "webhook" -> new ChannelConfig.Webhook(URI.create(rs.getString("url")), secret);
            default -> throw new IllegalStateException("unknown channel type in the store: " + rs.getString("type"));
        };
        return new Channel(rs.getLong("id"), rs.getString("name"), config);
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        Notice notice = new Notice(rs.getString("kind"), rs.getString("subject"), rs.getString("title"),
                rs.getString("body"), rs.getString("dedupe_key"), Rows.instant(rs, "at"), rs.getString("webhook_body"));
        return new OutboxEntry(rs.getLong("id"), notice, rs.getLong("rule_id"), rs.getLong("channel_id"),
                rs.getString("batch_key"), OutboxState.fromWire(rs.getString("state")), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), rs.getString("last_error"), Rows.instant(rs, "sent_at"),
                Rows.instant(rs, "created_at"));
    }

    private static Duration seconds(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Duration.ofSeconds(value);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static <T> T reading(Supplier<T> read) {
        try {
            return read.get();
        } catch (JdbiException e) {
            throw new StoreUnavailableException("store read failed: " + SqlFailure.rootMessage(e), e);
        }
    }
}
