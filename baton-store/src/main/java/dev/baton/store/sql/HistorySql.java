package dev.baton.store.sql;

import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.Protocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SQL of one page of the fleet-wide history ({@link EventQuery}), the same on SQLite and PostgreSQL.
 *
 * <p>Every filter column has an index that ends in the event id (migration V9: {@code (lock_name, id)},
 * {@code (holder, id)}, {@code (type, id)}, {@code (protocol, id)}), so a page with one equality filter is a walk
 * backwards along that index from {@code before}, stopping after {@code limit} rows: a rare holder reads only its
 * own rows, and page 10,000 costs what page 1 does. Several types would make the index walk an {@code IN} whose
 * rows come out of order, to be sorted whole; so each type is a walk of its own, limited, and the pages are merged
 * ({@code UNION ALL}, then the newest {@code limit}).
 *
 * <p>A time range would be a walk of the time index that yields its rows by time, all of them to be sorted by id:
 * a month of events for a page of fifty. Instead the range is turned into bounds on the id, each found by one step
 * of the time index: events are numbered as they are written and stamped when they are decided, so an event stamped
 * after {@code to + }{@link #CLOCK_SKEW} has an id above every event stamped before {@code to}, and likewise below
 * {@code from}. The page is then a walk of the id (or of a filter's index) between those bounds, which reads at most
 * the events of two skew windows besides the page. This holds while servers sharing a store keep their clocks within
 * {@link #CLOCK_SKEW} of each other (NTP keeps them within milliseconds).
 */
public final class HistorySql {

    /** How far apart the clocks of servers sharing one store may be for time ranges to be exact. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final String sql;
    private final Map<String, Object> arguments;

    private HistorySql(String sql, Map<String, Object> arguments) {
        this.sql = sql;
        this.arguments = arguments;
    }

    /**
     * The page of {@code query}, one row more than its limit so the caller knows whether another page follows.
     *
     * @param beforeId the lowest of {@code query.before()} and {@link #UPPER_ID} of {@code query.to()}
     * @param afterId  {@link #LOWER_ID} of {@code query.from()}, or 0; used only with {@code from}
     */
    public static HistorySql page(EventQuery query, long beforeId, long afterId) {
        Map<String, Object> args = new TreeMap<>();
        StringBuilder where = new StringBuilder("id < :before");
        args.put("before", beforeId);
        if (query.lock() != null) {
            where.append(" AND lock_name = :lock");
            args.put("lock", query.lock());
        }
        if (query.holder() != null) {
            where.append(" AND holder = :holder");
            args.put("holder", query.holder());
        }
        Protocol protocol = query.protocol();
        if (protocol != null) {
            where.append(" AND protocol = :protocol");
            args.put("protocol", protocol.wireName());
        }
        // The time is compared as "+at", an expression, so no engine walks the time index for it and sorts the
        // whole range; the caller turned the range into bounds on the id (see the class comment).
        if (query.to() != null) {
            where.append(" AND +at < :to");
            args.put("to", query.to().toEpochMilli());
        }
        if (query.from() != null) {
            where.append(" AND +at >= :from AND id > :after");
            args.put("from", query.from().toEpochMilli());
            args.put("after", afterId);
        }
        args.put("limit", query.limit() + 1);
        String select = "SELECT * FROM lock_events WHERE ";
        String order = " ORDER BY id DESC LIMIT :limit";
        List<EventType> types = new ArrayList<>();
        for (EventType t : EventType.values()) {
            if (query.types().contains(t)) {
                types.add(t);
            }
        }
        if (types.isEmpty()) {
            return new HistorySql(select + where + order, args);
        }
        if (types.size() == 1) {
            args.put("type0", types.getFirst().wireName());
            return new HistorySql(select + where + " AND type = :type0" + order, args);
        }
        StringBuilder union = new StringBuilder();
        for (int i = 0; i < types.size(); i++) {
            args.put("type" + i, types.get(i).wireName());
            union.append(i == 0 ? "" : " UNION ALL ").append("SELECT * FROM (").append(select).append(where)
                    .append(" AND type = :type").append(i).append(order).append(") t").append(i);
        }
        return new HistorySql(union + order, args);
    }

    /** The page of {@code query} without time bounds on the id (tests: a query without from and to). */
    public static HistorySql page(EventQuery query) {
        return page(query, query.before() == null ? Long.MAX_VALUE : query.before(), 0);
    }

    /**
     * An id above every event stamped before {@code :time} (bind {@code to + CLOCK_SKEW}): the first event by time
     * at or after it, found by one step of the time index; no row means every event may be before {@code to}.
     */
    public static final String UPPER_ID = "SELECT id FROM lock_events WHERE at >= :time ORDER BY at LIMIT 1";
    /** An id below every event stamped at or after {@code :time} (bind {@code from - CLOCK_SKEW}); no row: 0. */
    public static final String LOWER_ID = "SELECT id FROM lock_events WHERE at < :time ORDER BY at DESC LIMIT 1";

    public String sql() {
        return sql;
    }

    /** Named arguments of {@link #sql()}. */
    public Map<String, Object> arguments() {
        return arguments;
    }
}
