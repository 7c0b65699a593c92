package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.lock.EventQuery;
import dev.baton.lock.EventType;
import dev.baton.lock.Protocol;
import dev.baton.store.sql.HistorySql;
import dev.baton.store.testing.PostgresServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How each store answers a page of the history with one filter, read from its query plan on 50,000 events: through
 * an index that yields the events newest first, never by reading the whole table (a scan of the table, or all of a
 * filter's rows sorted). A page of a rare holder must cost its few rows, not the table.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HistoryPlanTest {

    private static final int EVENTS = 50_000;
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path temp;

    static List<EventQuery> singleFilters() {
        long before = 30_000;
        return List.of(
                EventQuery.all(50),
                EventQuery.all(50).before(before),
                new EventQuery("lock-7", Set.of(), null, null, null, null, before, 50),
                new EventQuery(null, Set.of(EventType.FORCE_RELEASE), null, null, null, null, before, 50),
                new EventQuery(null, Set.of(), "rare-host", null, null, null, null, 50),
                new EventQuery(null, Set.of(), "host-17", null, null, null, before, 50),
                new EventQuery(null, Set.of(), null, Protocol.FOREMAN, null, null, before, 50),
                new EventQuery(null, Set.of(), null, null, T0.plusSeconds(100), T0.plusSeconds(200), null, 50));
    }

    /** Several types: a limited walk of the type index per type, then the few rows merged. */
    static final EventQuery SEVERAL_TYPES =
            new EventQuery(null, EnumSet.of(EventType.FORCE_RELEASE, EventType.FREEZE), null, null, null, null, 30_000L, 50);

    @Test
    void sqliteReadsEveryFilteredPageThroughAnIndex() {
        try (Database db = Database.embedded(temp.resolve("data"), false)) {
            db.jdbi().useHandle(h -> h.execute("""
                    INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol)
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)
                    SELECT 'lock-' || (i %% 1000), %d + i * 10, CASE WHEN i %% 997 = 0 THEN 'force_release'
                           WHEN i %% 2 = 0 THEN 'acquire' ELSE 'release' END, 'bench',
                           CASE WHEN i %% 10007 = 0 THEN 'rare-host' ELSE 'host-' || (i %% 5000) END, NULL,
                           CASE WHEN i %% 3 = 0 THEN 'foreman' ELSE 'native' END FROM n
                    """.formatted(EVENTS, T0.toEpochMilli())));
            for (EventQuery q : singleFilters()) {
                String plan = sqlitePlan(db, q);
                assertThat(plan).as(q + "\n" + plan)
                        .doesNotContainPattern("SCAN lock_events(?! USING)")  // the whole table
                        .doesNotContain("TEMP B-TREE FOR ORDER BY");          // the whole of a filter's rows, sorted
            }
            for (String bound : List.of(HistorySql.UPPER_ID, HistorySql.LOWER_ID)) {
                String boundPlan = db.jdbi().withHandle(h -> String.join("\n", h.createQuery("EXPLAIN QUERY PLAN " + bound)
                        .bind("time", T0.toEpochMilli()).map((rs, ctx) -> rs.getString("detail")).list()));
                assertThat(boundPlan).as(bound).containsPattern("USING (COVERING )?INDEX lock_events_by_time").doesNotContain("TEMP B-TREE");
            }
            String timePlan = sqlitePlan(db, singleFilters().getLast());
            assertThat(timePlan).as("the time range walks the id between its bounds").contains("rowid>? AND rowid<?");
            String plan = sqlitePlan(db, SEVERAL_TYPES);
            assertThat(plan).doesNotContainPattern("SCAN lock_events(?! USING)")
                    .containsSubsequence("CO-ROUTINE t0", "SEARCH lock_events USING INDEX lock_events_by_type (type=? AND id<?)",
                            "CO-ROUTINE t1", "SEARCH lock_events USING INDEX lock_events_by_type (type=? AND id<?)");
        }
    }

    @Test
    void postgresReadsEveryFilteredPageThroughAnIndex() {
        try (Database db = Database.postgres(PostgresServer.shared().createDatabase())) {
            db.jdbi().useHandle(h -> {
                h.execute("""
                        INSERT INTO lock_events (lock_name, at, type, actor, holder, reason, protocol)
                        SELECT 'lock-' || (i %% 1000), %d + i * 10, CASE WHEN i %% 997 = 0 THEN 'force_release'
                               WHEN i %% 2 = 0 THEN 'acquire' ELSE 'release' END, 'bench',
                               CASE WHEN i %% 10007 = 0 THEN 'rare-host' ELSE 'host-' || (i %% 5000) END, NULL,
                               CASE WHEN i %% 3 = 0 THEN 'foreman' ELSE 'native' END FROM generate_series(1, %d) i
                        """.formatted(T0.toEpochMilli(), EVENTS));
                h.execute("ANALYZE lock_events");
            });
            List<EventQuery> queries = new java.util.ArrayList<>(singleFilters());
            queries.add(SEVERAL_TYPES);
            for (EventQuery q : queries) {
                HistorySql page = q.from() != null ? HistorySql.page(q, 20_000, 10_000) : HistorySql.page(q);
                String plan = db.jdbi().withHandle(h -> {
                    var explain = h.createQuery("EXPLAIN " + page.sql());
                    page.arguments().forEach(explain::bind);
                    return String.join("\n", explain.mapTo(String.class).list());
                });
                assertThat(plan).as(q + "\n" + plan).doesNotContain("Seq Scan");
            }
        }
    }

    private static String sqlitePlan(Database db, EventQuery q) {
        HistorySql page = q.from() != null ? HistorySql.page(q, 20_000, 10_000) : HistorySql.page(q);
        return db.jdbi().withHandle(h -> {
            var explain = h.createQuery("EXPLAIN QUERY PLAN " + page.sql());
            page.arguments().forEach(explain::bind);
            return String.join("\n", explain.map((rs, ctx) -> rs.getString("detail")).list());
        });
    }
}
