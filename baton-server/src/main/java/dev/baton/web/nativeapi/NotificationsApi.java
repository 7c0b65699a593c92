package dev.baton.web.nativeapi;

import dev.baton.web.Answers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.auth.Permission;
import dev.baton.auth.Principal;
import dev.baton.lock.BadRequestException;
import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.DeliveryException;
import dev.baton.notify.Frequency;
import dev.baton.notify.Notifier;
import dev.baton.notify.OutboxEntry;
import dev.baton.notify.OutboxState;
import dev.baton.notify.Rule;
import dev.baton.notify.Secret;
import dev.baton.web.ApiError;
import dev.baton.web.AuditLog;
import dev.baton.web.HolderGate;
import dev.baton.web.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifications under {@code /api/v3/notifications}: the kinds rules may name, channels (a channel's secret is
 * answered only as {@code password_set} / {@code secret_set}), rules, and the outbox with its dead letters. Changing
 * anything, and sending a test message, needs {@link Permission#MANAGE_NOTIFICATIONS} and is recorded in the audit
 * trail ({@code notify.*}, never with a secret); reading the kinds and the outbox needs {@link Permission#VIEW}.
 */
final class NotificationsApi {

    private static final Logger log = LoggerFactory.getLogger(NotificationsApi.class);
    private static final String BASE = NativeApi.PREFIX + "/notifications";

    private final Notifier notifier;
    private final HolderGate gate;
    private final AuditLog audit;

    NotificationsApi(Notifier notifier, HolderGate gate, AuditLog audit) {
        this.notifier = notifier;
        this.gate = gate;
        this.audit = audit;
    }

    void routes(JavalinConfig config) {
        var r = config.routes;
        r.get(BASE + "/kinds", this::kinds);
        r.get(BASE + "/channels", this::channels);
        r.post(BASE + "/channels", this::addChannel);
        r.delete(BASE + "/channels/{id}", this::removeChannel);
        r.post(BASE + "/channels/{id}/test", this::testChannel);
        r.get(BASE + "/rules", this::rules);
        r.post(BASE + "/rules", this::addRule);
        r.delete(BASE + "/rules/{id}", this::removeRule);
        r.get(BASE + "/outbox", this::outbox);
        r.post(BASE + "/outbox/{id}/retry", this::retry);
    }

    /** The caller, when it may manage notifications (channels and rules are fleet-wide: no target). */
    private Principal manager(Context ctx) {
        return gate.require(ctx, Permission.MANAGE_NOTIFICATIONS, null);
    }

    private void viewer(Context ctx) {
        gate.require(ctx, Permission.VIEW, null);
    }

    private void kinds(Context ctx) {
        viewer(ctx);
        ObjectNode body = Json.object();
        var array = body.putArray("kinds");
        notifier.kinds().all().forEach((kind, description) -> array.addObject().put("kind", kind).put("description", description));
        Answers.ok(ctx, body);
    }

    // ------------------------------------------------------------------------------------------------ channels

    private void channels(Context ctx) {
        manager(ctx);
        ObjectNode body = Json.object();
        var array = body.putArray("channels");
        notifier.channels().forEach(c -> array.add(json(c)));
        Answers.ok(ctx, body);
    }

    private void addChannel(Context ctx) {
        Principal caller = manager(ctx);
        ObjectNode body = Json.parseObject(ctx.body());
        String type = Json.text(body, "type");
        ChannelConfig config = switch (type) {
            case "email" -> new ChannelConfig.Email(Json.text(body, "host"),
                    (int) (long) orDefault(Json.optionalLong(body, "port", 1, 65535), 587L),
                    bool(body, "starttls", true), Json.optionalText(body, "user"),
                    new Secret(Json.optionalText(body, "password")), Json.text(body, "from"), strings(body, "to"));
            case "webhook" -> new ChannelConfig.Webhook(uri(Json.text(body, "url")), new Secret(Json.text(body, "secret")));
            default -> throw new BadRequestException("'type' must be email or webhook, got '" + type + "'");
        };
        Channel channel = new Channel(0, Json.text(body, "name"), config);
        Channel added = audit.begin(ctx, caller, "notify.channel.add", channel.name(), Json.optionalText(body, "reason"),
                describe(channel)).run(() -> notifier.addChannel(channel));
        log.info("notification channel {} ({}, {}) added by {}", added.id(), added.name(), type, caller.name());
        Answers.answer(ctx, 201, json(added));
    }

    private void removeChannel(Context ctx) {
        Principal caller = manager(ctx);
        long id = id(ctx);
        Channel channel = notifier.channel(id).orElseThrow(() -> ApiError.notFound("no notification channel with id " + id));
        audit.begin(ctx, caller, "notify.channel.remove", channel.name(), ctx.queryParam("reason"),
                describe(channel)).run(() -> {
                    if (!notifier.removeChannel(id)) {
                        throw ApiError.notFound("no notification channel with id " + id);
                    }
                    return true;
                });
        log.info("notification channel {} removed by {}", id, caller.name());
        Answers.ok(ctx, Json.object().put("removed", true).put("id", id));
    }

    private void testChannel(Context ctx) {
        Principal caller = manager(ctx);
        long id = id(ctx);
        if (notifier.channel(id).isEmpty()) {
            throw ApiError.notFound("no notification channel with id " + id);
        }
        try {
            notifier.testChannel(id);
        } catch (DeliveryException e) {
            throw new ApiError(502, "delivery_failed", "the test message was not delivered: " + e.getMessage());
        }
        log.info("test message sent on notification channel {} by {}", id, caller.name());
        audit.record(ctx, caller, "notify.channel.test", notifier.channel(id).map(Channel::name).orElse("#" + id), null, null);
        Answers.ok(ctx, Json.object().put("sent", true).put("id", id));
    }

    /** What the audit trail keeps of a channel: where it sends, never its secret. */
    private static String describe(Channel c) {
        return switch (c.config()) {
            case ChannelConfig.Email e -> "email via " + e.host() + ":" + e.port() + (e.startTls() ? " (STARTTLS)" : "")
                    + " to " + String.join(",", e.to());
            case ChannelConfig.Webhook w -> "webhook to " + w.url().getScheme() + "://" + w.url().getHost()
                    + (w.url().getPort() < 0 ? "" : ":" + w.url().getPort()) + w.url().getPath();
        };
    }

    static ObjectNode json(Channel c) {
        ObjectNode o = Json.object().put("id", c.id()).put("name", c.name()).put("type", c.config().type());
        switch (c.config()) {
            case ChannelConfig.Email e -> {
                o.put("host", e.host()).put("port", e.port()).put("starttls", e.startTls()).put("user", e.user())
                        .put("password_set", e.password().isSet()).put("from", e.from());
                var to = o.putArray("to");
                e.to().forEach(to::add);
            }
            case ChannelConfig.Webhook w -> o.put("url", w.url().toString()).put("secret_set", w.secret().isSet());
        }
        return o;
    }

    // --------------------------------------------------------------------------------------------------- rules

    private void rules(Context ctx) {
        manager(ctx);
        ObjectNode body = Json.object();
        var array = body.putArray("rules");
        notifier.rules().forEach(r -> array.add(json(r)));
        Answers.ok(ctx, body);
    }

    private void addRule(Context ctx) {
        Principal caller = manager(ctx);
        ObjectNode body = Json.parseObject(ctx.body());
        Set<String> kinds = new LinkedHashSet<>(strings(body, "kinds"));
        String text = Json.optionalText(body, "frequency");
        Frequency frequency = text == null ? Frequency.IMMEDIATELY : Frequency.parse(text);
        kinds.forEach(notifier.kinds()::require);
        Rule rule = new Rule(0, kinds, optionalStrings(body, "scopes"), channelId(body), frequency,
                after(Json.optionalText(body, "after")));
        Rule added = audit.begin(ctx, caller, "notify.rule.add", "rule", Json.optionalText(body, "reason"), json(rule).toString())
                .run(() -> notifier.addRule(rule), r -> "rule " + r.id(), r -> json(r).toString());
        log.info("notification rule {} ({} to channel {}) added by {}", added.id(), added.kinds(), added.channelId(), caller.name());
        Answers.answer(ctx, 201, json(added));
    }

    private void removeRule(Context ctx) {
        Principal caller = manager(ctx);
        long id = id(ctx);
        audit.begin(ctx, caller, "notify.rule.remove", "rule " + id, ctx.queryParam("reason"), null).run(() -> {
            if (!notifier.removeRule(id)) {
                throw ApiError.notFound("no notification rule with id " + id);
            }
            return true;
        });
        log.info("notification rule {} removed by {}", id, caller.name());
        Answers.ok(ctx, Json.object().put("removed", true).put("id", id));
    }

    /** {@code channel}: a channel's id, or its name. */
    private long channelId(JsonNode body) {
        JsonNode c = body.get("channel");
        if (c != null && c.canConvertToLong() && c.isIntegralNumber()) {
            return c.asLong();
        }
        if (c != null && c.isTextual()) {
            return notifier.channels().stream().filter(ch -> ch.name().equals(c.asText())).findFirst()
                    .map(Channel::id).orElseThrow(() -> new BadRequestException("no channel named '" + c.asText() + "'"));
        }
        throw new BadRequestException("'channel' is required: a channel's id or name");
    }

    /** {@code after}: an ISO-8601 duration, or absent. */
    private static Duration after(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequestException("'after' must be an ISO-8601 duration such as PT30M (30 minutes) or P3D (3 days), got '"
                    + text + "'");
        }
    }

    ObjectNode json(Rule r) {
        ObjectNode o = Json.object().put("id", r.id()).put("channel_id", r.channelId()).put("frequency", r.frequency().wireName());
        var kinds = o.putArray("kinds");
        r.kinds().stream().sorted().forEach(kinds::add);
        var scopes = o.putArray("scopes");
        r.scopes().forEach(scopes::add);
        o.put("after", r.after() == null ? null : iso(r.after()));
        var thresholds = o.putObject("thresholds");
        r.kinds().stream().filter(notifier.kinds()::takesThreshold).sorted()
                .forEach(k -> thresholds.put(k, iso(r.threshold(k, notifier.kinds()))));
        return o;
    }

    /** ISO-8601 in whole days where it is ({@code P7D}, not {@code PT168H}). */
    private static String iso(Duration d) {
        return d.toSeconds() % 86_400 == 0 ? "P" + d.toDays() + "D" : d.toString();
    }

    // -------------------------------------------------------------------------------------------------- outbox

    private void outbox(Context ctx) {
        viewer(ctx);
        String state = ctx.queryParam("state");
        OutboxState filter = null;
        if (state != null && !state.isBlank()) {
            try {
                filter = OutboxState.fromWire(state);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("'state' must be pending, sent or dead, got '" + state + "'");
            }
        }
        Long limit = Answers.queryLong(ctx, "limit");
        List<OutboxEntry> entries = notifier.outbox(filter, Answers.queryLong(ctx, "before"),
                limit == null ? 100 : (int) Math.max(0, Math.min(limit, Integer.MAX_VALUE)));
        ObjectNode body = Json.object();
        var counts = body.putObject("counts");
        notifier.counts().forEach((s, n) -> counts.put(s.wireName(), n));
        var array = body.putArray("entries");
        entries.forEach(e -> array.add(json(e)));
        Answers.ok(ctx, body);
    }

    private void retry(Context ctx) {
        Principal caller = manager(ctx);
        long id = id(ctx);
        audit.begin(ctx, caller, "notify.outbox.retry", "outbox " + id, null, null).run(() -> {
            if (!notifier.retry(id)) {
                throw ApiError.notFound("no dead letter with id " + id + "; only dead letters (state dead) can be retried");
            }
            return true;
        });
        log.info("dead letter {} put back to be sent by {}", id, caller.name());
        Answers.ok(ctx, Json.object().put("retrying", true).put("id", id));
    }

    static ObjectNode json(OutboxEntry e) {
        var n = e.notice();
        return Json.object().put("id", e.id()).put("state", e.state().wireName()).put("kind", n.kind())
                .put("subject", n.subject()).put("title", n.title()).put("dedupe_key", n.dedupeKey())
                .put("rule_id", e.ruleId()).put("channel_id", e.channelId()).put("attempts", e.attempts())
                .put("next_attempt_at", e.state() == OutboxState.PENDING ? Json.time(e.nextAttemptAt()) : null)
                .put("last_error", e.lastError()).put("sent_at", Json.time(e.sentAt()))
                .put("at", Json.time(n.at())).put("created_at", Json.time(e.createdAt()));
    }

    // ---------------------------------------------------------------------------------------------------- input

    private static long id(Context ctx) {
        String value = ctx.pathParam("id");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadRequestException("the id in the path must be a whole number, got '" + value + "'");
        }
    }

    private static <T> T orDefault(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    private static boolean bool(JsonNode body, String field, boolean otherwise) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw new BadRequestException("'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    private static List<String> strings(JsonNode body, String field) {
        List<String> values = optionalStrings(body, field);
        if (values.isEmpty()) {
            throw new BadRequestException("'" + field + "' is required: a list of one or more strings");
        }
        return values;
    }

    private static List<String> optionalStrings(JsonNode body, String field) {
        JsonNode v = body.get(field);
        List<String> values = new ArrayList<>();
        if (v == null || v.isNull()) {
            return values;
        }
        if (v.isTextual()) {
            values.add(v.asText());
            return values;
        }
        if (!v.isArray()) {
            throw new BadRequestException("'" + field + "' must be a list of strings");
        }
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new BadRequestException("'" + field + "' must be a list of strings");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new BadRequestException("'url' is not a URL: " + e.getMessage());
        }
    }
}
