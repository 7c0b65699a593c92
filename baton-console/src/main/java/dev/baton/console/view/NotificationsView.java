package dev.baton.console.view;

import dev.baton.notify.Channel;
import dev.baton.notify.ChannelConfig;
import dev.baton.notify.NotificationKinds;
import dev.baton.notify.OutboxEntry;
import dev.baton.notify.Rule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The notifications page: the outbox's counts per state, its dead letters (sends given up after their last try, with
 * the last error), a page of the outbox, and, for those who manage notifications, the channels and rules. A channel's
 * secret is shown only as set or not set.
 *
 * @param state    the outbox's state filter ({@code pending}, {@code sent}, {@code dead}), empty for all
 * @param before   this page's cursor (an entry id), null for the newest
 * @param next     the next page's cursor, null on the last page
 * @param channels the channels, or empty when the viewer may not manage notifications
 * @param canManage whether the viewer may retry and see channels and rules
 * @param kinds    the kinds, for the thresholds of rules that set none
 */
public record NotificationsView(Map<String, Long> counts, List<OutboxEntry> dead, List<OutboxEntry> outbox, String state,
                                Long before, Long next, List<Channel> channels, List<Rule> rules, boolean canManage,
                                Instant now, NotificationKinds kinds) {

    /**
     * A rule's threshold for people: its own ({@code 30 min}), the server's default for each of its kinds that take
     * one ({@code default 7 days}), or a dash for a rule of kinds without one.
     */
    public String threshold(Rule r) {
        if (r.after() != null) {
            return Rule.describe(r.after());
        }
        List<String> defaults = r.kinds().stream().filter(kinds::takesThreshold).sorted()
                .map(k -> Rule.describe(r.threshold(k, kinds))).toList();
        return defaults.isEmpty() ? "\u2014" : "default " + String.join(" / ", defaults);
    }

    /** A channel's name by id, for the outbox and the rules; "#id" for one removed since. */
    public String channelName(long id) {
        return channels.stream().filter(c -> c.id() == id).map(Channel::name).findFirst().orElse("#" + id);
    }

    /** Where a channel sends, without its secret. */
    public static String target(Channel c) {
        return switch (c.config()) {
            case ChannelConfig.Email e -> "mail to " + String.join(", ", e.to()) + " from " + e.from() + " via " + e.host() + ":"
                    + e.port() + (e.startTls() ? " (STARTTLS)" : " (plain)") + (e.user() == null ? "" : " as " + e.user());
            case ChannelConfig.Webhook w -> "POST " + w.url();
        };
    }

    public static String secret(Channel c) {
        return c.config().secret().isSet() ? "set" : "not set";
    }

    public static String kinds(Rule r) {
        return r.kinds().stream().sorted().collect(Collectors.joining(", "));
    }

    /** This page's state filter with another cursor (null: the newest entries). */
    public String link(Long cursor) {
        return "/notifications?state=" + state + (cursor == null ? "" : "&before=" + cursor) + "#outbox";
    }
}
